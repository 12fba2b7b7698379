"""The rules of authors' and tags' addresses: which slug an item gets, and which it leaves."""

from typing import Any

from haber.articles.directory import free_slug, moves


def tag(**names: str) -> dict[str, Any]:
    texts = {lang: {"text": name, "origin": "source", "slug": name.lower()} for lang, name in names.items()}
    return {"type": "tag", "id": "t1", "source_lang": next(iter(names)), "texts": texts}


def test_a_slug_another_holds_gives_the_id_then_the_id_numbered() -> None:
    assert free_slug("wahlen", set(), "elections") == "wahlen"
    assert free_slug("wahlen", {"wahlen"}, "elections") == "elections"
    assert free_slug("wahlen", {"wahlen", "elections", "elections-2"}, "elections") == "elections-3"


def test_a_new_item_has_an_address_in_every_language_and_leaves_none() -> None:
    slugs, left = moves({}, tag(de="wahlen"))
    assert slugs == {"de": "wahlen", "tr": "wahlen", "en": "wahlen"}  # the source's until translated
    assert left == {}


def test_a_rename_leaves_only_the_addresses_that_change() -> None:
    before = tag(de="wahlen", tr="secimler")
    slugs, left = moves(before, tag(de="bundestagswahl", tr="secimler"))
    assert slugs == {"de": "bundestagswahl", "tr": "secimler", "en": "bundestagswahl"}
    assert left == {"de": "wahlen", "en": "wahlen"}


def test_an_author_keeps_the_slugs_of_its_name() -> None:
    author = {"type": "author", "id": "a1", "name": "Ali", "slugs": {"de": "ali", "tr": "ali", "en": "ali"}}
    renamed = {**author, "slugs": {"de": "ali-kaya", "tr": "ali-kaya", "en": "ali-kaya"}}
    assert moves(author, author)[1] == {}
    assert moves(author, renamed)[1] == {"de": "ali", "tr": "ali", "en": "ali"}
