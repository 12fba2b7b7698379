"""Media: images uploaded to S3, checked and resized by the media processor, described in
every language, and used by articles as lead image and figures."""

from typing import TYPE_CHECKING

from haber.media.figures import FORMATS, description, expand, figure_html, figure_ids, served
from haber.media.records import Description, Image, MediaItem
from haber.platform import lazy

# Readers only need the figures; the library, uploads and processing load on first use.
if TYPE_CHECKING:
    from haber.media.library import create, delete, for_editors, listing, load, source_hash, update
    from haber.media.models import CONTENT_TYPES, MediaCreate, MediaUpdate
    from haber.media.settings import MediaSettings
    from haber.media.usage import described, operations
else:
    __getattr__ = lazy.names(
        __name__,
        {
            "library": ("create", "delete", "for_editors", "listing", "load", "source_hash", "update"),
            "models": ("CONTENT_TYPES", "MediaCreate", "MediaUpdate"),
            "settings": ("MediaSettings",),
            "usage": ("described", "operations"),
        },
    )

__all__ = [
    "CONTENT_TYPES",
    "FORMATS",
    "Description",
    "Image",
    "MediaCreate",
    "MediaItem",
    "MediaSettings",
    "MediaUpdate",
    "create",
    "delete",
    "described",
    "description",
    "expand",
    "figure_html",
    "figure_ids",
    "for_editors",
    "listing",
    "load",
    "operations",
    "served",
    "source_hash",
    "update",
]
