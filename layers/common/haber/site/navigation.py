"""What pages show around their own content: categories with their localized addresses,
the most-read list, an article's related articles. They change slowly, so an instance
keeps them a minute: a page costs no request for them most of the time (and the CDN keeps
pages for minutes anyway)."""

import re
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, unquote

from haber import articles, counters, i18n
from haber.platform import addresses
from haber.platform.settings import get_settings
from haber.platform.shapes import Item
from haber.platform.text import ID_PATTERN, SLUG_PATTERN

KEEP_SECONDS = 60.0
MOST_READ = 5
KEPT_AT_MOST = 1024  # entries: a busy instance starts afresh rather than grow
_kept: dict[tuple[str, ...], tuple[float, Any]] = {}


def _kept_for_a_minute(key: tuple[str, ...], load: Callable[[], Any]) -> Any:
    now = time.monotonic()
    found = _kept.get(key)
    if found and found[0] > now:
        return found[1]
    value = load()
    if len(_kept) >= KEPT_AT_MOST:
        _kept.clear()
    _kept[key] = (now + KEEP_SECONDS, value)
    return value


def forget() -> None:
    """As a new instance starts: nothing kept."""
    _kept.clear()


def category_path(lang: str, name: str) -> str:
    return f"/{lang}/{i18n.text(lang, 'site.category_path')}/{quote(articles.slugify(name, lang))}"


class Section(articles.categories.Category):
    """A category as the pages link it: with its page's path and address in this language."""

    path: str
    url: str


def categories(lang: str) -> list[Section]:
    """The categories with articles, each with its page in this language."""

    def load() -> list[Section]:
        listed = articles.categories.listing(lang)["items"]
        return [
            Section(
                **item,
                path=category_path(lang, item["name"]),
                url=addresses.origin() + category_path(lang, item["name"]),
            )
            for item in listed
            if item["article_count"] > 0
        ]

    result: list[Section] = _kept_for_a_minute((get_settings().table_name, "categories", lang), load)
    return result


def find_category(lang: str, slug: str) -> Section | None:
    """A category by the last part of its address in this language."""
    wanted = quote(unquote(slug))
    return next((c for c in categories(lang) if c["path"].rsplit("/", 1)[1] == wanted), None)


def find_in_directory(kind: str, lang: str, slug: str) -> Item | articles.directory.Moved | None:
    """An author or tag by the last part of its address in this language, asked afresh each
    time (one GetItem), or where an address it left goes now. A tag articles name that was
    never given names is found by its id (its page shows only if it has articles: the
    caller looks)."""
    wanted = unquote(slug)
    if not re.fullmatch(SLUG_PATTERN, wanted):  # not an address Haber makes: no lookup
        return None
    found = articles.directory.at_address(kind, lang, wanted)
    if found is None and kind == "tag" and re.fullmatch(ID_PATTERN, wanted):
        return articles.directory.unnamed_tag(wanted)
    return found


def timeline(kind: str, item_id: str, lang: str, limit: int, cursor: str | None) -> articles.Listing:
    """An author's or a tag's articles, newest first."""
    if kind == "author":
        return articles.listing(lang, limit, None, None, cursor, author=item_id)
    return articles.listing(lang, limit, None, item_id, cursor)


def most_read(lang: str) -> list[counters.MostRead]:
    def load() -> list[counters.MostRead]:
        return counters.popular(lang, "day", MOST_READ)["items"] or counters.popular(lang, "week", MOST_READ)["items"]

    result: list[counters.MostRead] = _kept_for_a_minute((get_settings().table_name, "most_read", lang), load)
    return result


def related(article_id: str, lang: str, limit: int) -> list[articles.Listed]:
    """An article page's related articles (the API's related route)."""

    def load() -> list[articles.Listed]:
        return articles.related(article_id, lang, limit)["items"]

    result: list[articles.Listed] = _kept_for_a_minute((get_settings().table_name, "related", lang, article_id), load)
    return result
