"""Views, reactions and shares: cheap on the request path, exact in the totals.

A view, reaction or share writes one small item (a marker), never a shared counter:
markers have distinct keys, so a viral article cannot throttle one partition. A view or
reaction marker holds the visitors of one address (IP, or IPv6 /64) for an article and
day, so one conditional write both de-duplicates a visitor and caps what one address can
count. The table's stream carries each new marker to the aggregator (aggregation.py),
which adds them up per article in batches.
"""

import re
import uuid
from typing import TypedDict

from haber.counters import store
from haber.counters.reading import NETWORKS, recent_stats
from haber.counters.settings import CounterSettings
from haber.platform import clock
from haber.platform.errors import BadRequest, field_error
from haber.platform.signing import address_hash, visitor_hash

# Crawlers, link-preview fetchers and scripts: their requests are not readers.
BOTS = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|preview|facebookexternalhit|embedly|whatsapp|telegram|skypeuripreview|"
    r"headless|phantomjs|lighthouse|curl/|wget/|python-requests|python-urllib|go-http-client|java/|okhttp|^$",
    re.IGNORECASE,
)


class ViewCounted(TypedDict):
    views: int
    counted: bool


class Reacted(TypedDict):
    type: str  # the reaction type, as the route names it
    reacted: bool
    count: int
    changed: bool


class ShareCounted(TypedDict):
    network: str
    count: int
    counted: bool


def is_bot(user_agent: str) -> bool:
    return bool(BOTS.search(user_agent.strip()))


def view(article_id: str, ip: str, user_agent: str) -> ViewCounted:
    """Count a reader's view (once per visitor, article and day, and at most
    READERS_PER_ADDRESS visitors of one address) and return the count."""
    stats = recent_stats(article_id)
    settings = CounterSettings.load()
    if settings.filter_bots and is_bot(user_agent):
        return {"views": stats["views"], "counted": False}
    day = clock.today()
    visitor = visitor_hash(ip, user_agent, day) if settings.deduplicate_views else uuid.uuid4().hex
    counted = store.add_view(article_id, day, address_hash(ip, day), visitor, settings.readers_per_address)
    return {"views": stats["views"] + int(counted), "counted": counted}


def react(article_id: str, reaction_type: str, ip: str, user_agent: str, add: bool) -> Reacted:
    """Add or take back a reaction: one per visitor, article, reaction type and day, and at
    most READERS_PER_ADDRESS visitors of one address."""
    settings = CounterSettings.load()
    _one_of(reaction_type, settings.reaction_types, "type", "reaction")
    stats = recent_stats(article_id)
    day = clock.today()
    visitor, address = visitor_hash(ip, user_agent, day), address_hash(ip, day)
    if add:
        changed = store.add_reaction(article_id, reaction_type, day, address, visitor, settings.readers_per_address)
    else:
        changed = store.take_back_reaction(article_id, reaction_type, day, address, visitor)
    count = stats["reactions"].get(reaction_type, 0) + (int(changed) if add else -int(changed))
    return {"type": reaction_type, "reacted": add, "count": max(count, 0), "changed": changed}


def share(article_id: str, network: str, ip: str, user_agent: str) -> ShareCounted:
    """Count a share: once per visitor, network, article and day."""
    _one_of(network, NETWORKS, "network", "network")
    stats = recent_stats(article_id)
    day = clock.today()
    counted = store.add_share(article_id, network, day, visitor_hash(ip, user_agent, day))
    return {"network": network, "count": stats["shares"].get(network, 0) + int(counted), "counted": counted}


def _one_of(value: str, allowed: tuple[str, ...], field: str, what: str) -> None:
    if value not in allowed:
        raise BadRequest(
            f"Unknown {what} {value!r}; allowed: {', '.join(allowed)}.",
            [field_error(field, f"must be one of {', '.join(allowed)}")],
            code=f"unknown_{what}",
        )
