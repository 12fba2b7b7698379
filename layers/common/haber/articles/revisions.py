"""An article's history: every write left a revision (who, when, what, and the article as
it was), kept for the article's life in a partition of their own. Editors list them, read
one, compare two word by word, and restore one as a new revision."""

import html
import re
from collections.abc import Iterator
from typing import Any, cast

from rapidfuzz.distance import Indel

from haber.articles import snapshots, store
from haber.articles.records import Diff, DiffPart, RevisionDocument, RevisionEntry, RevisionList, Snapshot
from haber.platform.errors import NotFound
from haber.platform.ids import check_article_id
from haber.platform.shapes import Item

_WORDS = re.compile(r"\S+")
_TAG = re.compile(r"<[^>]*>")  # a stored body is sanitized HTML: a tag is never a word
_SENTENCE_ENDS = frozenset(".!?:;…")
# Pairs of words (or sentences) compared at once: a bit each in rapidfuzz's matrix, so about
# 6 MB and a tenth of a second at most (docs/benchmarks.md has the diff's times).
MAX_CELLS = 50_000_000
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
    parts: list[DiffPart] = []
    for kept, deleted, inserted in _runs(_WORDS.findall(old), _WORDS.findall(new)):
        if kept:
            parts.append({"op": "equal", "text": " ".join(kept)})
        if deleted:
            parts.append({"op": "delete", "text": " ".join(deleted)})
        if inserted:
            parts.append({"op": "insert", "text": " ".join(inserted)})
    return parts


Run = tuple[list[Any], list[Any], list[Any]]  # words kept, or words deleted and words inserted


def _runs(before: list[str], after: list[str], by_sentence: bool = True) -> Iterator[Run]:
    """An alignment of two word lists in time and memory bounded by MAX_CELLS: the common
    start and end aside, words are aligned one by one (rapidfuzz's bit-parallel LCS, whose
    matrix is a bit per pair of words) when few enough; else sentences first, then the
    words of each changed run of sentences; past that a run is replaced whole."""
    start = _common_length(before, after)
    end = _common_length(before[start:][::-1], after[start:][::-1])
    if start:
        yield before[:start], [], []
    old, new = before[start : len(before) - end], after[start : len(after) - end]
    if len(old) * len(new) <= MAX_CELLS:
        yield from _aligned(old, new)
    elif by_sentence and len(old_sentences := _sentences(old)) * len(new_sentences := _sentences(new)) <= MAX_CELLS:
        for kept, deleted, inserted in _aligned(old_sentences, new_sentences):
            if kept:
                yield _words(kept), [], []
            else:
                yield from _runs(_words(deleted), _words(inserted), by_sentence=False)
    elif old or new:
        yield [], old, new
    if end:
        yield before[len(before) - end :], [], []


def _aligned(old: list[Any], new: list[Any]) -> Iterator[Run]:
    """Runs of items kept or replaced (adjacent deletions and insertions as one run: what
    was deleted, then what came instead), by the longest common subsequence."""
    pending: Run = ([], [], [])
    for opcode in Indel.opcodes(old, new):
        before, after = old[opcode.src_start : opcode.src_end], new[opcode.dest_start : opcode.dest_end]
        kept, deleted, inserted = (before, [], []) if opcode.tag == "equal" else ([], before, after)
        if kept:
            if pending[1] or pending[2]:
                yield pending
            pending = ([], [], [])
            yield kept, [], []
        else:
            pending = ([], pending[1] + deleted, pending[2] + inserted)
    if pending[1] or pending[2]:
        yield pending


def _common_length(first: list[str], second: list[str]) -> int:
    return next(
        (n for n, (a, b) in enumerate(zip(first, second, strict=False)) if a != b), min(len(first), len(second))
    )


def _words(sentences: list[Any]) -> list[str]:
    return [word for sentence in sentences for word in sentence]


def _sentences(words: list[str]) -> list[tuple[str, ...]]:
    sentences, current = [], []
    for word in words:
        current.append(word)
        if word[-1] in _SENTENCE_ENDS:
            sentences.append(tuple(current))
            current = []
    return [*sentences, tuple(current)] if current else sentences


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
