"""The counters' stream aggregator: adds up view, reaction and share markers per article.

Each batch sums its records per article and updates each article's STATS item once
(most_read.py: its totals, and its views in the current day and week), then merges those
articles into the most-read items. A viral article's STATS item takes one write per batch
instead of one per view, and a batch costs one write unit per article it touches.

Exactly once without a transaction: the update that adds an article's records also sets a
mark in its STATS item, the position of the last record it added from that stream shard,
on the condition that the mark is below the first record it adds. Lambda delivers a shard's
records in order, one batch at a time, and delivers again only what it has not passed, so
a record at or below the article's mark for its shard is counted already. When the
condition fails, the item as it was (DynamoDB returns it with the refusal) says which
records are left. Lambda names the shard only in tumbling-window events, so the template
gives the mapping a window (its state is not used).

Marks older than the mapping's MaximumRecordAgeInSeconds are dropped (Lambda delivers no
record that old), so a busy article's item keeps a few and stays one write unit.

An article whose update fails is parked: copies of its records and its mark moved past
them, in one transaction. The stream never counts a parked record again, and `make
redrive` counts it while deleting its parked copy, so it counts once either way.
"""

import hashlib
import random
import string
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import (
    DynamoDBRecord,
    DynamoDBRecordEventName,
    DynamoDBStreamEvent,
)
from botocore.exceptions import ClientError

from haber.counters import most_read
from haber.platform import clock, keys
from haber.platform.db import UNAVAILABLE_CODES, Cancelled, Operation, table, transact, update_if, update_returning
from haber.platform.observability import logger, metrics
from haber.platform.parking import park, parked_item

CONSUMER = "counters"  # parked records: platform/parking.py
UPDATE_THREADS = 8  # a batch of 1,000 records may touch hundreds of articles: ~5 ms each in turn
ATTEMPTS = 5  # per update: a refusal tells what is left, a period may turn, a transaction conflict
RECORD_AGE_SECONDS = 6 * 3600  # the mapping's MaximumRecordAgeInSeconds (a test checks)
MARKS_KEPT_SECONDS = RECORD_AGE_SECONDS + 600  # with a margin for clocks
MARK_PREFIX = "mark_"
BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase  # ascending in ASCII, as DynamoDB compares
RETRIED = {"TransactionConflictException", *UNAVAILABLE_CODES}  # beyond botocore's own retries
PARKED_PER_TRANSACTION = 99  # DynamoDB's 100 items, with the mark

Counted = tuple[str, str, int] | None  # (article, totals field, delta) of a record; None: not a marker
Settled = tuple[str, dict[str, Any] | None, list[DynamoDBRecord]]  # article, STATS if viewed, records left


@dataclass
class Entry:
    """A marker record and what it counts."""

    record: DynamoDBRecord
    position: str
    field: str
    delta: int


def aggregate(event: dict[str, Any]) -> dict[str, Any]:
    """Partial batch response: the sequence numbers of the records not yet handled (with the
    empty state a tumbling-window event needs back). Without a shard, the records are
    parked ones that `make redrive` replays."""
    # A tumbling window's last call may come without records.
    records = list(DynamoDBStreamEvent(event).records) if event.get("Records") else []
    metrics.add_metric(name="CounterRecords", unit="Count", value=len(records))
    shard = event.get("shardId")
    if shard is None:
        return {"batchItemFailures": [_failure(record) for record in records if not _replay(record)]}
    failed = _count(str(shard), records)
    return {"batchItemFailures": [_failure(record) for record in failed], "state": {}}


def _count(shard: str, records: list[DynamoDBRecord]) -> list[DynamoDBRecord]:
    """Add up a shard's records per article, in stream order; returns those neither counted
    nor parked."""
    by_article: dict[str, list[Entry]] = {}
    unread: list[DynamoDBRecord] = []  # neither a marker nor parked yet
    for position, record in sorted(((_position(record), record) for record in records), key=lambda pair: pair[0]):
        counted = _what_it_counts(record)
        if counted is None:
            unread += [] if _set_aside(record) else [record]
            continue
        article_id, name, delta = counted
        by_article.setdefault(article_id, []).append(Entry(record, position, name, delta))
    table()  # created once, before the threads share it (their requests use string expressions only)
    with ThreadPoolExecutor(max_workers=UPDATE_THREADS) as pool:  # one article's update waits for no other's
        outcomes = list(pool.map(lambda article: _settle(shard, *article), by_article.items()))
    viewed = {article_id: stats for article_id, stats, _ in outcomes if stats is not None}
    most_read.merge_views(viewed)
    return unread + [record for _, _, failed in outcomes for record in failed]


def _set_aside(record: DynamoDBRecord) -> bool:
    """Park a record that is no counter marker, to be looked at (it counts nothing); False
    if that cannot be done now."""
    logger.error("Stream record the aggregator cannot read", extra={"event_id": record.event_id})
    try:
        park(CONSUMER, record.raw_event, "not a counter marker the aggregator can read")
    except Exception:
        logger.exception("Could not park a record the aggregator cannot read", extra={"event_id": record.event_id})
        return False
    return True


def _settle(shard: str, article_id: str, entries: list[Entry]) -> Settled:
    """Add up or park one article's records: (its id, its STATS item as written if views
    were added, the records neither counted nor parked)."""
    try:
        stats = _add_up(shard, article_id, entries)
    except Exception as error:
        logger.exception("Could not add up counters; parking them", extra={"shard": shard, "article": article_id})
        parked = _park(shard, article_id, entries, repr(error))
        return article_id, None, [] if parked else [entry.record for entry in entries]
    viewed = stats is not None and any(entry.field == "views" and entry.delta > 0 for entry in entries)
    return article_id, stats if viewed else None, []


def _add_up(shard: str, article_id: str, entries: list[Entry]) -> dict[str, Any] | None:
    """Add the article's records beyond its mark for the shard, and move the mark; returns
    the STATS item as written (None if nothing was left to add)."""
    mark, known, restarting = _mark_name(shard), None, set[str]()  # known: the mark as read ("": none)
    for attempt in range(ATTEMPTS):
        left = [entry for entry in entries if not known or entry.position > _position_of(known)]
        if not left:
            return None
        sums = Counter[str]()
        for entry in left:
            sums[entry.field] += entry.delta
        # Records that add up to nothing (a like given and taken back) still move the mark.
        update = most_read.stats_update(article_id, sums, restarting) or {"Key": keys.stats(article_id)}
        try:
            written, stats = update_returning(_with_mark(update, mark, left, known))
        except ClientError as error:
            if error.response["Error"]["Code"] not in RETRIED:
                raise
            time.sleep(random.uniform(0, 0.05 * 2**attempt))  # noqa: S311 - jitter; a parking or replay transaction on the item
            continue
        if written:
            _drop_old_marks(article_id, stats)
            return stats
        known, restarting = str(stats.get(mark, "")), most_read.periods_to_restart(stats)
    raise RuntimeError(f"the STATS item of {article_id} kept changing during {ATTEMPTS} attempts")


def _with_mark(update: dict[str, Any], mark: str, entries: list[Entry], known: str | None) -> dict[str, Any]:
    """The update, also moving the shard's mark to the last of `entries`: on the condition
    that the mark is below the first (`known` None: not read), absent (""), or exactly as
    read."""
    values = {":mark": f"{entries[-1].position}@{int(clock.now().timestamp()) // 60}"}
    if known is None:
        condition, values[":first"] = "(attribute_not_exists(#mark) OR #mark < :first)", entries[0].position
    elif not known:
        condition = "attribute_not_exists(#mark)"
    else:
        condition, values[":seen"] = "#mark = :seen", known
    expression = update.get("UpdateExpression", "")
    return {
        **update,
        "UpdateExpression": (expression + (", " if " SET " in expression else " SET ") + "#mark = :mark").strip(),
        "ConditionExpression": " AND ".join(filter(None, [update.get("ConditionExpression"), condition])),
        "ExpressionAttributeNames": {**update.get("ExpressionAttributeNames", {}), "#mark": mark},
        "ExpressionAttributeValues": {**update.get("ExpressionAttributeValues", {}), **values},
    }


def _drop_old_marks(article_id: str, stats: dict[str, Any]) -> None:
    """Remove the marks no redelivery can need any more (unless one moved meanwhile). Best
    effort: the records are counted already, and the next update tries again."""
    oldest = clock.now().timestamp() - MARKS_KEPT_SECONDS
    old = sorted(name for name, value in stats.items() if name.startswith(MARK_PREFIX) and _time_of(value) < oldest)
    if not old:
        return
    names = {f"#m{i}": name for i, name in enumerate(old)}
    values = {f"m{i}": stats[name] for i, name in enumerate(old)}
    condition = " AND ".join(f"#m{i} = :m{i}" for i in range(len(old)))
    try:
        update_if(keys.stats(article_id), "REMOVE " + ", ".join(names), condition, names, **values)
    except Exception:
        logger.warning("Could not drop old marks", extra={"article": article_id, "marks": len(old)}, exc_info=True)


def _park(shard: str, article_id: str, entries: list[Entry], error: str) -> bool:
    """Park the article's records its mark has not passed, moving the mark past them in the
    same transactions; False if that cannot be done now (Lambda retries)."""
    mark = _mark_name(shard)
    try:
        known = str(most_read.stats_of([article_id]).get(article_id, {}).get(mark, ""))
        waiting = [entry for entry in entries if not known or entry.position > _position_of(known)]
        while waiting:
            chunk, waiting = waiting[:PARKED_PER_TRANSACTION], waiting[PARKED_PER_TRANSACTION:]
            move = _with_mark({"Key": keys.stats(article_id)}, mark, chunk, known)
            copies = [("copy", {"Put": {"Item": parked_item(CONSUMER, e.record.raw_event, error)}}) for e in chunk]
            if _transact([("mark", {"Update": move}), *copies], f"parking for {article_id}"):
                raise RuntimeError(f"the mark of {article_id} for shard {shard} moved while parking")
            known = move["ExpressionAttributeValues"][":mark"]
            metrics.add_metric(name="CounterRecordsParked", unit="Count", value=len(chunk))  # an alarm: redrive
    except Exception:
        logger.exception("Could not park counter records", extra={"shard": shard, "article": article_id})
        return False
    return True


def _replay(record: DynamoDBRecord) -> bool:
    """Count a parked record and delete its parked copy in one transaction (a copy already
    gone was counted by another replay); False if it cannot be read or written now, so it
    stays parked."""
    counted = _what_it_counts(record)
    if counted is None:
        logger.error("Parked record that is no counter marker", extra={"event_id": record.event_id})
        return False
    article_id, name, delta = counted
    copy = {"Key": keys.parked_record(CONSUMER, str(record.event_id)), "ConditionExpression": "attribute_exists(pk)"}
    try:
        restarting = set[str]()
        for _ in range(ATTEMPTS):
            update = most_read.stats_update(article_id, Counter({name: delta}), restarting)
            operations: list[Operation] = [("copy", {"Delete": copy})]
            operations += [("stats", {"Update": update})] if update else []
            cancelled = _transact(operations, f"replay of {record.event_id}")
            if cancelled is None:
                most_read.merge_views(most_read.stats_of([article_id]) if name == "views" else {})
                return True
            if "copy" in cancelled.failed:
                return True  # counted by an earlier replay
            restarting = most_read.periods_to_restart(most_read.stats_of([article_id]).get(article_id, {}))
        raise RuntimeError(f"the STATS periods of {article_id} kept changing during {ATTEMPTS} attempts")
    except Exception:
        logger.exception("Could not replay a parked record", extra={"event_id": record.event_id})
        return False


def _transact(operations: list[Operation], what: str) -> Cancelled | None:
    """The transaction, retried while it conflicts with another; the roles whose condition
    failed if it was refused, None once it is written."""
    for attempt in range(ATTEMPTS):
        cancelled = transact(operations)
        if cancelled is None or cancelled.failed:
            return cancelled
        logger.info("Counters transaction conflicted; retrying", extra={"what": what, "attempt": attempt + 1})
    raise RuntimeError(f"{what}: still conflicting after {ATTEMPTS} attempts")


def _mark_name(shard: str) -> str:
    """The STATS attribute holding a shard's mark: short, as a busy article holds several."""
    return MARK_PREFIX + hashlib.sha256(shard.encode()).hexdigest()[:10]  # no two shards of a few hours alike


def _position_of(mark: str) -> str:
    return mark.partition("@")[0]


def _time_of(mark: Any) -> float:
    """When the mark was set, in epoch seconds (it keeps minutes)."""
    return float(str(mark).partition("@")[2] or 0) * 60


def _what_it_counts(record: DynamoDBRecord) -> Counted:
    """What a marker's change counts; None if it is no marker.
    View and reaction markers hold sets of clients: what counts is how the set grew or
    shrank. Their removal by TTL counts nothing (they hold yesterday's readers)."""
    change = record.dynamodb
    new, old = (change.new_image or {}, change.old_image or {}) if change else ({}, {})
    image = new or old
    if "article_id" not in image:
        return None
    kind, article_id = image.get("type"), image["article_id"]
    if record.event_name == DynamoDBRecordEventName.REMOVE:
        return (article_id, "views", 0) if kind in ("view", "reaction", "share") else None
    grown = len(new.get("visitors") or ()) - len(old.get("visitors") or ())
    if kind == "view":
        return article_id, "views", grown
    if kind == "reaction" and image.get("kind"):
        return article_id, f"reaction:{image['kind']}", grown
    if kind == "share" and image.get("network") and record.event_name == DynamoDBRecordEventName.INSERT:
        return article_id, f"share:{image['network']}", 1
    return None


def _position(record: DynamoDBRecord) -> str:
    """The record's sequence number (up to 40 decimal digits) as a short string that sorts
    as the number does: its base-62 digits (in ASCII order) after their count."""
    number, digits = int((record.dynamodb.sequence_number if record.dynamodb else None) or 0), ""
    while True:
        number, digit = divmod(number, 62)
        digits = BASE62[digit] + digits
        if not number:
            return f"{len(digits):02d}{digits}"


def _failure(record: DynamoDBRecord) -> dict[str, str]:
    return {"itemIdentifier": str(record.dynamodb.sequence_number if record.dynamodb else record.event_id)}
