"""Articles: reading (documents, listings, related), editing, slugs, categories, and the
sanitizer every stored body passes through."""

from typing import TYPE_CHECKING

from haber.articles import categories
from haber.articles.reading import (
    card,
    document,
    forget_slugs,
    get_by_slug,
    get_live,
    listing,
    load,
    not_found,
    page_items,
    reading_minutes,
    related,
)
from haber.articles.sanitizing import sanitize, text_of
from haber.articles.slugs import slugify
from haber.platform import lazy

# Editing (and, through it, comments and media's write side) and the request models load
# on first use: readers never need them.
if TYPE_CHECKING:
    from haber.articles.editing import create, expected_version, save_machine_rendition, source_hash, unpublish, update
    from haber.articles.models import ArticleCreate, ArticleUpdate, CategoryPut, Rendition
else:
    __getattr__ = lazy.names(
        __name__,
        {
            "editing": ("create", "expected_version", "save_machine_rendition", "source_hash", "unpublish", "update"),
            "models": ("ArticleCreate", "ArticleUpdate", "CategoryPut", "Rendition"),
        },
    )

__all__ = [
    "ArticleCreate",
    "ArticleUpdate",
    "CategoryPut",
    "Rendition",
    "card",
    "categories",
    "create",
    "document",
    "expected_version",
    "forget_slugs",
    "get_by_slug",
    "get_live",
    "listing",
    "load",
    "not_found",
    "page_items",
    "reading_minutes",
    "related",
    "sanitize",
    "save_machine_rendition",
    "slugify",
    "source_hash",
    "text_of",
    "unpublish",
    "update",
]
