"""Configuration from the environment variables template.yaml sets: one settings object per
concern, each variable parsed once.

Each concern (here the platform's; comments, counters and translation have their own)
declares a pydantic model whose field aliases are the variable names. `load()` validates
the current values and caches the result per set of values, so a misconfiguration is a
ConfigurationError naming the variable, raised on first use, and a changed environment
(tests, the local gateway hosting several functions in one process) is seen at once.
"""

import os
import re
from functools import cache
from typing import Annotated, Any, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator, model_validator

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


class ConfigurationError(RuntimeError):
    """The deployment is misconfigured; raised on first use, not at import."""


def comma_separated(value: Any) -> Any:
    """ "de, tr ,en" → ("de", "tr", "en")."""
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    return value


CommaSeparated = Annotated[tuple[str, ...], BeforeValidator(comma_separated)]


class EnvironmentSettings(BaseModel):
    """Settings whose field aliases name environment variables; unset or empty = default."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    @classmethod
    def load(cls) -> Self:
        names = tuple(str(field.alias) for field in cls.model_fields.values())
        settings: Self = _validated(cls, tuple((name, os.environ.get(name, "")) for name in names))
        return settings


@cache
def _validated[T: EnvironmentSettings](kind: type[T], values: tuple[tuple[str, str], ...]) -> T:
    try:
        return kind.model_validate({name: value for name, value in values if value})
    except ValidationError as error:
        raise ConfigurationError("; ".join(_described(problem) for problem in error.errors())) from None


def _described(problem: Any) -> str:
    where = ".".join(str(part) for part in problem["loc"]) or "settings"
    return f"{where}: {problem['msg'].removeprefix('Value error, ')}"


class Settings(EnvironmentSettings):
    """What every function needs: the table, the languages, the staff claim, the time zone."""

    table_name: str = Field(alias="TABLE_NAME")
    languages: CommaSeparated = Field(default=("de", "tr", "en"), alias="SUPPORTED_LANGUAGES", min_length=1)
    default_language: str = Field(default="", alias="DEFAULT_LANGUAGE")
    role_claim: str = Field(default="cognito:groups", alias="ROLE_CLAIM")
    time_zone_name: str = Field(default="Europe/Berlin", alias="DISPLAY_TIME_ZONE")

    @field_validator("languages")
    @classmethod
    def _codes(cls, languages: tuple[str, ...]) -> tuple[str, ...]:
        bad = [code for code in languages if not LANGUAGE_CODE.match(code)]
        if bad:
            raise ValueError(f"SUPPORTED_LANGUAGES has invalid codes: {bad}")
        return languages

    @field_validator("time_zone_name")
    @classmethod
    def _zone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{name!r} is not an IANA time zone") from None
        return name

    @model_validator(mode="after")
    def _default_is_supported(self) -> Self:
        if not self.default_language:
            object.__setattr__(self, "default_language", self.languages[0])
        if self.default_language not in self.languages:
            raise ValueError(f"DEFAULT_LANGUAGE {self.default_language!r} is not in SUPPORTED_LANGUAGES")
        return self

    @property
    def time_zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone_name)


def get_settings() -> Settings:
    return Settings.load()


def flag(value: Any) -> Any:
    """Only "true" or "false" (any case) for on/off variables; pydantic would also take 1/yes/on."""
    if isinstance(value, str) and value.lower() not in ("true", "false"):
        raise ValueError(f"must be true or false, not {value!r}")
    return value


Flag = Annotated[bool, BeforeValidator(flag)]
