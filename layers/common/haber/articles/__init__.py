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
    metadata,
    not_found,
    page_items,
    published,
    reading_minutes,
    related,
)
from haber.articles.records import Article, ArticleText, Document, Listed, Meta, TagEntry
from haber.articles.sanitizing import sanitize, text_of
from haber.articles.slugs import slugify
from haber.platform import lazy

# Editing (and, through it, comments and media's write side) and the request models load
# on first use: readers never need them.
if TYPE_CHECKING:
    from haber.articles.checks import expected_version
    from haber.articles.editing import create, source_hash, unpublish, update
    from haber.articles.machine import save_machine_text
    from haber.articles.models import ArticleCreate, ArticleUpdate, CategoryPut, Rendition
    from haber.articles.store import load
else:
    __getattr__ = lazy.names(
        __name__,
        {
            "checks": ("expected_version",),
            "editing": ("create", "source_hash", "unpublish", "update"),
            "machine": ("save_machine_text",),
            "models": ("ArticleCreate", "ArticleUpdate", "CategoryPut", "Rendition"),
            "store": ("load",),
        },
    )

__all__ = [
    "Article",
    "ArticleCreate",
    "ArticleText",
    "ArticleUpdate",
    "CategoryPut",
    "Document",
    "Listed",
    "Meta",
    "Rendition",
    "TagEntry",
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
    "metadata",
    "not_found",
    "page_items",
    "published",
    "reading_minutes",
    "related",
    "sanitize",
    "save_machine_text",
    "slugify",
    "source_hash",
    "text_of",
    "unpublish",
    "update",
]
