"""What the articles domain stores and answers, typed: TypedDicts for the items and the JSON
(they are plain dicts at run time, so reading costs nothing more), a dataclass for an article
as the code holds it. docs/data-model.md has the keys and indexes of each item."""

from dataclasses import dataclass, field
from typing import NotRequired, TypedDict

from haber.media import Description, Image
from haber.platform.db import Operation

# The stored `type` of an article's text: the word it had when tables were first written,
# kept because deployed tables hold it and the translation worker's stream filter names it.
TEXT_TYPE = "rendition"


class Card(TypedDict):
    """A language's line in listings, kept on META and on each tag entry for every language."""

    title: str
    summary: str
    slug: str
    origin: str  # source, human or machine


class ArticleText(TypedDict):
    """An article's text in one language (item `LANG#<lang>`): written by an editor (the
    source, or a human translation) or by the translation worker (machine)."""

    type: str
    lang: str
    title: str
    summary: str
    body: str  # sanitized HTML
    slug: str
    origin: str
    source_hash: str  # of the source text it was made from (a translation) or is (the source)
    updated_at: str
    provider: NotRequired[str]  # machine: who translated it
    glossary_version: NotRequired[int]  # machine: the glossary it was made with


Texts = dict[str, ArticleText]  # by language


class Meta(TypedDict):
    """An article's metadata (item `META`), in the published timeline's indexes while listed."""

    id: str
    source_lang: str
    category: str
    tags: list[str]
    author: str
    published_at: str
    created_at: str
    updated_at: str
    created_by: str
    updated_by: str
    status: str  # published or unpublished (scheduled: published with a later published_at)
    comments_open: bool
    version: int
    source_hash: str
    cards: dict[str, Card]  # by language
    image: NotRequired[str]  # the lead image's media id
    media: NotRequired[list[str]]  # every image it uses


class TagEntry(TypedDict):
    """The article in a tag's timeline (item `TAG#<name>`, gsi1)."""

    pk: str
    sk: str


@dataclass
class Article:
    """An article's item collection as read: META, its texts, its images' descriptions (their
    own item beside META) and its tag entries."""

    meta: Meta
    texts: Texts
    images: dict[str, Description] = field(default_factory=dict)
    tag_entries: list[TagEntry] = field(default_factory=list)


@dataclass
class Change:
    """One write of an article: what it becomes, which texts and slugs it writes, what it was."""

    meta: Meta
    texts: Texts
    changed: set[str]  # languages whose text is written
    new_slugs: set[str]  # languages whose slug is claimed
    old: Article | None = None
    images: dict[str, Description] = field(default_factory=dict)
    # Other domains' writes that go with it (the comment thread's header, the images' use).
    also: list[Operation] = field(default_factory=list)


class Translation(TypedDict):
    origin: str
    stale: NotRequired[bool]
    provider: NotRequired[str]


class Alternate(TypedDict):
    lang: str
    slug: str
    path: str
    url: str


class Document(TypedDict):
    """GET /articles/{id}: one article in a language."""

    id: str
    lang: str
    requested_lang: str
    source_lang: str
    title: str
    summary: str
    body: str
    image: Image | None
    figures: list[Image]
    slug: str
    url: str
    category: str
    tags: list[str]
    author: str
    published_at: str
    updated_at: str
    status: str
    comments_open: bool
    version: int
    translation: Translation
    display: dict[str, dict[str, str]]
    alternates: list[Alternate]


class Listed(TypedDict):
    """An article as a listing shows it."""

    id: str
    lang: str
    title: str
    summary: str
    slug: str
    category: str
    tags: list[str]
    author: str
    published_at: str
    translation: Translation
    display: dict[str, dict[str, str]]
    path: str
    url: str


class Listing(TypedDict):
    items: list[Listed]
    next_cursor: str | None


class Related(TypedDict):
    items: list[Listed]
