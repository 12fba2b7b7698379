"""Reading the numbers: one article's stats, many articles' stats, most-read. Each is one
request (a BatchGetItem of the totals and the comment thread headers, or the period's
most-read item), most-read then a BatchGetItem of its articles."""

import time
from typing import NotRequired, TypedDict

from haber import articles, i18n
from haber.counters import store
from haber.counters.settings import CounterSettings
from haber.platform import clock, keys
from haber.platform.errors import BadRequest, field_error
from haber.platform.ids import check_article_id
from haber.platform.publication import is_live
from haber.platform.settings import get_settings
from haber.platform.shapes import Item

NETWORKS = ("facebook", "x", "whatsapp", "telegram", "email", "copy")
MAX_BATCH_IDS = 100
FRESH_SECONDS = 1.0


class Numbers(TypedDict):
    """An article's counts: reactions by reaction type, shares by network and in total."""

    id: str
    views: int
    comments: int
    reactions: dict[str, int]
    shares: dict[str, int]


class Display(TypedDict):
    views: str
    comments: str
    likes: NotRequired[str]


class Stats(Numbers):
    """The counts and their labels in the reader's language."""

    display: Display


class ManyStats(TypedDict):
    items: list[Stats]
    not_found: list[str]


class MostRead(articles.Listed):
    """An article as a listing shows it, with its views in the period."""

    views: int


class Popular(TypedDict):
    window: str
    items: list[MostRead]


_recent: dict[tuple[str, str], tuple[float, Numbers]] = {}


def stats(article_id: str, lang: str) -> Stats:
    return with_labels(_require_stats(article_id), lang)


def with_labels(numbers: Numbers, lang: str) -> Stats:
    """The counts as a page shows them: "71 Aufrufe", "0 Kommentare", "1 yorum"."""
    display: Display = {
        "views": i18n.text(lang, "views.count", count=numbers["views"]),
        "comments": i18n.text(lang, "comments.count", count=numbers["comments"]),
    }
    if "like" in numbers["reactions"]:
        display["likes"] = i18n.text(lang, "reactions.likes", count=numbers["reactions"]["like"])
    return {**numbers, "display": display}


def many(ids: list[str], lang: str) -> ManyStats:
    """Stats of up to 100 articles: one BatchGetItem per 50 articles."""
    if not 1 <= len(ids) <= MAX_BATCH_IDS:
        raise BadRequest(
            f"Ask for 1 to {MAX_BATCH_IDS} article ids.",
            [field_error("ids", "has too many or no ids")],
            code="invalid_ids",
        )
    for article_id in ids:
        check_article_id(article_id)
    unique = list(dict.fromkeys(ids))
    found = _load(unique)
    return {
        "items": [with_labels(found[article_id], lang) for article_id in unique if article_id in found],
        "not_found": [article_id for article_id in unique if article_id not in found],
    }


def popular(lang: str, window: str, limit: int) -> Popular:
    """Most-read published articles of the current day or week, as listing cards."""
    item = store.most_read(keys.leaderboard(window, clock.now()))
    entries = ((item.get("entries") or {}) if item else {}).items()
    ranked = sorted(((str(article_id), int(views)) for article_id, views in entries), key=lambda e: (-e[1], e[0]))
    ranked = ranked[: limit * 2]  # room for articles unpublished since
    metas = store.metas([article_id for article_id, _ in ranked])
    items = [
        MostRead(**articles.card(metas[article_id], lang), views=views)
        for article_id, views in ranked
        if is_live(metas.get(article_id))
    ]
    return {"window": window, "items": items[:limit]}


def recent_stats(article_id: str) -> Numbers:
    """The stats for a view, reaction or share, read at most once a second per instance:
    a viral article's views must not all read its STATS item (a hot key for reads too).
    The totals lag the stream by about as much anyway."""
    key = (get_settings().table_name, article_id)
    now = time.monotonic()
    cached = _recent.get(key)
    if cached and cached[0] > now:
        return cached[1]
    numbers = _require_stats(article_id)
    if len(_recent) >= 1024:
        _recent.clear()
    _recent[key] = (now + FRESH_SECONDS, numbers)
    return numbers


def _require_stats(article_id: str) -> Numbers:
    found = _load([check_article_id(article_id)])
    if article_id not in found:
        raise articles.not_found(article_id)
    return found[article_id]


def _load(ids: list[str]) -> dict[str, Numbers]:
    """Each live article's totals (its comment thread header says whether it is live)."""
    return {
        article_id: totals(article_id, header or {}, counted)
        for article_id, (header, counted) in store.stats_and_headers(ids).items()
        if is_live(header)
    }


def totals(article_id: str, header: Item, counted: Item) -> Numbers:
    """The numbers of an article from its STATS item and its comment thread header (raw)."""
    reactions = {
        reaction_type: max(0, counted.get(store.reaction_field(reaction_type), 0))
        for reaction_type in CounterSettings.load().reaction_types
    }
    shares = {network: counted.get(store.share_field(network), 0) for network in NETWORKS}
    return {
        "id": article_id,
        "views": counted.get(store.VIEWS, 0),
        "comments": header.get("count", 0),
        "reactions": reactions,
        "shares": {"total": sum(shares.values()), **shares},
    }
