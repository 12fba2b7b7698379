"""Counters: views, reactions and shares recorded as markers, added up from the stream,
read as stats and most-read rankings."""

from typing import TYPE_CHECKING

from haber.counters.models import NewReaction as NewReaction
from haber.counters.models import NewShare as NewShare
from haber.counters.reading import NETWORKS as NETWORKS
from haber.counters.reading import MostRead as MostRead
from haber.counters.reading import many as many
from haber.counters.reading import popular as popular
from haber.counters.reading import stats as stats
from haber.counters.reading import totals as totals
from haber.counters.reading import with_labels as with_labels
from haber.counters.recording import is_bot as is_bot
from haber.counters.recording import react as react
from haber.counters.recording import share as share
from haber.counters.recording import view as view
from haber.platform import lazy

# The stream aggregation (the aggregator function's) loads on first use.
if TYPE_CHECKING:
    from haber.counters.aggregation import aggregate as aggregate
else:
    __getattr__ = lazy.names(__name__)
