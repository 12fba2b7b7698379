"""Configuration, read from the environment variables that template.yaml sets."""

import os
import re
from dataclasses import dataclass
from functools import cache

_KEYS = (
    "TABLE_NAME",
    "SUPPORTED_LANGUAGES",
    "DEFAULT_LANGUAGE",
    "ROLE_CLAIM",
    "SIGNING_SECRET",
    "MODERATION_MODE",
    "COMMENT_RATE_PER_MINUTE",
    "COMMENT_RATE_PER_DAY",
    "REACTION_TYPES",
    "VIEW_DEDUPLICATION",
    "BOT_FILTER",
    "TRANSLATION_MONTHLY_CHARACTERS",
)
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


class ConfigurationError(RuntimeError):
    """The deployment is misconfigured; raised on first use, not at import."""


@dataclass(frozen=True)
class Settings:
    table_name: str
    languages: tuple[str, ...]
    default_language: str
    role_claim: str
    signing_secret: bytes
    moderation_mode: str  # "pre": comments wait for a moderator; "post": visible at once
    comment_rate_per_minute: int
    comment_rate_per_day: int
    reaction_types: tuple[str, ...]
    deduplicate_views: bool  # one view per visitor, article and day
    filter_bots: bool  # crawlers and link previews are not counted
    translation_budget: int  # characters a month sent to machine translation


def get_settings() -> Settings:
    # Keyed by the current values, so a changed environment (tests, the local
    # gateway hosting several functions) never sees stale settings.
    return _settings_from(tuple(os.environ.get(key, "") for key in _KEYS))


@cache
def _settings_from(values: tuple[str, ...]) -> Settings:
    (table_name, languages_csv, default_language, role_claim, signing_secret, mode, per_minute, per_day) = values[:8]
    reactions_csv, deduplicate, bots, budget = values[8:]
    reaction_types = tuple(kind.strip() for kind in (reactions_csv or "like").split(",") if kind.strip())
    if not all(re.fullmatch(r"[a-z][a-z0-9_-]{0,19}", kind) for kind in reaction_types):
        raise ConfigurationError(f"REACTION_TYPES must be short lowercase words, not {reactions_csv!r}")
    languages = tuple(code.strip() for code in languages_csv.split(",") if code.strip()) or ("de", "tr", "en")
    default_language = default_language or languages[0]
    bad = [code for code in languages if not _LANGUAGE_CODE.match(code)]
    if bad:
        raise ConfigurationError(f"SUPPORTED_LANGUAGES has invalid codes: {bad}")
    if default_language not in languages:
        raise ConfigurationError(f"DEFAULT_LANGUAGE {default_language!r} is not in SUPPORTED_LANGUAGES")
    if not table_name:
        raise ConfigurationError("TABLE_NAME is not set")
    if len(signing_secret) < 16:
        raise ConfigurationError("SIGNING_SECRET must be at least 16 characters")
    if (mode or "pre") not in ("pre", "post"):
        raise ConfigurationError(f"MODERATION_MODE must be pre or post, not {mode!r}")
    return Settings(
        table_name=table_name,
        languages=languages,
        default_language=default_language,
        role_claim=role_claim or "cognito:groups",
        signing_secret=signing_secret.encode(),
        moderation_mode=mode or "pre",
        comment_rate_per_minute=_positive(per_minute or "5", "COMMENT_RATE_PER_MINUTE"),
        comment_rate_per_day=_positive(per_day or "30", "COMMENT_RATE_PER_DAY"),
        reaction_types=reaction_types,
        deduplicate_views=_flag(deduplicate, "VIEW_DEDUPLICATION"),
        filter_bots=_flag(bots, "BOT_FILTER"),
        translation_budget=_positive(budget or "500000", "TRANSLATION_MONTHLY_CHARACTERS"),
    )


def _flag(value: str, name: str) -> bool:
    if value.lower() not in ("", "true", "false"):
        raise ConfigurationError(f"{name} must be true or false, not {value!r}")
    return value.lower() != "false"


def _positive(value: str, name: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise ConfigurationError(f"{name} must be a positive whole number, not {value!r}")
    return int(value)
