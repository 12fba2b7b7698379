"""Editors' request bodies for articles and categories, validated by Powertools with pydantic.

Each model's validator is built on its first use (`defer_build`): only the editing routes
use them, and building them would cost every reader's cold start a few milliseconds."""

from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from haber.platform.ids import MEDIA_ID
from haber.platform.text import Line, Slug, Text

MediaId = Annotated[str, Field(pattern=MEDIA_ID.pattern, description="id of a ready image (POST /media)")]
AuthorIds = Annotated[
    list[Slug], Field(max_length=10, description="ids of authors (PUT /authors/{id}), in byline order")
]
Link = Annotated[str, Field(pattern=r"^https?://[^\s<>\"]+$", max_length=300)]


class Rendition(BaseModel):
    """An article's text in one language."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    title: Annotated[Line, Field(min_length=1, max_length=200)]
    summary: Annotated[Text, Field(min_length=1, max_length=600)]
    body: Annotated[
        Text,
        Field(
            min_length=1,
            max_length=100_000,
            description='restricted HTML, sanitized on write; <figure data-media="id"></figure> places an image',
        ),
    ]


class ArticleCreate(Rendition):
    source_lang: str = Field(description="language the title, summary and body are written in")
    category: Slug
    tags: Annotated[list[Slug], Field(max_length=10)] = []
    authors: AuthorIds = []
    author: Annotated[Line, Field(min_length=1, max_length=120)] | None = Field(
        default=None, description="the byline as text; default: the names of `authors`, one of the two is required"
    )
    published_at: AwareDatetime | None = Field(
        default=None, description="ISO 8601 with time zone; in the future = scheduled; default now"
    )
    comments_open: bool = Field(default=True, description="whether readers may comment")
    image: MediaId | None = Field(default=None, description="the lead image: a media id")
    translations: dict[str, Rendition] = Field(default={}, description="human translations by language code")
    status: Annotated[str, Field(pattern="^(draft|scheduled|published)$")] = Field(
        default="published",
        description="draft: seen by editors only, slugs not claimed; scheduled: needs a future published_at",
    )


class ArticleUpdate(BaseModel):
    """Fields to change; omitted fields keep their value."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    title: Annotated[Line, Field(min_length=1, max_length=200)] | None = None
    summary: Annotated[Text, Field(min_length=1, max_length=600)] | None = None
    body: Annotated[Text, Field(min_length=1, max_length=100_000)] | None = None
    category: Slug | None = None
    tags: Annotated[list[Slug], Field(max_length=10)] | None = None
    authors: AuthorIds | None = None
    author: Annotated[Line, Field(min_length=1, max_length=120)] | None = None
    published_at: AwareDatetime | None = None
    status: Annotated[str, Field(pattern="^(draft|scheduled|published|unpublished)$")] | None = Field(
        default=None, description="a published article never becomes a draft again"
    )
    comments_open: bool | None = None
    image: MediaId | None = Field(default=None, description="a media id; null takes the lead image away")
    translations: dict[str, Rendition] = {}


class CategoryPut(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    names: dict[str, Annotated[Line, Field(min_length=1, max_length=80)]] = Field(
        min_length=1, description="the category's name by language code"
    )


class TagPut(BaseModel):
    """A tag's names; languages left out are machine-translated from the source."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    names: dict[str, Annotated[Line, Field(min_length=1, max_length=80)]] = Field(
        min_length=1, description="the tag's name by language code"
    )
    source_lang: str | None = Field(
        default=None, description="which of `names` the others translate; default: the default language's, or the first"
    )


class AuthorPut(BaseModel):
    """An author: the name as written everywhere, a bio (translated like article text), a
    photo and links to the author elsewhere (schema.org `sameAs`)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    name: Annotated[Line, Field(min_length=1, max_length=120)]
    bio: dict[str, Annotated[Text, Field(min_length=1, max_length=2000)]] = Field(
        default={}, description="the bio by language code: its source and human translations"
    )
    source_lang: str | None = Field(
        default=None, description="which of `bio` the others translate; default: the default language's, or the first"
    )
    image: MediaId | None = Field(default=None, description="a photo: a ready media id")
    same_as: Annotated[list[Link], Field(max_length=10)] = Field(
        default=[], description="the author's pages elsewhere (http or https addresses)"
    )


class CorrectionCreate(BaseModel):
    """A correction: what was wrong and what is right, in one language; translated like
    article text. Corrections are never changed or deleted: a correction of a correction is
    a new one."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    lang: str = Field(description="the language the text is written in")
    text: Annotated[Text, Field(min_length=1, max_length=1000)]
