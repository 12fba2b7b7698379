"""Records the aggregator cannot count now, parked; parked records replayed by `make redrive`.

An article whose update fails is parked: copies of its records and its mark moved past
them, in one transaction. The stream never counts a parked record again, and a replay
counts it while deleting its parked copy, so it counts once either way. A record that is
no counter marker is parked to be looked at (it counts nothing).
"""

from collections import Counter

from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

from haber.counters import decoding, marks, most_read, store
from haber.counters.decoding import Entry
from haber.counters.stats_update import periods_to_restart, stats_change
from haber.platform import clock
from haber.platform.observability import logger, metrics
from haber.platform.parking import park, parked_item

CONSUMER = "counters"  # parked records: platform/parking.py
ATTEMPTS = 5  # replays of a record while the STATS periods turn


def set_aside(record: DynamoDBRecord) -> bool:
    """Park a record that is no counter marker; False if that cannot be done now."""
    logger.error("Stream record the aggregator cannot read", extra={"event_id": record.event_id})
    try:
        park(CONSUMER, record.raw_event, "not a counter marker the aggregator can read")
    except Exception:
        logger.exception("Could not park a record the aggregator cannot read", extra={"event_id": record.event_id})
        return False
    return True


def park_article(shard: str, article_id: str, entries: list[Entry], error: str) -> bool:
    """Park the article's records its mark has not passed, moving the mark past them in the
    same transactions; False if that cannot be done now (Lambda retries)."""
    try:
        known = str(store.stats_items([article_id]).get(article_id, {}).get(marks.mark_name(shard), ""))
        waiting = [entry for entry in entries if marks.beyond(known, entry.position)]
        while waiting:
            chunk, waiting = waiting[: store.PARKED_PER_TRANSACTION], waiting[store.PARKED_PER_TRANSACTION :]
            move = marks.move(shard, chunk[0].position, chunk[-1].position, known, clock.now().timestamp())
            copies = [parked_item(CONSUMER, entry.record.raw_event, error) for entry in chunk]
            if not store.park(article_id, move, copies):
                raise RuntimeError(f"the mark of {article_id} for shard {shard} moved while parking")
            known = move.to
            metrics.add_metric(name="CounterRecordsParked", unit="Count", value=len(chunk))  # an alarm: redrive
    except Exception:
        logger.exception("Could not park counter records", extra={"shard": shard, "article": article_id})
        return False
    return True


def replay(record: DynamoDBRecord) -> bool:
    """Count a parked record and delete its parked copy in one transaction (a copy already
    gone was counted by another replay); False if it cannot be read or written now, so it
    stays parked."""
    counted = decoding.what_it_counts(record)
    if counted is None:
        logger.error("Parked record that is no counter marker", extra={"event_id": record.event_id})
        return False
    try:
        restarting = set[str]()
        for _ in range(ATTEMPTS):
            change = stats_change(Counter({counted.field: counted.delta}), restarting, clock.now())
            outcome = store.replay(CONSUMER, str(record.event_id), counted.article_id, change)
            if outcome == "counted":
                viewed = counted.field == store.VIEWS
                most_read.merge_views(store.stats_items([counted.article_id]) if viewed else {})
                return True
            if outcome == "gone":
                return True  # counted by an earlier replay
            stats = store.stats_items([counted.article_id]).get(counted.article_id, {})
            restarting = periods_to_restart(store.periods(stats), clock.now())
        raise RuntimeError(f"the STATS periods of {counted.article_id} kept changing during {ATTEMPTS} attempts")
    except Exception:
        logger.exception("Could not replay a parked record", extra={"event_id": record.event_id})
        return False
