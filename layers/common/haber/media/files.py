"""Where an image's files live in S3, and every S3 request of the media domain: the upload
form's original (`originals/`, the only key a form reaches), the checked original
(`checked/`), the renditions readers get (`images/`, content-addressed and immutable)."""

import hashlib

from haber.media.records import PresignedPost
from haber.media.settings import MediaSettings
from haber.platform import storage

ORIGINALS = "originals/"
CHECKED = "checked/"
RENDITIONS = "images/"
IMMUTABLE = "public, max-age=31536000, immutable"


def original_key(media_id: str) -> str:
    return f"{ORIGINALS}{media_id}"


def rendition_key(media_id: str, digest: str, extension: str) -> str:
    """Content-addressed: a changed image gets a new address, so every address is immutable."""
    return f"{RENDITIONS}{media_id}/{digest}.{extension}"


def upload_form(media_id: str, content_type: str, size: int) -> PresignedPost:
    """A presigned form upload of exactly the original's key, this type, at most `size` bytes."""
    settings = MediaSettings.load()
    key = original_key(media_id)
    url, fields = storage.presigned_upload(settings.bucket, key, content_type, size, settings.upload_seconds)
    return {"url": url, "fields": fields}


def read(key: str) -> bytes | None:
    """An original's bytes (None: gone, or larger than any upload may be)."""
    settings = MediaSettings.load()
    return storage.read(settings.bucket, key, limit=settings.max_upload_bytes)


def keep_checked(media_id: str, data: bytes, content_type: str) -> str:
    """The bytes the checks passed, kept where no upload form reaches (content-addressed):
    crops made later come from them, never from whatever is under originals/ then."""
    key = f"{CHECKED}{media_id}/{hashlib.sha256(data).hexdigest()[:20]}"
    storage.write(MediaSettings.load().bucket, key, data, content_type, "private, no-store")
    return key


def discard_original(media_id: str) -> None:
    storage.delete(MediaSettings.load().bucket, original_key(media_id))


def store_rendition(media_id: str, digest: str, extension: str, data: bytes, content_type: str) -> str:
    key = rendition_key(media_id, digest, extension)
    storage.write(MediaSettings.load().bucket, key, data, content_type, IMMUTABLE)
    return key


def delete_all(media_id: str) -> None:
    bucket = MediaSettings.load().bucket
    storage.delete_prefix(bucket, f"{RENDITIONS}{media_id}/")
    storage.delete_prefix(bucket, f"{CHECKED}{media_id}/")
    storage.delete(bucket, original_key(media_id))
