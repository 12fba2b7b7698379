import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from haber import i18n

LANGUAGES = ("de", "tr", "en")
VARIABLES = re.compile(r"\{\{\s*(\w+)\s*\}\}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_every_key_with_the_same_variables(lang: str) -> None:
    source, own = i18n.curated("en"), i18n.curated(lang)
    assert set(own) == set(source)
    for key, value in source.items():
        assert value.strip() and own[key].strip(), key
        assert set(VARIABLES.findall(own[key])) == set(VARIABLES.findall(value)), key


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("de", ["0 Kommentare", "1 Kommentar", "2 Kommentare", "1.234 Kommentare"]),
        ("tr", ["0 yorum", "1 yorum", "2 yorum", "1.234 yorum"]),
        ("en", ["0 comments", "1 comment", "2 comments", "1,234 comments"]),
    ],
)
def test_plurals_for_0_1_2_and_1234(lang: str, expected: list[str]) -> None:
    assert [i18n.text(lang, "comments.count", count=n) for n in (0, 1, 2, 1234)] == expected


def test_the_page_strings_of_the_german_site() -> None:
    assert i18n.text("de", "comments.heading", count=0) == "Kommentare (0)"
    assert i18n.text("de", "comments.loading") == "Kommentare werden geladen…"
    assert i18n.text("tr", "comments.loading") == "Yorumlar yükleniyor…"
    assert i18n.text("en", "comments.loading") == "Loading comments…"
    assert i18n.text("de", "comments.leave") == "Kommentar schreiben"
    assert i18n.text("de", "share.label") == "Teilen:"
    assert i18n.text("de", "related.heading") == "Das könnte Sie auch interessieren"
    assert i18n.text("de", "views.count", count=71) == "71 Aufrufe"


def test_a_language_without_a_catalog_falls_back_to_the_source_strings() -> None:
    assert i18n.text("fr", "comments.count", count=2) == "2 comments"


def test_bundles_are_i18next_nested_json() -> None:
    bundle = i18n.bundle("tr")  # complete: no database needed
    assert (bundle.machine, bundle.untranslated) == ([], [])
    comments = bundle.strings["comments"]
    assert isinstance(comments, dict) and isinstance(comments["form"], dict)
    assert comments["count_one"] == "{{count}} yorum"
    assert comments["form"]["submit"]


@pytest.mark.parametrize(
    ("lang", "local", "relative"),
    [
        ("de", "11.01.2026, 21:27 Uhr", "vor 3 Stunden"),  # as German newsrooms write it
        ("tr", "11 Ocak 2026, 21:27", "3 saat önce"),  # as Turkish newsrooms write it
        ("en", "Jan 11, 2026, 9:27\u202fPM", "3 hours ago"),  # CLDR's medium date, short time
    ],
)
def test_dates_in_the_readers_locale_and_the_sites_time_zone(lang: str, local: str, relative: str) -> None:
    now = datetime(2026, 1, 11, 23, 27, tzinfo=UTC)
    shown = i18n.moment("2026-01-11T20:27:00Z", lang, now)  # 21:27 in Berlin
    assert shown["local"].replace("\u202f", " ") == local.replace("\u202f", " ")
    assert shown["relative"] == relative


def test_the_time_zone_is_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPLAY_TIME_ZONE", "Europe/Istanbul")
    assert i18n.moment("2026-01-11T20:27:00Z", "tr")["local"] == "11 Ocak 2026, 23:27"


def test_turkish_casing() -> None:
    assert i18n.upper("istanbul ılık", "tr") == "İSTANBUL ILIK"
    assert i18n.lower("İSTANBUL IŞIK", "tr") == "istanbul ışık"
    assert i18n.upper("istanbul", "de") == "ISTANBUL"
    assert i18n.lower("ISTANBUL", "en") == "istanbul"


def test_names_are_language_neutral() -> None:
    assert i18n.NEUTRAL.match("language.tr") and i18n.NEUTRAL.match("share.whatsapp")
    assert not i18n.NEUTRAL.match("language.label") and not i18n.NEUTRAL.match("share.copy")
    for key in ("language.de", "language.tr", "language.en", "share.facebook", "share.x"):
        assert len({i18n.curated(lang)[key] for lang in ("de", "tr", "en")}) == 1, key


@pytest.mark.parametrize(
    ("reader", "names"),
    [
        ("de", ["Deutsch", "Türkisch", "Englisch"]),
        ("tr", ["Almanca", "Türkçe", "İngilizce"]),
        ("en", ["German", "Turkish", "English"]),
    ],
)
def test_languages_are_named_in_the_readers_language(reader: str, names: list[str]) -> None:
    assert [i18n.language_name(code, reader) for code in ("de", "tr", "en")] == names


def raised_error_codes() -> set[str]:
    """Every error code the API can answer with: codes named where errors are raised, each
    error class's own, and the ones the HTTP layer builds."""
    from haber.platform import errors  # noqa: PLC0415

    root = Path(__file__).parents[2]
    sources = [*(root / "layers/common/haber").rglob("*.py"), *(root / "functions").rglob("*.py")]
    text = "\n".join(path.read_text(encoding="utf-8") for path in sources)
    codes = set(re.findall(r'\bcode="([a-z_]+)"', text))
    codes |= set(re.findall(r'error_response\(\s*\d+,\s*"([a-z_]+)"', text))
    codes |= {cls.code for cls in vars(errors).values() if isinstance(cls, type) and issubclass(cls, errors.HaberError)}
    assert 'code=f"unknown_{what}"' in text  # counters' unknown reaction or network
    return codes | {"unknown_reaction", "unknown_network"}


def test_every_error_code_has_a_message_in_every_language() -> None:
    codes = raised_error_codes()
    assert {"unauthorized", "media_in_use", "image_not_found", "validation_error", "internal_error"} <= codes
    for lang in LANGUAGES:
        missing = sorted(code for code in codes if f"errors.{code}" not in i18n.curated(lang))
        assert not missing, (lang, missing)
        assert all(i18n.error_message(lang, code) for code in codes)
