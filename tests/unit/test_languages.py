import pytest

from haber.platform.errors import BadRequest
from haber.platform.languages import check, display_name, negotiate


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("tr-TR,tr;q=0.9,en;q=0.8", "tr"),
        ("en-GB;q=0.5, tr;q=0.9", "tr"),
        ("fr-FR,fr;q=0.9,en;q=0.3", "en"),
        ("fr,es", "de"),
        ("", "de"),
        (None, "de"),
        ("tr;q=0, en", "en"),
        ("EN-us", "en"),
        ("*", "de"),
        ("tr;q=abc, en;q=0.1", "en"),
        (";;;,,,", "de"),
    ],
)
def test_accept_language_negotiation(header: str | None, expected: str) -> None:
    assert negotiate(header) == expected


def test_unknown_languages_are_refused_naming_the_supported_ones() -> None:
    with pytest.raises(BadRequest) as refused:
        check("fr")
    assert refused.value.code == "unsupported_language"
    assert "de, tr, en" in refused.value.message


def test_adding_a_language_is_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPPORTED_LANGUAGES", "de,tr,en,fr")
    assert check("fr") == "fr"
    assert negotiate("fr-CA") == "fr"
    assert display_name("fr") == "Français"


def test_languages_are_named_in_themselves() -> None:
    assert [display_name(code) for code in ("de", "tr", "en")] == ["Deutsch", "Türkçe", "English"]
