"""Categories: localized names and the number of live articles in each.

A category item counts its published articles (`article_count`) and names, for each one
still scheduled, when it goes live (`upcoming:<article id>`). Readers get the live count:
the count less those whose time has not come. So a category with only an embargoed
article shows nowhere, and shows the moment the article goes live, with no scheduler.
"""

from collections.abc import Mapping
from typing import Any, NotRequired, TypedDict

from haber.articles import store
from haber.articles.records import Meta
from haber.platform import clock, languages
from haber.platform.settings import get_settings
from haber.platform.shapes import Request


class Category(TypedDict):
    id: str
    name: str
    lang: str  # the language `name` is in (the default language's, if the asked one has none)
    article_count: int
    names: NotRequired[dict[str, str]]  # every language's (PUT answers with them)


class Categories(TypedDict):
    items: list[Category]


def listing(lang: str) -> Categories:
    return {"items": [_localized(item, lang) for item in store.categories()]}


def put(category_id: str, names: dict[str, str]) -> Category:
    for lang in names:
        languages.check(lang, f"names.{lang}")
    item = store.put_category(category_id, names)
    return {**_localized(item, get_settings().default_language), "names": item["names"]}


def _localized(item: Mapping[str, Any], lang: str) -> Category:
    names = item["names"]
    default = get_settings().default_language
    served = lang if lang in names else default if default in names else next(iter(names))
    return {"id": item["sk"], "name": names[served], "lang": served, "article_count": live_count(item)}


def live_count(item: Mapping[str, Any]) -> int:
    now = clock.now_iso()
    not_yet = sum(1 for name, value in item.items() if name.startswith(store.UPCOMING) and value > now)
    return int(item["article_count"]) - not_yet


def scheduled(article: Meta | None) -> bool:
    """Was the article, when it was written, published with a later publication time?
    Then its category names it as upcoming."""
    return article is not None and article["status"] == "published" and article["published_at"] > article["updated_at"]


def count_changes(meta: Meta, old: Meta | None) -> dict[str, Request]:
    """The category updates an article's write takes (in its transaction), by category:
    its published article moved in or out of the count, its upcoming entry set or removed."""
    adds: dict[str, int] = {}
    if old is not None and old["status"] == "published":
        adds[old["category"]] = -1
    if meta["status"] == "published":
        adds[meta["category"]] = adds.get(meta["category"], 0) + 1
    touched = [*adds, *([old["category"]] if old is not None and scheduled(old) else [])]
    changes = {}
    for category_id in dict.fromkeys(touched):
        upcoming = meta["published_at"] if scheduled(meta) and category_id == meta["category"] else None
        was_upcoming = old is not None and scheduled(old) and category_id == old["category"]
        update = store.count_update(meta["id"], adds.get(category_id, 0), upcoming, was_upcoming)
        if update:
            changes[category_id] = update
    return changes


def forget_gone_live(category_id: str) -> int:
    """Take out the upcoming entries whose time has come (they no longer change the count);
    best effort, each only if unchanged meanwhile. Returns how many went."""
    now = clock.now_iso()
    gone = {name: value for name, value in store.upcoming_entries(category_id).items() if value <= now}
    return len(gone) if gone and store.remove_entries(category_id, gone) else 0
