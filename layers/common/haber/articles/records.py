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
    source_hash: NotRequired[str]  # of the source it was made from (cards written before it lack it)
    reviewed: NotRequired[bool]  # a machine text an editor approved


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
    reviewed_by: NotRequired[str]  # machine: the editor who approved it
    reviewed_at: NotRequired[str]


Texts = dict[str, ArticleText]  # by language


class Byline(TypedDict):
    """An author as an article keeps it (copied at each write, refreshed when the author changes)."""

    name: str
    slugs: dict[str, str]  # by language
    same_as: list[str]


class DirectoryText(TypedDict):
    """A tag's name or an author's bio in one language (item AUTHORS/TAGS, `texts`)."""

    text: str
    origin: str  # source, human or machine
    slug: NotRequired[str]  # a tag's address in this language
    provider: NotRequired[str]  # machine: who translated it
    source_hash: NotRequired[str]  # machine: of the source it was made from
    glossary_version: NotRequired[int]


class TagName(TypedDict):
    name: str
    slug: str
    lang: NotRequired[str]  # the language `name` is in, when not the one it is kept under


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
    status: str  # draft, published or unpublished (scheduled: published with a later published_at)
    comments_open: bool
    version: int
    source_hash: str
    cards: dict[str, Card]  # by language
    image: NotRequired[str]  # the lead image's media id
    media: NotRequired[list[str]]  # every image it uses
    revision: NotRequired[int]  # the number of its latest revision (absent: none recorded yet)
    slugs_claimed: NotRequired[bool]  # false while a draft has never been published (absent: true)
    authors: NotRequired[list[str]]  # author ids, in byline order
    bylines: NotRequired[dict[str, Byline]]  # by author id: what its byline shows
    tag_names: NotRequired[dict[str, dict[str, TagName]]]  # by tag id, then language (tags with names)
    takedowns: NotRequired[int]  # how many times it was unpublished: ends the preview links made before


class TagEntry(TypedDict):
    """The article in a tag's timeline (item `TAG#<name>`, gsi1)."""

    pk: str
    sk: str


class CorrectionText(TypedDict):
    text: str
    origin: str  # source or machine


class CorrectionItem(TypedDict):
    """A correction of the article (item `CORRECTION#<at>#<suffix>`): never changed or deleted
    once written, but for the translation worker adding its other languages."""

    at: str
    lang: str  # the language it was written in
    by: str
    texts: dict[str, CorrectionText]  # by language


class Correction(TypedDict):
    """A correction as readers get it, in the served language where it has one."""

    text: str
    at: str
    lang: str
    origin: str


@dataclass
class Article:
    """An article's item collection as read: META, its texts, its images' descriptions (their
    own item beside META), its tag entries and its corrections, oldest first."""

    meta: Meta
    texts: Texts
    images: dict[str, Description] = field(default_factory=dict)
    tag_entries: list[TagEntry] = field(default_factory=list)
    corrections: list[CorrectionItem] = field(default_factory=list)


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
    corrections: list[CorrectionItem] = field(default_factory=list)  # with the one it adds
    action: str = "update"  # what the revision it makes says happened
    by: str = ""  # who: an editor's token subject, or machine:<provider>
    by_name: str | None = None  # the editor's display name, when the token has one


class AuthorLink(TypedDict):
    id: str
    name: str
    url: str  # the author's page in the served language
    same_as: list[str]


class TagLink(TypedDict):
    id: str
    name: str  # in the served language where the tag has a name in it (a tag never named shows its id)
    lang: str  # the language `name` is in
    url: str  # the tag's page in the served language


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
    tag_details: list[TagLink]
    author: str
    authors: list[AuthorLink]
    published_at: str
    updated_at: str
    status: str
    comments_open: bool
    version: int
    translation: Translation
    review: dict[str, str]  # each language's review state (source, human, machine, reviewed, outdated)
    corrections: list[Correction]
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


class RevisionEntry(TypedDict):
    """One write of an article, as the revision list shows it."""

    revision: int
    at: str
    by: str
    by_name: NotRequired[str]
    action: str  # create, update, draft, publish, schedule, unpublish, translation, approve, machine, restore,
    # correction, image (an image the article uses changed)
    langs: list[str]  # languages whose text it wrote
    fields: list[str]  # what it changed: metadata fields and title/summary/body


class RevisionList(TypedDict):
    items: list[RevisionEntry]
    next_cursor: str | None


class Snapshot(TypedDict):
    meta: Meta
    texts: Texts


class RevisionDocument(RevisionEntry):
    """An article as a revision left it, every language."""

    article: Snapshot


class DiffPart(TypedDict):
    op: str  # equal, insert or delete
    text: str


class Diff(TypedDict):
    revision: int
    against: int
    # by language, then by field (title, summary, body); fields that did not change are left out
    langs: dict[str, dict[str, list[DiffPart]]]
    fields: dict[str, dict[str, object]]  # metadata that changed: {"category": {"from": …, "to": …}}


class LanguageState(TypedDict):
    state: str
    title: str
    slug: str


class NewsroomEntry(TypedDict):
    """An article in the newsroom's list: any state, each language's review state."""

    id: str
    status: str
    source_lang: str
    category: str
    author: str
    tags: list[str]
    published_at: str
    updated_at: str
    updated_by: str
    version: int
    languages: dict[str, LanguageState]


class NewsroomList(TypedDict):
    items: list[NewsroomEntry]
    next_cursor: str | None
