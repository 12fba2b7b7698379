"""Request bodies, validated by Powertools with pydantic, and the text rules behind them."""

import re
import unicodedata
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,39}$"
# Comment rules: lengths after NFC normalisation and trimming.
AUTHOR_LENGTH = (1, 60)
TEXT_LENGTH = (1, 2000)
MAX_LINKS = 3
_LINK = re.compile(r"(?i)\b(?:https?://|www\.)")
# C0/C1 controls except tab and newline, and the bidirectional overrides used to disguise text.
_HIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def comment_author(value: str) -> str:
    return _normalized(value, *AUTHOR_LENGTH, single_line=True)


def comment_text(value: str) -> str:
    text = _normalized(value, *TEXT_LENGTH, single_line=False)
    if len(_LINK.findall(text)) > MAX_LINKS:
        raise ValueError(f"may contain at most {MAX_LINKS} links")
    return text


def _normalized(value: str, shortest: int, longest: int, single_line: bool) -> str:
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    value = _HIDDEN.sub("", value)
    if single_line:
        value = " ".join(value.split())
    value = value.strip()
    if not shortest <= len(value) <= longest:
        raise ValueError(f"must be {shortest} to {longest} characters long (is {len(value)})")
    return value


def _clean_line(value: str) -> str:
    value = unicodedata.normalize("NFC", value).strip()
    if _CONTROL.search(value) or "\n" in value or "\r" in value:
        raise ValueError("must be a single line without control characters")
    if not value:
        raise ValueError("must not be blank")
    return value


def _clean_text(value: str) -> str:
    value = unicodedata.normalize("NFC", _CONTROL.sub("", value)).strip()
    if not value:
        raise ValueError("must not be blank")
    return value


Line = Annotated[str, AfterValidator(_clean_line)]
Text = Annotated[str, AfterValidator(_clean_text)]
Slug = Annotated[str, Field(pattern=ID_PATTERN, description="lowercase letters, digits and hyphens")]


class Rendition(BaseModel):
    """An article's text in one language."""

    model_config = ConfigDict(extra="forbid")

    title: Annotated[Line, Field(min_length=1, max_length=200)]
    summary: Annotated[Text, Field(min_length=1, max_length=600)]
    body: Annotated[Text, Field(min_length=1, max_length=100_000, description="restricted HTML, sanitized on write")]


class ArticleCreate(Rendition):
    source_lang: str = Field(description="language the title, summary and body are written in")
    category: Slug
    tags: Annotated[list[Slug], Field(max_length=10)] = []
    author: Annotated[Line, Field(min_length=1, max_length=120)]
    published_at: AwareDatetime | None = Field(
        default=None, description="ISO 8601 with time zone; in the future = scheduled; default now"
    )
    comments_open: bool = Field(default=True, description="whether readers may comment")
    translations: dict[str, Rendition] = Field(default={}, description="human translations by language code")


class ArticleUpdate(BaseModel):
    """Fields to change; omitted fields keep their value."""

    model_config = ConfigDict(extra="forbid")

    title: Annotated[Line, Field(min_length=1, max_length=200)] | None = None
    summary: Annotated[Text, Field(min_length=1, max_length=600)] | None = None
    body: Annotated[Text, Field(min_length=1, max_length=100_000)] | None = None
    category: Slug | None = None
    tags: Annotated[list[Slug], Field(max_length=10)] | None = None
    author: Annotated[Line, Field(min_length=1, max_length=120)] | None = None
    published_at: AwareDatetime | None = None
    status: Annotated[str, Field(pattern="^(published|unpublished)$")] | None = None
    comments_open: bool | None = None
    translations: dict[str, Rendition] = {}


class CategoryPut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    names: dict[str, Annotated[Line, Field(min_length=1, max_length=80)]] = Field(
        min_length=1, description="the category's name by language code"
    )


class NewComment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    author: Annotated[str, Field(max_length=500), AfterValidator(comment_author)]
    text: Annotated[str, Field(max_length=20_000), AfterValidator(comment_text)]
    lang: str | None = Field(default=None, description="language of the text; default: the article's")
    parent_id: str | None = Field(default=None, description="id of the top-level comment this replies to")
    website: str | None = Field(default=None, description="leave empty (a trap for bots)")


def iso(moment: datetime) -> str:
    """Timestamps are stored as sortable UTC strings: 2026-01-11T20:27:00Z."""
    from datetime import UTC

    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class NewReaction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str = Field(max_length=40, description="one of the configured reaction types (REACTION_TYPES)")


class NewShare(BaseModel):
    model_config = ConfigDict(extra="forbid")

    network: str = Field(max_length=40, description="facebook, x, whatsapp, telegram, email or copy")


class Glossary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    protected: Annotated[list[Annotated[Line, Field(max_length=80)]], Field(max_length=500)] = Field(
        default=[], description="names that are never translated, e.g. OpenAI"
    )
    terms: dict[
        Annotated[str, Field(pattern="^[a-z]{2,3}>[a-z]{2,3}$")], dict[Annotated[Line, Field(max_length=80)], Line]
    ] = Field(default={}, description='per language pair ("de>en"): source term -> target term, e.g. {"KI": "AI"}')
