"""Articles: reading (documents, listings, related), editing, slugs, categories, and the
sanitizer every stored body passes through."""

from haber.articles import categories
from haber.articles.editing import create, expected_version, save_machine_rendition, source_hash, unpublish, update
from haber.articles.models import ArticleCreate, ArticleUpdate, CategoryPut, Rendition
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
