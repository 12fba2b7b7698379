import pytest

from haber.platform.settings import ConfigurationError, get_settings


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
    ("name", "value", "problem"),
    [
        ("DEFAULT_LANGUAGE", "fr", "not in SUPPORTED_LANGUAGES"),
        ("SUPPORTED_LANGUAGES", "de,TR", "invalid codes"),
        ("TABLE_NAME", "", "TABLE_NAME"),
        ("SIGNING_SECRET", "short", "SIGNING_SECRET"),
    ],
)
def test_misconfiguration_is_named(monkeypatch: pytest.MonkeyPatch, name: str, value: str, problem: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError, match=problem):
        get_settings()
