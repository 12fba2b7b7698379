"""What the search domain indexes and answers, typed."""

from typing import NotRequired, TypedDict

from haber.media import Image


class Entry(TypedDict):
    """An article's text in one language as the index holds it: what a result shows, and
    the plain text its words and snippet come from."""

    id: str
    lang: str
    title: str
    summary: str
    body: str  # plain text
    slug: str
    category: str
    tags: list[str]
    author: str
    published_at: str
    image: NotRequired[Image]


class Hit(TypedDict):
    """One result of GET /search."""

    id: str
    lang: str
    title: str
    summary: str
    url: str
    published_at: str
    category: str
    snippet: str  # HTML: the matched words in <mark>, everything else escaped
    display: dict[str, dict[str, str]]
    image: NotRequired[Image]


class Results(TypedDict):
    items: list[Hit]
    total: int
    total_exact: bool  # false: at least `total` (the index counted no further)
    next_cursor: str | None
