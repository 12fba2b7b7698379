import pytest

from haber.comments.settings import CommentSettings
from haber.counters.settings import CounterSettings
from haber.platform.addresses import PageSettings
from haber.platform.settings import ConfigurationError, EnvironmentSettings, Settings, get_settings
from haber.platform.signing import SigningSettings
from haber.site.settings import SiteSettings
from haber.translation.settings import TranslationSettings


@pytest.fixture(autouse=True)
def spaced_and_turkish_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPPORTED_LANGUAGES", "de, tr ,en")
    monkeypatch.setenv("DEFAULT_LANGUAGE", "tr")


def test_settings_come_from_the_environment() -> None:
    settings = get_settings()
    assert settings.languages == ("de", "tr", "en")
    assert settings.default_language == "tr"
    assert settings.table_name == "unit"


def test_a_changed_environment_is_seen_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    assert get_settings().table_name == "unit"
    monkeypatch.setenv("TABLE_NAME", "other")
    assert get_settings().table_name == "other"


@pytest.mark.parametrize(
    ("settings", "name", "value", "problem"),
    [
        (Settings, "DEFAULT_LANGUAGE", "fr", "not in SUPPORTED_LANGUAGES"),
        (Settings, "SUPPORTED_LANGUAGES", "de,TR", "invalid codes"),
        (Settings, "TABLE_NAME", "", "TABLE_NAME"),
        (CounterSettings, "READERS_PER_ADDRESS", "0", "READERS_PER_ADDRESS"),
        (CounterSettings, "REACTION_TYPES", "like,Love!", "REACTION_TYPES"),
        (CounterSettings, "BOT_FILTER", "yes", "must be true or false"),
        (CommentSettings, "MODERATION_MODE", "later", "MODERATION_MODE"),
        (CommentSettings, "COMMENT_ADDRESS_RATE_PER_DAY", "-1", "COMMENT_ADDRESS_RATE_PER_DAY"),
        (TranslationSettings, "TRANSLATION_PROVIDER", "google,babelfish", "unknown providers"),
        (TranslationSettings, "TRANSLATION_TIMEOUT_SECONDS", "0", "TRANSLATION_TIMEOUT_SECONDS"),
        (Settings, "DISPLAY_TIME_ZONE", "Europe/Atlantis", "not an IANA time zone"),
        (SigningSettings, "SIGNING_SECRET", "short", "at least 16 characters"),
        (SiteSettings, "FOLLOW_US_LINKS", "X=http://x.com/haber", "name=https://"),
        (SiteSettings, "COMMENT_RULES_URL", "javascript:alert(1)", "COMMENT_RULES_URL"),
        (PageSettings, "SITE_URL", "haber.example.com", "must start with https://"),
        (SigningSettings, "SIGNING_SECRET_ID", "haber-SigningSecret", "not both"),
    ],
)
def test_each_concern_names_its_misconfiguration(
    monkeypatch: pytest.MonkeyPatch, settings: type[EnvironmentSettings], name: str, value: str, problem: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError, match=problem):
        settings.load()


def test_concern_settings_defaults() -> None:
    assert CounterSettings.load().readers_per_address == 20
    assert CommentSettings.load().moderation_mode == "pre"
    assert TranslationSettings.load().primary is None  # no provider: nothing leaves the account


def test_a_signing_function_needs_its_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SIGNING_SECRET")
    with pytest.raises(ConfigurationError, match="SIGNING_SECRET_ID"):
        SigningSettings.load()
