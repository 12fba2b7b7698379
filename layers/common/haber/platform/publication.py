"""Is an article live? Published, and its publication time has come (scheduled articles
are stored like published ones and appear when their time arrives, with no scheduler).

The same rule in its three forms: on an item read (`is_live`), as a DynamoDB condition
(`LIVE_CONDITION`), and as the upper bound of a timeline key (`keys.timeline_until`).
"""

from collections.abc import Mapping
from typing import Any

from haber.platform import clock

LIVE_CONDITION = "#status = :published AND published_at <= :now"


def is_live(item: Mapping[str, Any] | None) -> bool:
    """For an article's META item or its comment thread header (which mirrors it)."""
    return bool(item) and item.get("status") == "published" and item.get("published_at", "~") <= clock.now_iso()  # type: ignore[union-attr]


def status(item: Mapping[str, Any]) -> str:
    """What an article's status is for people: draft, scheduled, published or unpublished
    (a scheduled article is stored as published with a later publication time)."""
    stored = str(item.get("status"))
    if stored == "published" and str(item.get("published_at", "~")) > clock.now_iso():
        return "scheduled"
    return stored


def live_condition_values() -> tuple[dict[str, str], dict[str, object]]:
    """ExpressionAttributeNames and Values for LIVE_CONDITION, evaluated now."""
    return {"#status": "status"}, {":published": "published", ":now": clock.now_iso()}
