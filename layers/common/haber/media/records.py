"""What the media domain stores and answers, typed (TypedDicts: plain dicts at run time, so
an article's read pays nothing for them). docs/data-model.md has the keys."""

from typing import NotRequired, TypedDict


class Focal(TypedDict):
    """The point crops keep central, as fractions from the top left."""

    x: float
    y: float


class StoredRendition(TypedDict):
    """One file of an image in S3, as the media item records it."""

    key: str
    crop: str  # original (a width), 1:1, 4:3, 16:9 or preview
    format: str  # webp or jpeg
    width: int
    height: int
    bytes: int


class ImageText(TypedDict):
    """Alt text and caption in one language."""

    alt: str
    caption: NotRequired[str]
    origin: str  # source, human or machine
    source_hash: str  # of the source text it was made from
    provider: NotRequired[str]


class MediaItem(TypedDict):
    """A media item (`MEDIA#<id>`) from its announcement to its deletion."""

    id: str
    status: str  # pending, ready, rejected (deleting while its files go)
    filename: str
    content_type: str
    size: int
    created_at: str
    updated_at: str
    created_by: str
    updated_by: str
    version: int
    focal: Focal
    reason_code: NotRequired[str]
    reason: NotRequired[str]
    attempts: NotRequired[int]
    checked: NotRequired[str]  # S3 key of the checked original
    width: NotRequired[int]
    height: NotRequired[int]
    placeholder: NotRequired[str]
    renditions: NotRequired[list[StoredRendition]]
    rendered_focal: NotRequired[Focal]
    credit: NotRequired[str]
    licence: NotRequired[str]
    source_lang: NotRequired[str]
    source_hash: NotRequired[str]
    texts: NotRequired[dict[str, ImageText]]
    used_by: NotRequired[set[str]]


class DescribedText(TypedDict):
    alt: str
    caption: str | None
    origin: str
    stale: bool


class Description(TypedDict):
    """What an article keeps of an image it uses: everything a reader's copy needs."""

    id: str
    version: int
    width: int
    height: int
    renditions: list[StoredRendition]
    texts: dict[str, DescribedText]
    placeholder: NotRequired[str]
    credit: NotRequired[str]
    licence: NotRequired[str]
    source_lang: NotRequired[str]


class Preview(TypedDict):
    src: str
    width: int
    height: int


class ImageTranslation(TypedDict):
    origin: str
    stale: bool


class Image(TypedDict):
    """An image as a frontend inserts it, in one language."""

    id: str
    src: str
    srcset: dict[str, str]  # by MIME type
    sizes: str
    width: int
    height: int
    alt: str
    caption: str | None
    credit: str | None
    licence: str | None
    placeholder: str | None
    lang: str | None
    crops: dict[str, str]
    preview: Preview
    translation: NotRequired[ImageTranslation]


class PresignedPost(TypedDict):
    """S3's form upload: where to post, and the signed fields to post with the file."""

    url: str
    fields: dict[str, str]


class UploadForm(PresignedPost):
    method: str
    expires_at: str


class ForEditors(TypedDict):
    """A media item as editors get it: its state, and once ready, every language's copy."""

    id: str
    status: str
    filename: str
    content_type: str
    size: int
    created_at: str
    updated_at: str
    version: int
    focal: Focal
    used_by: list[str]
    texts: dict[str, DescribedText]
    reason_code: NotRequired[str]
    reason: NotRequired[str]
    width: NotRequired[int]
    height: NotRequired[int]
    placeholder: NotRequired[str]
    credit: NotRequired[str]
    licence: NotRequired[str]
    source_lang: NotRequired[str]
    images: NotRequired[dict[str, Image]]
    upload: NotRequired[UploadForm]  # only in the answer to POST /media


class Library(TypedDict):
    items: list[ForEditors]
    next_cursor: str | None
