"""Articles: reading (documents, listings, related), editing, slugs, categories, and the
sanitizer every stored body passes through."""

from typing import TYPE_CHECKING

from haber.articles import categories as categories
from haber.articles import directory as directory
from haber.articles.directory import Author as Author
from haber.articles.directory import Tag as Tag
from haber.articles.reading import card as card
from haber.articles.reading import document as document
from haber.articles.reading import forget_slugs as forget_slugs
from haber.articles.reading import get_by_slug as get_by_slug
from haber.articles.reading import get_live as get_live
from haber.articles.reading import listing as listing
from haber.articles.reading import metadata as metadata
from haber.articles.reading import not_found as not_found
from haber.articles.reading import page_items as page_items
from haber.articles.reading import published as published
from haber.articles.reading import reading_minutes as reading_minutes
from haber.articles.reading import related as related
from haber.articles.records import TEXT_TYPE as TEXT_TYPE
from haber.articles.records import Article as Article
from haber.articles.records import ArticleText as ArticleText
from haber.articles.records import Document as Document
from haber.articles.records import Listed as Listed
from haber.articles.records import Listing as Listing
from haber.articles.records import Meta as Meta
from haber.articles.records import TagEntry as TagEntry
from haber.articles.review import live_languages as live_languages
from haber.articles.sanitizing import sanitize as sanitize
from haber.articles.sanitizing import text_of as text_of
from haber.articles.slugs import slugify as slugify
from haber.articles.store import add_correction_text as add_correction_text
from haber.articles.store import load as load
from haber.platform import lazy

# Editing (and, through it, comments and media's write side) and the request models load
# on first use: readers never need them.
if TYPE_CHECKING:
    from haber.articles import images as images
    from haber.articles import newsroom as newsroom
    from haber.articles import preview as preview
    from haber.articles import revisions as revisions
    from haber.articles.checks import expected_version as expected_version
    from haber.articles.editing import approve as approve
    from haber.articles.editing import correct as correct
    from haber.articles.editing import create as create
    from haber.articles.editing import restore as restore
    from haber.articles.editing import source_hash as source_hash
    from haber.articles.editing import unpublish as unpublish
    from haber.articles.editing import update as update
    from haber.articles.machine import save_machine_text as save_machine_text
    from haber.articles.models import ArticleCreate as ArticleCreate
    from haber.articles.models import ArticleUpdate as ArticleUpdate
    from haber.articles.models import AuthorPut as AuthorPut
    from haber.articles.models import CategoryPut as CategoryPut
    from haber.articles.models import CorrectionCreate as CorrectionCreate
    from haber.articles.models import Rendition as Rendition
    from haber.articles.models import TagPut as TagPut
else:
    __getattr__ = lazy.names(__name__)
