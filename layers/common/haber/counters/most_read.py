"""The most-read items: one per period (the top articles and their views), merged after
each batch from the STATS items as just written. An article's place follows its exact
count, a batch late at most (a merge that fails is made good by the article's next batch,
since counts only grow within a period).
"""

from haber.counters import store
from haber.platform import clock, keys
from haber.platform.observability import logger, metrics
from haber.platform.shapes import Item

SIZE = 100  # the API's largest page (50) twice: room for articles unpublished since
ATTEMPTS = 5  # merges of one most-read item racing other shards' merges


def merge_views(stats: dict[str, Item]) -> None:
    """Merge articles' views in the current periods (from their STATS items as just written,
    by article id) into the periods' most-read items."""
    if not stats:
        return
    try:
        now = clock.now()
        for window, days in store.PERIOD_DAYS.items():
            current = keys.ranking(window, now)
            counting = {article_id: store.periods(item)[window] for article_id, item in stats.items()}
            views = {article_id: count for article_id, (period, count) in counting.items() if period == current}
            merge(keys.leaderboard(window, now), views, clock.expiry(days))
    except Exception:  # the totals are written; the articles' next batch merges again
        logger.exception("Could not update the most-read", extra={"articles": sorted(stats)})
        metrics.add_metric(name="MostReadMergeFailed", unit="Count", value=1)


def merge(key: keys.Key, views: dict[str, int], expires: int) -> None:
    """Fold counts into a most-read item, keeping the top SIZE (optimistic: the item's
    version must not change between reading and writing it)."""
    for _ in range(ATTEMPTS):
        item = store.most_read(key, consistent=True)
        before = {article_id: int(count) for article_id, count in ((item.get("entries") or {}) if item else {}).items()}
        merged = dict(before)
        for article_id, count in views.items():
            merged[article_id] = max(count, merged.get(article_id, 0))
        top = dict(sorted(merged.items(), key=lambda entry: (-entry[1], entry[0]))[:SIZE])
        if top == before:
            return
        version = int(item.get("version", 0)) if item else 0
        written: store.MostReadItem = {
            "pk": key["pk"],
            "sk": key["sk"],
            "entries": top,
            "version": version + 1,
            "expires_at": expires,
        }
        if store.put_most_read(written, version):
            return
    raise RuntimeError(f"most-read {key['pk']} kept changing during {ATTEMPTS} attempts")
