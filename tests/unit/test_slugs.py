import pytest

from haber.articles.slugs import MAX_LENGTH, slugify, with_suffix


@pytest.mark.parametrize(
    ("title", "lang", "slug"),
    [
        ("Über Straßen & Brücken: Öl für Kölns Äcker", "de", "ueber-strassen-bruecken-oel-fuer-koelns-aecker"),
        (
            "Çiğdem ışıklı İstanbul'da Şişli ve Üsküdar'ı gezdi",
            "tr",
            "cigdem-isikli-istanbul-da-sisli-ve-uskudar-i-gezdi",
        ),
        ("IRAK ILIK IŞIK", "tr", "irak-ilik-isik"),
        ("Kadıköy club wins in Cologne", "en", "kadikoy-club-wins-in-cologne"),
        ("Café déjà vu — naïve résumé", "en", "cafe-deja-vu-naive-resume"),
        ("  !!!  ", "de", "article"),
    ],
)
def test_slugify_uses_the_languages_transliteration(title: str, lang: str, slug: str) -> None:
    assert slugify(title, lang) == slug


def test_german_and_turkish_rules_differ_for_the_same_letter() -> None:
    assert slugify("Müller", "de") == "mueller"
    assert slugify("Müller", "tr") == "muller"


def test_long_titles_are_cut_at_a_word_boundary() -> None:
    slug = slugify("Ein sehr langer Titel " * 10, "de")
    assert len(slug) <= MAX_LENGTH
    assert not slug.endswith("-")
    assert slug.split("-")[-1] in {"ein", "sehr", "langer", "titel"}


def test_suffixes_count_from_two() -> None:
    assert [with_suffix("bruecke", attempt) for attempt in range(3)] == ["bruecke", "bruecke-2", "bruecke-3"]
