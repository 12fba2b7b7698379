"""Views, reactions and shares: cheap on the request path, exact in the totals.

A view, reaction or share writes one small item of its own (a marker), never a shared
counter: markers have distinct keys, so a viral article cannot throttle one partition.
The table's stream carries each new marker to the aggregator (haber/aggregation.py),
which adds them up per article in batches. Reading the numbers is one request.
"""

import re
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from haber import articles, i18n, keys
from haber.db import batch_get, plain, table
from haber.errors import BadRequest, NotFound, field_error
from haber.settings import get_settings
from haber.signing import visitor_hash

NETWORKS = ("facebook", "x", "whatsapp", "telegram", "email", "copy")
MAX_BATCH_IDS = 100
FRESH_SECONDS = 1.0
_recent: dict[tuple[str, str], tuple[float, dict[str, Any]]] = {}
MARKER_DAYS = 2  # longer than the stream's 24-hour retention, so a retried record finds its receipt
# Crawlers, link-preview fetchers and scripted clients: their requests are not readers.
BOTS = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|preview|facebookexternalhit|embedly|whatsapp|telegram|skypeuripreview|"
    r"headless|phantomjs|lighthouse|curl/|wget/|python-requests|python-urllib|go-http-client|java/|okhttp|^$",
    re.IGNORECASE,
)


def clock() -> datetime:
    return datetime.now(UTC)


def is_bot(user_agent: str) -> bool:
    return bool(BOTS.search(user_agent.strip()))


def view(article_id: str, ip: str, user_agent: str) -> dict[str, Any]:
    """Count a reader's view (once per visitor, article and day) and return the count."""
    stats = _recent_stats(article_id)
    settings = get_settings()
    if settings.filter_bots and is_bot(user_agent):
        return {"views": stats["views"], "counted": False}
    day = clock().strftime("%Y-%m-%d")
    visitor = visitor_hash(ip, user_agent, day) if settings.deduplicate_views else uuid.uuid4().hex
    marker = {
        "pk": f"VIEW#{article_id}#{day}#{visitor}",
        "sk": "VIEW",
        "type": "view",
        "article_id": article_id,
        "expires_at": _expiry(),
    }
    counted = _put_once(marker)
    return {"views": stats["views"] + int(counted), "counted": counted}


def react(article_id: str, kind: str, ip: str, user_agent: str, add: bool) -> dict[str, Any]:
    """Add or take back a reaction; one per visitor (daily-salted hash), article and kind."""
    _one_of(kind, get_settings().reaction_types, "type", "reaction")
    stats = _recent_stats(article_id)
    visitor = visitor_hash(ip, user_agent, clock().strftime("%Y-%m-%d"))
    key = {"pk": f"REACTION#{article_id}#{kind}#{visitor}", "sk": "REACTION"}
    if add:
        changed = _put_once({**key, "type": "reaction", "kind": kind, "article_id": article_id})
    else:
        changed = _delete_once(key)
    count = stats["reactions"].get(kind, 0) + (int(changed) if add else -int(changed))
    return {"type": kind, "reacted": add, "count": max(count, 0), "changed": changed}


def share(article_id: str, network: str) -> dict[str, Any]:
    _one_of(network, NETWORKS, "network", "network")
    stats = _recent_stats(article_id)
    event: dict[str, Any] = {
        "pk": f"SHARE#{article_id}#{uuid.uuid4().hex}",
        "sk": "SHARE",
        "type": "share",
        "network": network,
        "article_id": article_id,
        "expires_at": _expiry(),
    }
    table().put_item(Item=event)
    return {"network": network, "count": stats["shares"].get(network, 0) + 1}


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
    """Stats of up to 100 articles: two BatchGetItem requests (stats and comment counts)."""
    if not 1 <= len(ids) <= MAX_BATCH_IDS:
        raise BadRequest(
            f"Ask for 1 to {MAX_BATCH_IDS} article ids.",
            [field_error("ids", "has too many or no ids")],
            code="invalid_ids",
        )
    for article_id in ids:
        articles.check_id(article_id)
    unique = list(dict.fromkeys(ids))
    found = _load(unique)
    return {
        "items": [with_labels(found[article_id], lang) for article_id in unique if article_id in found],
        "not_found": [article_id for article_id in unique if article_id not in found],
    }


def popular(lang: str, window: str, limit: int) -> dict[str, Any]:
    """Most-read published articles of the current day or week, as listing cards."""
    from haber.aggregation import ranking_partition

    response = table().query(
        IndexName="ranking",
        KeyConditionExpression=Key("rank_pk").eq(ranking_partition(window, clock())),
        ScanIndexForward=False,
        Limit=limit * 2,  # room for articles unpublished since
    )
    ranked = [(str(item["sk"]), int(plain(item)["rank_views"])) for item in response["Items"]]
    wanted = [{"pk": keys.article(article_id), "sk": keys.META} for article_id, _ in ranked]
    metas = {str(item["id"]): item for item in batch_get(wanted)}
    items = [
        {**articles.card(metas[article_id], lang), "views": views}
        for article_id, views in ranked
        if articles.is_public(metas.get(article_id))
    ]
    return {"window": window, "items": items[:limit]}


def _one_of(value: str, allowed: tuple[str, ...], field: str, what: str) -> None:
    if value not in allowed:
        raise BadRequest(
            f"Unknown {what} {value!r}; allowed: {', '.join(allowed)}.",
            [field_error(field, f"must be one of {', '.join(allowed)}")],
            code=f"unknown_{what}",
        )


def _recent_stats(article_id: str) -> dict[str, Any]:
    """The stats for a view, reaction or share, read at most once a second per instance:
    a viral article's views must not all read its STATS item (a hot key for reads too).
    The totals lag the stream by about as much anyway."""
    key = (get_settings().table_name, article_id)
    now = time.monotonic()
    cached = _recent.get(key)
    if cached and cached[0] > now:
        return cached[1]
    stats = _require_stats(article_id)
    if len(_recent) >= 1024:
        _recent.clear()
    _recent[key] = (now + FRESH_SECONDS, stats)
    return stats


def _require_stats(article_id: str) -> dict[str, Any]:
    found = _load([articles.check_id(article_id)])
    if article_id not in found:
        raise NotFound(f"Article {article_id} does not exist or is not published.", code="article_not_found")
    return found[article_id]


def _load(ids: list[str]) -> dict[str, dict[str, Any]]:
    """One BatchGetItem per 50 articles: each article's totals and its comment thread header."""
    wanted = [key for article_id in ids for key in (keys.stats(article_id), keys.thread_header(article_id))]
    by_key = {(item["pk"], item["sk"]): item for item in batch_get(wanted)}
    found = {}
    for article_id in ids:
        header = by_key.get((keys.comment_thread(article_id), keys.THREAD_HEADER))
        if not header or header["status"] != "published" or header["published_at"] > articles.now_iso():
            continue
        totals = by_key.get((keys.article(article_id), "STATS"), {})
        found[article_id] = _shape(article_id, header, totals)
    return found


def _shape(article_id: str, header: dict[str, Any], totals: dict[str, Any]) -> dict[str, Any]:
    reactions = {kind: max(0, totals.get(f"reaction:{kind}", 0)) for kind in get_settings().reaction_types}
    shares = {network: totals.get(f"share:{network}", 0) for network in NETWORKS}
    return {
        "id": article_id,
        "views": totals.get("views", 0),
        "comments": header.get("count", 0),
        "reactions": reactions,
        "shares": {"total": sum(shares.values()), **shares},
    }


def _put_once(item: Any) -> bool:
    try:
        table().put_item(Item=item, ConditionExpression="attribute_not_exists(pk)")
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise
    return True


def _delete_once(key: dict[str, str]) -> bool:
    try:
        table().delete_item(Key=key, ConditionExpression="attribute_exists(pk)")
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise
    return True


def _expiry() -> int:
    return int((clock() + timedelta(days=MARKER_DAYS)).timestamp())
