"""The embedded engine: one tantivy index per language in a folder, holding each live
article's text in that language. Words are analyzed here (haber.search.analysis) and given
to tantivy as finished terms, split on spaces; tantivy keeps postings and positions,
scores with BM25 and matches typos with its Levenshtein automata.

This module is the one that knows tantivy: another engine (OpenSearch, docs/search.md)
answers the same `write` and `find`."""

import json
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path

import tantivy

from haber.search import analysis
from haber.search.records import Entry

TERMS = "whitespace"  # the terms arrive analyzed
WRITER_HEAP_BYTES = 50_000_000
# Title words weigh three times body words; a compound's part, a folded spelling and a
# typo weigh less than the word itself, so exact matches rank first.
TITLE_BOOST, VARIANT_BOOST, PART_BOOST, FUZZY_BOOST = 3.0, 0.8, 0.4, 0.15
# The best matches by text relevance that freshness reorders; pages beyond it follow text
# relevance alone (a reader seldom pages past 200 results).
FRESHNESS_WINDOW = 200
COMPOUNDS_KEPT = 50  # compounds a query word may stand for (their last part), the commonest first
FRESHNESS_BOOST, FRESHNESS_HALF_LIFE = 0.5, 30 * 86_400


@dataclass
class Filters:
    category: str | None = None
    tag: str | None = None
    author: str | None = None
    since: int | None = None  # epoch seconds, inclusive
    until: int | None = None  # epoch seconds, inclusive


@dataclass
class Parsed:
    """A query as words and quoted phrases (each a list of words), lowercased."""

    words: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)


@dataclass
class Found:
    """Matching documents in the order asked, from `offset`, with the total that matched."""

    entries: list[Entry]
    scores: list[float]
    total: int


@cache
def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for name in ("id", "category", "tags", "author"):
        builder.add_text_field(name, stored=name == "id", tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("published", stored=False, indexed=True, fast=True)
    builder.add_text_field("title_terms", tokenizer_name=TERMS, index_option="position")
    builder.add_text_field("body_terms", tokenizer_name=TERMS, index_option="position")
    for name in ("variants", "fuzzy", "tails"):
        builder.add_text_field(name, tokenizer_name=TERMS, index_option="freq")
    builder.add_bytes_field("entry", stored=True, indexed=False)  # what a result shows: stored, never searched
    return builder.build()


def open_index(folder: Path) -> tantivy.Index:
    folder.mkdir(parents=True, exist_ok=True)
    return tantivy.Index(schema(), path=str(folder), reuse=True)


def epoch(iso: str) -> int:
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())


def document(entry: Entry) -> tantivy.Document:
    lang = entry["lang"]
    title, body = analysis.analyze(entry["title"], lang), analysis.analyze(f"{entry['summary']}\n{entry['body']}", lang)
    return tantivy.Document(
        id=entry["id"],
        category=entry["category"],
        tags=entry["tags"],
        author=entry["author"],
        published=epoch(entry["published_at"]),
        title_terms=" ".join(title.stems),
        body_terms=" ".join(body.stems),
        variants=" ".join(title.variants | body.variants),
        fuzzy=" ".join(title.fuzzy | body.fuzzy),
        tails=" ".join(title.tails | body.tails),
        entry=json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode(),
    )


def write(index: tantivy.Index, removed: set[str], added: list[Entry]) -> None:
    """Remove articles and (re)add texts in one commit: readers see all of it or none."""
    writer = index.writer(heap_size=WRITER_HEAP_BYTES, num_threads=1)
    for article_id in removed | {entry["id"] for entry in added}:
        writer.delete_documents_by_term("id", article_id)
    for entry in added:
        writer.add_document(document(entry))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()


def clear(index: tantivy.Index) -> None:
    writer = index.writer(heap_size=WRITER_HEAP_BYTES, num_threads=1)
    writer.delete_all_documents()
    writer.commit()
    writer.wait_merging_threads()
    index.reload()


def query(
    index: tantivy.Index, parsed: Parsed, lang: str, filters: Filters, now: int, typos: bool = True
) -> tantivy.Query:
    searcher = index.searcher()
    must = [_word(analysis.query_word(word, lang, typos), lang, searcher) for word in parsed.words]
    must += [_phrase(list(map(analysis.stem, phrase, [lang] * len(phrase)))) for phrase in parsed.phrases]
    must.append(tantivy.Query.range_query(schema(), "published", tantivy.FieldType.Integer, filters.since, now))
    if filters.until is not None:
        must.append(tantivy.Query.range_query(schema(), "published", tantivy.FieldType.Integer, None, filters.until))
    for name, value in (("category", filters.category), ("tags", filters.tag), ("author", filters.author)):
        if value:
            must.append(tantivy.Query.term_query(schema(), name, value))
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, clause) for clause in must])


def _word(word: analysis.QueryWord, lang: str, searcher: tantivy.Searcher | None = None) -> tantivy.Query:
    term = tantivy.Query.term_query
    ways = [
        tantivy.Query.boost_query(term(schema(), "title_terms", word.stem), TITLE_BOOST),
        term(schema(), "body_terms", word.stem),
        # A folded spelling: texts whose words fold to it (variants keeps only those that
        # differ from their stem) and, below, texts whose stems it is.
        tantivy.Query.boost_query(term(schema(), "variants", word.variant), VARIANT_BOOST),
    ]
    if word.variant != word.stem:
        ways.append(tantivy.Query.boost_query(term(schema(), "title_terms", word.variant), TITLE_BOOST * VARIANT_BOOST))
        ways.append(tantivy.Query.boost_query(term(schema(), "body_terms", word.variant), VARIANT_BOOST))
    if searcher and analysis.compounds(lang) and len(word.stem) >= analysis.TAIL_MIN:
        # A compound's last part: the commonest indexed compounds that end in the stem after
        # a head of four letters or more (a prefix of the reversed stems: a bounded walk).
        found = searcher.terms_with_prefix("tails", word.stem[::-1], limit=COMPOUNDS_KEPT)
        whole = [term[::-1] for term, _ in found if len(term) >= len(word.stem) + analysis.HEAD_MIN]
        for field_name in ("title_terms", "body_terms") if whole else ():
            part = tantivy.Query.term_set_query(schema(), field_name, whole)
            ways.append(tantivy.Query.boost_query(part, PART_BOOST))
    if word.distance:
        typo = tantivy.Query.fuzzy_term_query(schema(), "fuzzy", analysis.fuzzy_key(word.folded), word.distance)
        ways.append(tantivy.Query.boost_query(typo, FUZZY_BOOST))
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, way) for way in ways])


def _phrase(stems: list[str | tuple[int, str]]) -> tantivy.Query:
    if len(stems) == 1:
        return _word(analysis.QueryWord(str(stems[0]), str(stems[0]), str(stems[0]), 0), "")
    ways = [tantivy.Query.phrase_query(schema(), name, stems) for name in ("title_terms", "body_terms")]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, way) for way in ways])


def find(index: tantivy.Index, wanted: tantivy.Query, newest: bool, offset: int, limit: int, now: int) -> Found:
    searcher = index.searcher()
    if newest:
        result = searcher.search(wanted, limit, count=True, order_by_field="published", offset=offset)
        hits = [(0.0, address) for _, address in result.hits]
    elif offset + limit <= FRESHNESS_WINDOW:
        result = searcher.search(wanted, FRESHNESS_WINDOW, count=True)
        published = searcher.fast_field_values("published", [address for _, address in result.hits])
        scored = [
            (score * freshness(now - int(when or 0)), address)
            for (score, address), when in zip(result.hits, published, strict=True)
        ]
        hits = sorted(scored, key=lambda hit: -hit[0])[offset : offset + limit]
    else:  # deep pages: text relevance alone, in the order tantivy keeps
        result = searcher.search(wanted, limit, count=True, offset=offset)
        hits = [(float(score), address) for score, address in result.hits]
    entries = [json.loads(bytes(searcher.doc(address)["entry"][0])) for _, address in hits]
    return Found(entries, [score for score, _ in hits], _count(result))


def _count(result: tantivy.SearchResult) -> int:
    count: int | None = getattr(result, "count", None)  # missing from tantivy's type stub
    return count or 0


def freshness(age_seconds: int) -> float:
    """What a match's score is multiplied by for its age: 1.5 today, 1.25 after
    FRESHNESS_HALF_LIFE, towards 1 for the archive. At equal text relevance, the fresher
    story wins; a much better match still beats a fresher weak one."""
    return float(1 + FRESHNESS_BOOST * 0.5 ** (max(age_seconds, 0) / FRESHNESS_HALF_LIFE))
