"""GET /search: a reader's query, its bad inputs, and the results as readers get them.

A query is words and "quoted phrases"; every other character is a separator, so query
syntax (`*`, `:`, `(`, `\\`, a lone `"`) is never an error. Every word must match (exactly,
by its stem, a folded spelling, a compound's part, or within its typo tolerance)."""

import re
from datetime import UTC, date, datetime, time

import tantivy

from haber import articles, i18n
from haber.platform import addresses, clock, cursor
from haber.platform.errors import BadRequest, field_error
from haber.search import analysis, engine, indexes
from haber.search.records import Entry, Hit, Results
from haber.search.snippets import Marks, snippet

MAX_CHARACTERS, MAX_WORDS = 200, 20
PHRASE = re.compile(r'"([^"]*)"')
SORTS = ("relevance", "newest")
TYPOS_BELOW = 10  # matches of the words as typed under which typos are looked for too


def parse(q: str, lang: str) -> engine.Parsed:
    check_query(q)
    phrases = [[word for word, _, _ in analysis.words(text, lang)] for text in PHRASE.findall(q)]
    loose = PHRASE.sub(" ", q)
    return engine.Parsed(
        words=[word for word, _, _ in analysis.words(loose, lang)],
        phrases=[phrase for phrase in phrases if phrase],
    )


def check_query(q: str) -> None:
    if not q.strip():
        raise _bad_query("is empty")
    if len(q) > MAX_CHARACTERS or len(q.split()) > MAX_WORDS:
        raise _bad_query(f"has more than {MAX_CHARACTERS} characters or {MAX_WORDS} words")


def _bad_query(problem: str) -> BadRequest:
    return BadRequest(f"The query {problem}.", [field_error("q", problem)], code="invalid_query")


def search(
    q: str,
    lang: str,
    filters: engine.Filters,
    sort: str = "relevance",
    limit: int = 10,
    start: str | None = None,
) -> Results:
    parsed = parse(q, lang)
    if sort not in SORTS:
        raise BadRequest(f"sort is one of {', '.join(SORTS)}.", [field_error("sort", "is not known")])
    if filters.category and filters.category not in {c["id"] for c in articles.categories.listing(lang)["items"]}:
        raise BadRequest(
            f"No category {filters.category!r}.", [field_error("category", "does not exist")], code="unknown_category"
        )
    fingerprint = "|".join(
        str(part)
        for part in (q, lang, filters.category, filters.tag, filters.author, filters.since, filters.until, sort)
    )
    offset = int((cursor.decode(start, fingerprint) or {}).get("offset", 0))
    if not parsed.words and not parsed.phrases:
        return Results(items=[], total=0, total_exact=True, next_cursor=None)
    found, marks = matches(indexes.reading(lang), parsed, lang, filters, sort == "newest", offset, limit)
    more = offset + len(found.entries) < found.total
    return Results(
        items=[hit(entry, lang, marks) for entry in found.entries],
        total=found.total,
        total_exact=True,
        next_cursor=cursor.encode({"offset": offset + limit}, fingerprint) if more and found.entries else None,
    )


def matches(
    index: tantivy.Index,
    parsed: engine.Parsed,
    lang: str,
    filters: engine.Filters,
    newest: bool,
    offset: int,
    limit: int,
) -> tuple[engine.Found, Marks]:
    """A page of matches, and what their snippets mark. Typos are looked for only when the
    words as typed (by stem, folded spelling or compound part) find fewer than TYPOS_BELOW
    articles: a misspelt word still finds what it meant, a well-spelt one is not slowed by
    the Levenshtein automata (half the engine's time at 300,000 articles, docs/search.md)
    or followed by pages of near-misses."""
    now = int(clock.now().timestamp())
    found = engine.find(index, engine.query(index, parsed, lang, filters, now, False), newest, offset, limit, now)
    typos = found.total < TYPOS_BELOW and any(analysis.query_word(word, lang).distance for word in parsed.words)
    if typos:
        found = engine.find(index, engine.query(index, parsed, lang, filters, now), newest, offset, limit, now)
    every = parsed.words + [word for phrase in parsed.phrases for word in phrase]
    return found, Marks(lang, tuple(analysis.query_word(word, lang, typos) for word in every))


def hit(entry: Entry, requested: str, marks: Marks) -> Hit:
    found = Hit(
        id=entry["id"],
        lang=entry["lang"],
        title=entry["title"],
        summary=entry["summary"],
        url=addresses.article(entry["lang"], entry["slug"]),
        published_at=entry["published_at"],
        category=entry["category"],
        snippet=snippet(entry["body"] or entry["summary"], marks),
        display={"published": i18n.moment(entry["published_at"], requested)},
    )
    if "image" in entry:
        found["image"] = entry["image"]
    return found


def day_start(day: date | None) -> int | None:
    return int(datetime.combine(day, time.min, UTC).timestamp()) if day else None


def day_end(day: date | None) -> int | None:
    return int(datetime.combine(day, time.max, UTC).timestamp()) if day else None
