"""Configuration, read from the environment variables that template.yaml sets."""

import os
import re
from dataclasses import dataclass
from functools import cache

_KEYS = ("TABLE_NAME", "SUPPORTED_LANGUAGES", "DEFAULT_LANGUAGE", "ROLE_CLAIM", "CURSOR_SECRET")
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


class ConfigurationError(RuntimeError):
    """The deployment is misconfigured; raised on first use, not at import."""


@dataclass(frozen=True)
class Settings:
    table_name: str
    languages: tuple[str, ...]
    default_language: str
    role_claim: str
    cursor_secret: bytes


def get_settings() -> Settings:
    # Keyed by the current values, so a changed environment (tests, the local
    # gateway hosting several functions) never sees stale settings.
    return _settings_from(tuple(os.environ.get(key, "") for key in _KEYS))


@cache
def _settings_from(values: tuple[str, ...]) -> Settings:
    table_name, languages_csv, default_language, role_claim, cursor_secret = values
    languages = tuple(code.strip() for code in languages_csv.split(",") if code.strip()) or ("de", "tr", "en")
    default_language = default_language or languages[0]
    bad = [code for code in languages if not _LANGUAGE_CODE.match(code)]
    if bad:
        raise ConfigurationError(f"SUPPORTED_LANGUAGES has invalid codes: {bad}")
    if default_language not in languages:
        raise ConfigurationError(f"DEFAULT_LANGUAGE {default_language!r} is not in SUPPORTED_LANGUAGES")
    if not table_name:
        raise ConfigurationError("TABLE_NAME is not set")
    if len(cursor_secret) < 16:
        raise ConfigurationError("CURSOR_SECRET must be at least 16 characters")
    return Settings(
        table_name=table_name,
        languages=languages,
        default_language=default_language,
        role_claim=role_claim or "cognito:groups",
        cursor_secret=cursor_secret.encode(),
    )
