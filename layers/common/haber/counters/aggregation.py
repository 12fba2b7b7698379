"""The counters' stream aggregator: adds up view, reaction and share markers per article.

Each batch sums its records per article and updates each article's STATS item once (its
totals, and its views in the current day and week: stats_update.py), then merges those
articles into the most-read items (most_read.py). A viral article's STATS item takes one
write per batch instead of one per view, and a batch costs one write unit per article it
touches. Each update carries the shard's mark (marks.py), so a record is counted exactly
once; an article whose update fails is parked (parking.py).
"""

import random
import time
from concurrent.futures import ThreadPoolExecutor
from typing import NotRequired, TypedDict

from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord, DynamoDBStreamEvent
from botocore.exceptions import ClientError

from haber.counters import decoding, marks, most_read, parking, store
from haber.counters.decoding import Entry, ItemFailure
from haber.counters.stats_update import periods_to_restart, stats_change
from haber.platform import clock
from haber.platform.db import UNAVAILABLE_CODES
from haber.platform.observability import logger, metrics
from haber.platform.shapes import Event, Item

UPDATE_THREADS = 8  # a batch of 1,000 records may touch hundreds of articles: ~5 ms each in turn
ATTEMPTS = 5  # per update: a refusal tells what is left, a period may turn, a transaction conflict
RETRIED = {"TransactionConflictException", *UNAVAILABLE_CODES}  # beyond botocore's own retries

Settled = tuple[str, Item | None, list[DynamoDBRecord]]  # article, STATS if viewed, records left


class BatchResponse(TypedDict):
    """The partial batch response (with the empty state a tumbling-window event needs back)."""

    batchItemFailures: list[ItemFailure]
    state: NotRequired[dict[str, str]]


def aggregate(event: Event) -> BatchResponse:
    """The sequence numbers of the records not yet handled. Without a shard, the records are
    parked ones that `make redrive` replays."""
    # A tumbling window's last call may come without records.
    records = list(DynamoDBStreamEvent(event).records) if event.get("Records") else []
    metrics.add_metric(name="CounterRecords", unit="Count", value=len(records))
    shard = event.get("shardId")
    if shard is None:
        return {"batchItemFailures": [decoding.failure(record) for record in records if not parking.replay(record)]}
    failed = _count(str(shard), records)
    return {"batchItemFailures": [decoding.failure(record) for record in failed], "state": {}}


def _count(shard: str, records: list[DynamoDBRecord]) -> list[DynamoDBRecord]:
    """Add up a shard's records per article, in stream order; returns those neither counted
    nor parked."""
    by_article, strangers = decoding.by_article(records)
    unread = [record for record in strangers if not parking.set_aside(record)]  # neither a marker nor parked
    store.ready()
    with ThreadPoolExecutor(max_workers=UPDATE_THREADS) as pool:  # one article's update waits for no other's
        outcomes = list(pool.map(lambda article: _settle(shard, *article), by_article.items()))
    most_read.merge_views({article_id: stats for article_id, stats, _ in outcomes if stats is not None})
    return unread + [record for _, _, failed in outcomes for record in failed]


def _settle(shard: str, article_id: str, entries: list[Entry]) -> Settled:
    """Add up or park one article's records: (its id, its STATS item as written if views
    were added, the records neither counted nor parked)."""
    try:
        stats = _add_up(shard, article_id, entries)
    except Exception as error:
        logger.exception("Could not add up counters; parking them", extra={"shard": shard, "article": article_id})
        parked = parking.park_article(shard, article_id, entries, repr(error))
        return article_id, None, [] if parked else [entry.record for entry in entries]
    return article_id, stats if stats is not None and decoding.viewed(entries) else None, []


def _add_up(shard: str, article_id: str, entries: list[Entry]) -> Item | None:
    """Add the article's records beyond its mark for the shard, and move the mark; returns
    the STATS item as written (None if nothing was left to add)."""
    mark, known, restarting = marks.mark_name(shard), None, set[str]()  # known: the mark as read ("": none)
    for attempt in range(ATTEMPTS):
        left = [entry for entry in entries if marks.beyond(known, entry.position)]
        if not left:
            return None
        # Records that add up to nothing (a like given and taken back) still move the mark.
        change = stats_change(decoding.sums(left), restarting, clock.now())
        move = marks.move(shard, left[0].position, left[-1].position, known, clock.now().timestamp())
        try:
            written, stats = store.add_to_stats(article_id, change, move)
        except ClientError as error:
            if error.response["Error"]["Code"] not in RETRIED:
                raise
            time.sleep(random.uniform(0, 0.05 * 2**attempt))  # noqa: S311 - jitter; a parking or replay transaction on the item
            continue
        if written:
            _drop_old_marks(article_id, stats)
            return stats
        known, restarting = str(stats.get(mark, "")), periods_to_restart(store.periods(stats), clock.now())
    raise RuntimeError(f"the STATS item of {article_id} kept changing during {ATTEMPTS} attempts")


def _drop_old_marks(article_id: str, stats: Item) -> None:
    """Remove the marks no redelivery can need any more (unless one moved meanwhile). Best
    effort: the records are counted already, and the next update tries again."""
    old = marks.old_marks(stats, clock.now().timestamp())
    if not old:
        return
    try:
        store.drop_marks(article_id, old)
    except Exception:
        logger.warning("Could not drop old marks", extra={"article": article_id, "marks": len(old)}, exc_info=True)
