"""Reading the numbers: one article's stats, many articles' stats, most-read. Each is one
request (a BatchGetItem of the totals and the comment thread headers, or the period's
most-read item), most-read then a BatchGetItem of its articles."""

import time
from typing import Any, cast

from haber import articles, i18n
from haber.counters.settings import CounterSettings
from haber.platform import clock, keys
from haber.platform.db import batch_get, plain, table
from haber.platform.errors import BadRequest, field_error
from haber.platform.ids import check_article_id
from haber.platform.publication import is_live
from haber.platform.settings import get_settings

NETWORKS = ("facebook", "x", "whatsapp", "telegram", "email", "copy")
MAX_BATCH_IDS = 100
FRESH_SECONDS = 1.0
_recent: dict[tuple[str, str], tuple[float, dict[str, Any]]] = {}


def stats(article_id: str, lang: str) -> dict[str, Any]:
    return with_labels(_require_stats(article_id), lang)


def with_labels(numbers: dict[str, Any], lang: str) -> dict[str, Any]:
    """The counts as a page shows them: "71 Aufrufe", "0 Kommentare", "1 yorum"."""
    display = {
        "views": i18n.text(lang, "views.count", count=numbers["views"]),
        "comments": i18n.text(lang, "comments.count", count=numbers["comments"]),
    }
    if "like" in numbers["reactions"]:
        display["likes"] = i18n.text(lang, "reactions.likes", count=numbers["reactions"]["like"])
    return {**numbers, "display": display}


def many(ids: list[str], lang: str) -> dict[str, Any]:
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


def popular(lang: str, window: str, limit: int) -> dict[str, Any]:
    """Most-read published articles of the current day or week, as listing cards."""
    board = plain(table().get_item(Key=keys.leaderboard(window, clock.now())).get("Item") or {})
    entries = (board.get("entries") or {}).items()
    ranked = sorted(((str(article_id), int(views)) for article_id, views in entries), key=lambda e: (-e[1], e[0]))
    ranked = ranked[: limit * 2]  # room for articles unpublished since
    metas = {str(item["id"]): item for item in batch_get([keys.meta(article_id) for article_id, _ in ranked])}
    items = [
        {**articles.card(cast(articles.Meta, metas[article_id]), lang), "views": views}
        for article_id, views in ranked
        if is_live(metas.get(article_id))
    ]
    return {"window": window, "items": items[:limit]}


def recent_stats(article_id: str) -> dict[str, Any]:
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


def _require_stats(article_id: str) -> dict[str, Any]:
    found = _load([check_article_id(article_id)])
    if article_id not in found:
        raise articles.not_found(article_id)
    return found[article_id]


def _load(ids: list[str]) -> dict[str, dict[str, Any]]:
    """Each article's totals and its comment thread header (which says whether it is live)."""
    wanted = [key for article_id in ids for key in (keys.stats(article_id), keys.thread_header(article_id))]
    by_key = {(item["pk"], item["sk"]): item for item in batch_get(wanted)}
    found = {}
    for article_id in ids:
        header = by_key.get((keys.comment_thread(article_id), keys.THREAD_HEADER))
        if not is_live(header):
            continue
        stats_key = keys.stats(article_id)
        counted = by_key.get((stats_key["pk"], stats_key["sk"]), {})
        found[article_id] = totals(article_id, header or {}, counted)
    return found


def totals(article_id: str, header: dict[str, Any], counted: dict[str, Any]) -> dict[str, Any]:
    """The numbers of an article from its STATS item and its comment thread header."""
    reactions = {kind: max(0, counted.get(f"reaction:{kind}", 0)) for kind in CounterSettings.load().reaction_types}
    shares = {network: counted.get(f"share:{network}", 0) for network in NETWORKS}
    return {
        "id": article_id,
        "views": counted.get("views", 0),
        "comments": header.get("count", 0),
        "reactions": reactions,
        "shares": {"total": sum(shares.values()), **shares},
    }
