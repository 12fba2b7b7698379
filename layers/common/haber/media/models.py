"""Editors' request bodies for media, validated by Powertools with pydantic."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from haber.platform.text import Line, Text

# What an upload may claim to be; SVG never (it is a script carrier), whatever it says.
CONTENT_TYPES = ("image/jpeg", "image/png", "image/webp", "image/avif")


class MediaCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    filename: Annotated[Line, Field(min_length=1, max_length=200, description="the file's name, for editors")]
    content_type: str = Field(description="image/jpeg, image/png, image/webp or image/avif")
    size: int = Field(gt=0, description="the file's size in bytes")


class Focal(BaseModel):
    """Where the subject is, as fractions of the width and height from the top left."""

    model_config = ConfigDict(extra="forbid")

    x: float = Field(ge=0, le=1)
    y: float = Field(ge=0, le=1)


class MediaText(BaseModel):
    model_config = ConfigDict(extra="forbid")

    alt: Annotated[Line, Field(min_length=1, max_length=300, description="what the image shows, for screen readers")]
    caption: Annotated[Text, Field(max_length=1000, description="plain text shown under the image")] | None = None


class MediaUpdate(BaseModel):
    """Fields to change; omitted fields keep their value."""

    model_config = ConfigDict(extra="forbid")

    lang: str | None = Field(default=None, description="language of alt and caption (default: the current one)")
    alt: Annotated[Line, Field(min_length=1, max_length=300)] | None = None
    caption: Annotated[Text, Field(max_length=1000)] | None = None
    translations: dict[str, MediaText] = Field(default={}, description="human translations by language code")
    credit: Annotated[Line, Field(max_length=200)] | None = None
    licence: Annotated[Line, Field(max_length=200)] | None = None
    focal: Focal | None = Field(default=None, description="the point crops keep in view; default the centre")


MediaStatus = Literal["pending", "ready", "rejected"]
