"""Request bodies of the editor routes, validated by Powertools with pydantic."""

import re
import unicodedata
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,39}$"


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
    translations: dict[str, Rendition] = {}


class CategoryPut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    names: dict[str, Annotated[Line, Field(min_length=1, max_length=80)]] = Field(
        min_length=1, description="the category's name by language code"
    )


def iso(moment: datetime) -> str:
    """Timestamps are stored as sortable UTC strings: 2026-01-11T20:27:00Z."""
    from datetime import UTC

    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
