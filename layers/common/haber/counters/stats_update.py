"""What an update adds to an article's STATS item: its totals, and its views in the current
day and week.

An update adds to a period's count while the period is current and starts it again when it
is not, a condition telling which (a period that turned meanwhile refuses the update, and
the aggregator retries with the periods as the item says). The request itself is built in
store.py.
"""

from collections import Counter
from collections.abc import Mapping
from datetime import datetime

from haber.counters.store import PERIOD_DAYS, VIEWS, StatsChange
from haber.platform import keys


def stats_change(sums: Counter[str], restarting: set[str], now: datetime) -> StatsChange | None:
    """The change records summed to `sums` make (None if they add up to nothing)."""
    totals = {name: total for name, total in sums.items() if total}
    if not totals:
        return None
    periods = current_periods(now) if sums[VIEWS] > 0 else {}
    return StatsChange(totals, periods, frozenset(restarting))


def current_periods(now: datetime) -> dict[str, str]:
    return {window: keys.ranking(window, now) for window in PERIOD_DAYS}


def periods_to_restart(counting: Mapping[str, tuple[object, int]], now: datetime) -> set[str]:
    """The periods a STATS item does not count yet, from what it counts (store.periods)."""
    return {window for window, period in current_periods(now).items() if counting[window][0] != period}
