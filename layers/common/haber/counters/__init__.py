"""Counters: views, reactions and shares recorded as markers, added up from the stream,
read as stats and most-read rankings."""

from typing import TYPE_CHECKING

from haber.counters.models import NewReaction, NewShare
from haber.counters.reading import NETWORKS, MostRead, many, popular, stats, totals, with_labels
from haber.counters.recording import is_bot, react, share, view
from haber.platform import lazy

# The stream aggregation (the aggregator function's) loads on first use.
if TYPE_CHECKING:
    from haber.counters.aggregation import aggregate
else:
    __getattr__ = lazy.names(__name__, {"aggregation": ("aggregate",)})

__all__ = [
    "NETWORKS",
    "MostRead",
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
