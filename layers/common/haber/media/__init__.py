"""Media: images uploaded to S3, checked and resized by the media processor, described in
every language, and used by articles as lead image and figures."""

from haber.media import processing
from haber.media.figures import FORMATS, description, expand, figure_html, figure_ids, served
from haber.media.library import ORIGINALS, create, delete, listing, load, original_key, text_hash, update, view
from haber.media.models import CONTENT_TYPES, MediaCreate, MediaUpdate
from haber.media.settings import MediaSettings
from haber.media.usage import described, operations

__all__ = [
    "CONTENT_TYPES",
    "FORMATS",
    "ORIGINALS",
    "MediaCreate",
    "MediaSettings",
    "MediaUpdate",
    "create",
    "delete",
    "described",
    "description",
    "expand",
    "figure_html",
    "figure_ids",
    "listing",
    "load",
    "operations",
    "original_key",
    "processing",
    "served",
    "text_hash",
    "update",
    "view",
]
