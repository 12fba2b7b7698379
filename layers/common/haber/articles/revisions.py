"""An article's history: every write left a revision (who, when, what, and the article as
it was), kept for the article's life in a partition of their own. Editors list them, read
one, compare two word by word, and restore one as a new revision."""

import difflib
import html
import re
from typing import cast

from haber.articles import snapshots, store
from haber.articles.records import Diff, DiffPart, RevisionDocument, RevisionEntry, RevisionList, Snapshot
from haber.platform.errors import NotFound
from haber.platform.ids import check_article_id
from haber.platform.shapes import Item

_WORDS = re.compile(r"\S+")
_TAG = re.compile(r"<[^>]*>")  # a stored body is sanitized HTML: a tag is never a word
ENTRY_FIELDS = ("revision", "at", "by", "by_name", "action", "langs", "fields")


def not_found(article_id: str, number: int) -> NotFound:
    return NotFound(f"Article {article_id} has no revision {number}.", code="revision_not_found")


def listing(article_id: str, limit: int, start: str | None) -> RevisionList:
    page = store.revision_page(check_article_id(article_id), limit, start)
    if not page.items and start is None and store.meta(article_id) is None:
        raise NotFound(f"Article {article_id} does not exist.", code="article_not_found")
    return {"items": [_entry(item) for item in page.items], "next_cursor": page.next_cursor}


def get(article_id: str, number: int) -> RevisionDocument:
    found = store.revisions(check_article_id(article_id), [number])
    if number not in found:
        raise not_found(article_id, number)
    return _document(found[number])


def snapshot(article_id: str, number: int) -> Snapshot:
    return get(article_id, number)["article"]


def diff(article_id: str, number: int, against: int) -> Diff:
    """What changed from revision `against` to revision `number`: per language and text
    field, the words kept, deleted and inserted (markup is not words); metadata from → to."""
    found = store.revisions(check_article_id(article_id), [number, against])
    for wanted in (number, against):
        if wanted not in found:
            raise not_found(article_id, wanted)
    after, before = _document(found[number])["article"], _document(found[against])["article"]
    langs: dict[str, dict[str, list[DiffPart]]] = {}
    for lang in sorted(set(after["texts"]) | set(before["texts"])):
        old, new = before["texts"].get(lang), after["texts"].get(lang)
        fields = {
            name: word_diff(_plain(old, name), _plain(new, name))
            for name in snapshots.TEXT_FIELDS
            if _plain(old, name) != _plain(new, name)
        }
        if fields:
            langs[lang] = fields
    meta_changes: dict[str, dict[str, object]] = {
        name: {"from": before["meta"].get(name), "to": after["meta"].get(name)}
        for name in snapshots.META_FIELDS
        if before["meta"].get(name) != after["meta"].get(name)
    }
    return {"revision": number, "against": against, "langs": langs, "fields": meta_changes}


def word_diff(old: str, new: str) -> list[DiffPart]:
    """Word-level differences, each run of words with what happened to it."""
    before, after = _WORDS.findall(old), _WORDS.findall(new)
    parts: list[DiffPart] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if op in ("equal", "delete", "replace"):
            parts.append({"op": "equal" if op == "equal" else "delete", "text": " ".join(before[i1:i2])})
        if op in ("insert", "replace"):
            parts.append({"op": "insert", "text": " ".join(after[j1:j2])})
    return parts


def _plain(text: object, name: str) -> str:
    if not isinstance(text, dict):
        return ""
    value = str(text.get(name, ""))
    return html.unescape(_TAG.sub(" ", value)) if name == "body" else value


def _entry(item: Item) -> RevisionEntry:
    return cast(RevisionEntry, {name: item[name] for name in ENTRY_FIELDS if name in item})


def _document(item: Item) -> RevisionDocument:
    raw = item["snapshot"]
    data: bytes = raw.value if hasattr(raw, "value") else raw
    return cast(RevisionDocument, {**_entry(item), "article": snapshots.decode(data)})
