"""Views, reactions and shares: cheap on the request path, exact in the totals.

A view, reaction or share writes one small item (a marker), never a shared counter:
markers have distinct keys, so a viral article cannot throttle one partition. A view or
reaction marker holds the clients of one address (IP, or IPv6 /64) for an article and day,
so one conditional write both de-duplicates a client and caps what one address can count.
The table's stream carries each new marker to the aggregator (aggregation.py), which adds
them up per article in batches.
"""

import re
import uuid
from typing import Any

from haber.counters.reading import NETWORKS, recent_stats
from haber.counters.settings import CounterSettings
from haber.platform import clock, keys
from haber.platform.db import put_if, update_if
from haber.platform.errors import BadRequest, field_error
from haber.platform.signing import address_hash, visitor_hash

MARKER_DAYS = 2  # a day's markers outlive the day they de-duplicate
# Crawlers, link-preview fetchers and scripted clients: their requests are not readers.
BOTS = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|preview|facebookexternalhit|embedly|whatsapp|telegram|skypeuripreview|"
    r"headless|phantomjs|lighthouse|curl/|wget/|python-requests|python-urllib|go-http-client|java/|okhttp|^$",
    re.IGNORECASE,
)


def is_bot(user_agent: str) -> bool:
    return bool(BOTS.search(user_agent.strip()))


def view(article_id: str, ip: str, user_agent: str) -> dict[str, Any]:
    """Count a reader's view (once per client, article and day, and at most
    READERS_PER_ADDRESS clients of one address) and return the count."""
    stats = recent_stats(article_id)
    settings = CounterSettings.load()
    if settings.filter_bots and is_bot(user_agent):
        return {"views": stats["views"], "counted": False}
    day = clock.today()
    visitor = visitor_hash(ip, user_agent, day) if settings.deduplicate_views else uuid.uuid4().hex
    key = keys.view(article_id, day, address_hash(ip, day))
    counted = join_marker(key, visitor, {"type": "view", "article_id": article_id}, settings.readers_per_address)
    return {"views": stats["views"] + int(counted), "counted": counted}


def react(article_id: str, kind: str, ip: str, user_agent: str, add: bool) -> dict[str, Any]:
    """Add or take back a reaction: one per client, article, kind and day, and at most
    READERS_PER_ADDRESS clients of one address."""
    settings = CounterSettings.load()
    _one_of(kind, settings.reaction_types, "type", "reaction")
    stats = recent_stats(article_id)
    day = clock.today()
    visitor = visitor_hash(ip, user_agent, day)
    key = keys.reaction(article_id, kind, day, address_hash(ip, day))
    if add:
        fields = {"type": "reaction", "kind": kind, "article_id": article_id}
        changed = join_marker(key, visitor, fields, settings.readers_per_address)
    else:
        changed = update_if(key, "DELETE visitors :visitors", "contains(visitors, :visitor)", **_visitor(visitor))
    count = stats["reactions"].get(kind, 0) + (int(changed) if add else -int(changed))
    return {"type": kind, "reacted": add, "count": max(count, 0), "changed": changed}


def share(article_id: str, network: str, ip: str, user_agent: str) -> dict[str, Any]:
    """Count a share: once per client, network, article and day."""
    _one_of(network, NETWORKS, "network", "network")
    stats = recent_stats(article_id)
    day = clock.today()
    marker = {
        **keys.share(article_id, network, day, visitor_hash(ip, user_agent, day)),
        "type": "share",
        "network": network,
        "article_id": article_id,
        "expires_at": clock.expiry(MARKER_DAYS),
    }
    counted = put_if(marker)
    return {"network": network, "count": stats["shares"].get(network, 0) + int(counted), "counted": counted}


def join_marker(key: dict[str, str], visitor: str, fields: dict[str, str], room: int) -> bool:
    """Add a client to the set of an address's clients, unless it is in it or the set is
    full: one conditional UpdateItem, whose stream record the aggregator counts."""
    names = {f"#{name}": name for name in fields}
    assignments = ", ".join(f"#{name} = :{name}" for name in fields)
    return update_if(
        key,
        f"SET {assignments}, expires_at = :expires ADD visitors :visitors",
        "attribute_not_exists(visitors) OR (size(visitors) < :room AND NOT contains(visitors, :visitor))",
        names,
        expires=clock.expiry(MARKER_DAYS),
        room=room,
        **fields,
        **_visitor(visitor),
    )


def _visitor(visitor: str) -> dict[str, Any]:
    return {"visitors": {visitor}, "visitor": visitor}


def _one_of(value: str, allowed: tuple[str, ...], field: str, what: str) -> None:
    if value not in allowed:
        raise BadRequest(
            f"Unknown {what} {value!r}; allowed: {', '.join(allowed)}.",
            [field_error(field, f"must be one of {', '.join(allowed)}")],
            code=f"unknown_{what}",
        )
