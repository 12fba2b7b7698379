"""Counters: views, reactions and shares recorded as markers, added up from the stream,
read as stats and most-read rankings."""

from haber.counters.aggregation import aggregate
from haber.counters.models import NewReaction, NewShare
from haber.counters.reading import NETWORKS, many, popular, stats, totals, with_labels
from haber.counters.recording import is_bot, react, share, view

__all__ = [
    "NETWORKS",
    "NewReaction",
    "NewShare",
    "aggregate",
    "is_bot",
    "many",
    "popular",
    "react",
    "share",
    "stats",
    "totals",
    "view",
    "with_labels",
]
