"""An article's STATS item and the most-read items, as the aggregator writes them.

A STATS item holds the article's totals and its views in the current day and week: an
update adds to a period's count while the period is current and starts it again when it
is not, a condition telling which (a period that turned meanwhile refuses the update, and
the aggregator retries with the periods as the item says).

The most-read rankings are one item per period (the top 100 articles and their views),
merged after each batch from the STATS items as just written: an article's place follows its
exact count, a batch late at most (a merge that fails is made good by the article's next
batch, since counts only grow within a period).
"""

from collections import Counter
from typing import Any

from haber.platform import clock, keys
from haber.platform.db import batch_get, plain, put_if, table
from haber.platform.observability import logger, metrics

PERIOD_DAYS = {"day": 8, "week": 35}  # how long a period's most-read item is kept
LEADERBOARD_SIZE = 100  # the API's largest page (50) twice: room for articles unpublished since
ATTEMPTS = 5  # merges of one most-read item racing other shards' merges


def stats_update(article_id: str, sums: Counter[str], restarting: set[str]) -> dict[str, Any] | None:
    """The article's STATS update (UpdateItem parameters; None if it counts nothing): totals
    ADDed, and the views of the current day and week, added to the period's count, or
    starting it (`restarting`) when the period changed; conditioned on which, so a period
    that turned meanwhile refuses it."""
    fields = [name for name, total in sums.items() if total]
    if not fields:
        return None
    names = {f"#f{i}": name for i, name in enumerate(fields)}
    values: dict[str, Any] = {f":d{i}": sums[name] for i, name in enumerate(fields)}
    added, assigned, conditions = [f"#f{i} :d{i}" for i in range(len(fields))], [], []
    if sums["views"] > 0:
        now = clock.now()
        for window in PERIOD_DAYS:
            names |= {f"#{window}": f"{window}_period", f"#{window}_views": f"{window}_views"}
            values[f":{window}"] = keys.ranking(window, now)
            if window in restarting:
                assigned.append(f"#{window} = :{window}, #{window}_views = :d{fields.index('views')}")
                conditions.append(f"(attribute_not_exists(#{window}) OR #{window} <> :{window})")
            else:
                added.append(f"#{window}_views :d{fields.index('views')}")
                conditions.append(f"#{window} = :{window}")
    update: dict[str, Any] = {
        "Key": keys.stats(article_id),
        "UpdateExpression": "ADD " + ", ".join(added) + (" SET " + ", ".join(assigned) if assigned else ""),
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values,
    }
    if conditions:
        update["ConditionExpression"] = " AND ".join(conditions)
    return update


def periods_to_restart(stats: dict[str, Any]) -> set[str]:
    """The periods a STATS item (as read) does not count yet."""
    now = clock.now()
    return {window for window in PERIOD_DAYS if stats.get(f"{window}_period") != keys.ranking(window, now)}


def merge_views(stats: dict[str, dict[str, Any]]) -> None:
    """Merge articles' views in the current periods (from their STATS items as just written,
    by article id) into the periods' most-read items."""
    if not stats:
        return
    try:
        now = clock.now()
        for window, days in PERIOD_DAYS.items():
            period = keys.ranking(window, now)
            views = {
                article_id: int(item[f"{window}_views"])
                for article_id, item in stats.items()
                if item.get(f"{window}_period") == period
            }
            merge(keys.leaderboard(window, now), views, clock.expiry(days))
    except Exception:  # the totals are written; the articles' next batch merges again
        logger.exception("Could not update the most-read", extra={"articles": sorted(stats)})
        metrics.add_metric(name="MostReadMergeFailed", unit="Count", value=1)


def stats_of(article_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The articles' STATS items, read consistently (just written by this aggregator)."""
    items = batch_get([keys.stats(article_id) for article_id in article_ids], consistent=True)
    return {str(item["pk"]).removeprefix("ARTICLE#"): item for item in items}


def merge(key: dict[str, str], views: dict[str, int], expires: int) -> None:
    """Fold counts into a most-read item, keeping the top LEADERBOARD_SIZE (optimistic: the
    item's version must not change between reading and writing it)."""
    for _ in range(ATTEMPTS):
        board: dict[str, Any] = plain(table().get_item(Key=key, ConsistentRead=True).get("Item") or {})
        before = {article_id: int(count) for article_id, count in (board.get("entries") or {}).items()}
        merged = dict(before)
        for article_id, count in views.items():
            merged[article_id] = max(count, merged.get(article_id, 0))
        top = dict(sorted(merged.items(), key=lambda entry: (-entry[1], entry[0]))[:LEADERBOARD_SIZE])
        if top == before:
            return
        version = int(board.get("version", 0))
        item = {**key, "entries": top, "version": version + 1, "expires_at": expires}
        if put_if(item, "attribute_not_exists(pk) OR version = :version", version=version):
            return
    raise RuntimeError(f"most-read {key['pk']} kept changing during {ATTEMPTS} attempts")
