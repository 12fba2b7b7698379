"""Views, reactions and shares: cheap on the request path, exact in the totals.

A view, reaction or share writes one small item of its own (a marker), never a shared
counter: markers have distinct keys, so a viral article cannot throttle one partition.
The table's stream carries each new marker to the aggregator (aggregation.py), which adds
them up per article in batches.
"""

import re
import uuid
from datetime import timedelta
from typing import Any

from haber.counters.reading import NETWORKS, recent_stats
from haber.counters.settings import CounterSettings
from haber.platform import clock, keys
from haber.platform.db import delete_if_present, put_if, table
from haber.platform.errors import BadRequest, field_error
from haber.platform.signing import visitor_hash

MARKER_DAYS = 2  # longer than the stream's 24-hour retention, so a retried record finds its receipt
# Crawlers, link-preview fetchers and scripted clients: their requests are not readers.
BOTS = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|preview|facebookexternalhit|embedly|whatsapp|telegram|skypeuripreview|"
    r"headless|phantomjs|lighthouse|curl/|wget/|python-requests|python-urllib|go-http-client|java/|okhttp|^$",
    re.IGNORECASE,
)


def is_bot(user_agent: str) -> bool:
    return bool(BOTS.search(user_agent.strip()))


def view(article_id: str, ip: str, user_agent: str) -> dict[str, Any]:
    """Count a reader's view (once per visitor, article and day) and return the count."""
    stats = recent_stats(article_id)
    settings = CounterSettings.load()
    if settings.filter_bots and is_bot(user_agent):
        return {"views": stats["views"], "counted": False}
    day = clock.today()
    visitor = visitor_hash(ip, user_agent, day) if settings.deduplicate_views else uuid.uuid4().hex
    marker = {**keys.view(article_id, day, visitor), "type": "view", "article_id": article_id, "expires_at": _expiry()}
    counted = put_if(marker)
    return {"views": stats["views"] + int(counted), "counted": counted}


def react(article_id: str, kind: str, ip: str, user_agent: str, add: bool) -> dict[str, Any]:
    """Add or take back a reaction; one per visitor (daily-salted hash), article and kind."""
    _one_of(kind, CounterSettings.load().reaction_types, "type", "reaction")
    stats = recent_stats(article_id)
    key = keys.reaction(article_id, kind, visitor_hash(ip, user_agent, clock.today()))
    if add:
        changed = put_if({**key, "type": "reaction", "kind": kind, "article_id": article_id})
    else:
        changed = delete_if_present(key)
    count = stats["reactions"].get(kind, 0) + (int(changed) if add else -int(changed))
    return {"type": kind, "reacted": add, "count": max(count, 0), "changed": changed}


def share(article_id: str, network: str) -> dict[str, Any]:
    _one_of(network, NETWORKS, "network", "network")
    stats = recent_stats(article_id)
    event: dict[str, Any] = {
        **keys.share(article_id, uuid.uuid4().hex),
        "type": "share",
        "network": network,
        "article_id": article_id,
        "expires_at": _expiry(),
    }
    table().put_item(Item=event)
    return {"network": network, "count": stats["shares"].get(network, 0) + 1}


def _one_of(value: str, allowed: tuple[str, ...], field: str, what: str) -> None:
    if value not in allowed:
        raise BadRequest(
            f"Unknown {what} {value!r}; allowed: {', '.join(allowed)}.",
            [field_error(field, f"must be one of {', '.join(allowed)}")],
            code=f"unknown_{what}",
        )


def _expiry() -> int:
    return int((clock.now() + timedelta(days=MARKER_DAYS)).timestamp())
