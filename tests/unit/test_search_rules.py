"""The search domain's rules without a table: what a word becomes in each language, typo
keys, snippets and freshness (the matching itself, end to end: tests/integration/test_search.py)."""

import pytest

from haber.search import analysis, engine
from haber.search.snippets import Marks, snippet


def stems(text: str, lang: str) -> list[str]:
    return analysis.analyze(text, lang).stems


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("İSTANBUL'DA", "tr", ["istanbul"]),
        ("Köln'deki esnaf", "tr", ["koln", "esnaf"]),
        ("ISPARTA", "tr", ["ispar"]),
        ("İstanbul", "de", ["istanbul"]),  # never i + a combining dot
        ("Straße Strasse", "de", ["strass", "strass"]),
        ("Lastenräder Lastenrad", "de", ["lastenrad", "lastenrad"]),
        ("Cologne's traders", "en", ["cologn", "trader"]),
    ],
)
def test_words_become_the_same_terms_however_written(text: str, lang: str, expected: list[str]) -> None:
    assert stems(text, lang) == expected


def test_indexing_and_snippets_read_the_same_words() -> None:
    text = "İZMİR'deki Köln'de'ymiş traders' cologne's Straße-Rad ISPARTA 'x' ‘quoted’"
    for lang in ("de", "tr", "en"):
        assert analysis.tokens(text, lang) == [word for word, _, _ in analysis.words(text, lang)]


def test_german_compounds_are_found_by_their_parts() -> None:
    assert "rad" in analysis.compound_parts("lastenräder", "de")
    assert "strass" in analysis.compound_parts("keupstraße", "de")
    assert analysis.compound_parts("rad", "de") == ()
    assert analysis.compound_parts("lastenräder", "tr") == ()


@pytest.mark.parametrize(("word", "distance"), [("rad", 0), ("koln", 0), ("zephyr", 1), ("lastenrad", 2)])
def test_typo_tolerance_grows_with_the_word(word: str, distance: int) -> None:
    assert analysis.query_word(word, "de").distance == distance


def test_two_edits_never_reach_the_first_letter() -> None:
    key = analysis.fuzzy_key("koln")
    assert key == "kkkoln"
    changed = analysis.fuzzy_key("coln")
    assert sum(a != b for a, b in zip(key, changed, strict=True)) == 3


def test_snippets_mark_matches_and_escape_the_rest() -> None:
    marks = Marks("tr", (analysis.query_word("koln", "tr"),))
    shown = snippet("<b>Köln'deki</b> & esnaf", marks)
    assert shown == "&lt;b&gt;<mark>Köln&#39;deki</mark>&lt;/b&gt; &amp; esnaf"


def test_a_long_text_is_cut_around_its_first_match() -> None:
    text = " ".join(["Vorrede"] * 100) + " Lastenräder " + " ".join(["Nachwort"] * 100)
    shown = snippet(text, Marks("de", (analysis.query_word("rad", "de"),)))
    assert shown.startswith("…") and shown.endswith("…") and "<mark>Lastenräder</mark>" in shown
    assert len(shown) < 300


def test_freshness_favours_the_new_at_equal_relevance() -> None:
    day, year = 86_400, 365 * 86_400
    assert engine.freshness(day) > engine.freshness(3 * year) >= 1.0
    assert engine.freshness(0) == pytest.approx(1.5)
