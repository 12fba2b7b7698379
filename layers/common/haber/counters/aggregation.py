"""The counters' stream aggregator: adds up view, reaction and share markers per article.

Each batch sums its records per article and updates each article's STATS item once per run
of records (most_read.py: its totals, and its views in the current day and week), then
merges those articles into the most-read items. A viral article's STATS item takes one
write per batch instead of one per view, and a batch costs one item write per article.

Exactly once, for one item per transaction: a shard's records reach the function in order
(one batch per shard at a time), so the transaction that adds up a run of records also
moves the shard's watermark (the last sequence number it passed) to the run's end, on the
condition that it was below the run's start. A record Lambda delivers again is at or below
the watermark and is skipped. Lambda names the shard only in tumbling-window events, so the
template gives the mapping a window (its state is not used).

A run that cannot be written is parked with the records after it, and the watermark moved
past them, in the same transactions: the stream never comes back to a parked record, and
`make redrive` counts it while deleting its parked copy, so it counts once either way.
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import (
    DynamoDBRecord,
    DynamoDBRecordEventName,
    DynamoDBStreamEvent,
)

from haber.counters import most_read
from haber.platform import clock, keys
from haber.platform.db import Cancelled, Operation, table, transact
from haber.platform.observability import logger, metrics
from haber.platform.parking import park, parked_item

CONSUMER = "counters"  # parked records: platform/parking.py
TRANSACTION_ITEMS = 100  # DynamoDB's limit per TransactWriteItems
ATTEMPTS = 5  # per transaction, against conflicting transactions on the same totals
WATERMARK_DAYS = 2  # longer than the stream's 24-hour retention
POSITION_DIGITS = 40  # a stream sequence number has up to 40 digits; zero-padded, strings sort as numbers

Counted = tuple[str, str, int] | None  # (article, totals field, delta) of a record; None: not a marker


@dataclass
class Run:
    """Consecutive records of one shard, added up in one transaction."""

    records: list[DynamoDBRecord] = field(default_factory=list)
    sums: dict[str, Counter[str]] = field(default_factory=dict)  # article → field → delta

    def add(self, record: DynamoDBRecord, counted: Counted) -> bool:
        """Take the record unless the transaction would grow past DynamoDB's limit."""
        if counted is not None and counted[0] not in self.sums:
            if self.records and 1 + len(self.sums) + 1 > TRANSACTION_ITEMS:  # the watermark, a STATS item each
                return False
            self.sums[counted[0]] = Counter()
        if counted is not None:
            self.sums[counted[0]][counted[1]] += counted[2]
        self.records.append(record)
        return True


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
    failed = _count(str(shard), sorted(records, key=_position))
    return {"batchItemFailures": [_failure(record) for record in failed], "state": {}}


def _count(shard: str, records: list[DynamoDBRecord]) -> list[DynamoDBRecord]:
    """Add up a shard's records in order; returns those neither counted nor parked."""
    counted = {str(record.event_id): _what_it_counts(record) for record in records}
    for record in records:
        if counted[str(record.event_id)] is None:  # kept to be looked at; it counts nothing
            logger.error("Stream record the aggregator cannot read", extra={"event_id": record.event_id})
            park(CONSUMER, record.raw_event, "not a counter marker the aggregator can read")
    watermark_read = False  # read only when its condition fails: after a redelivery
    pending = records
    while pending:
        run = Run()
        for record in pending:
            if not run.add(record, counted[str(record.event_id)]):
                break
        try:
            written = _write(shard, run)
        except Exception as error:
            logger.exception("Could not add up counters; parking the rest of the batch", extra={"shard": shard})
            return _park_and_pass(shard, pending, repr(error))
        if written:
            pending = pending[len(run.records) :]
        elif watermark_read:
            raise RuntimeError(f"the watermark of shard {shard} moved during a batch")
        else:
            watermark_read, sequence = True, _watermark(shard)
            pending = [record for record in pending if _position(record) > sequence]
    return []


def _write(shard: str, run: Run) -> bool:
    """The run added up with the watermark moved to its end; False if the watermark was not
    below the run's start."""
    return _add_up(_pass(shard, run.records), run.sums, f"shard {shard}") is None


def _add_up(first: Operation, sums: dict[str, Counter[str]], what: str) -> Cancelled | None:
    """One transaction: `first` (the watermark's move, or a parked copy's deletion) and each
    article's STATS update, tried again with the periods read when one of them turned; then
    the most-read. The refusal if `first`'s condition failed, None once written."""
    restarting: dict[str, set[str]] = {}  # article → periods whose count starts again
    for _ in range(ATTEMPTS):
        operations = [first]
        for article_id, article_sums in sums.items():
            operations += most_read.stats_update(article_id, article_sums, restarting.get(article_id, set()))
        cancelled = _transact(operations, what)
        if cancelled is None:
            most_read.merge_views(
                [article_id for article_id, article_sums in sums.items() if article_sums["views"] > 0]
            )
            return None
        if first[0] in cancelled.failed:
            return cancelled
        restarting |= most_read.periods_to_restart([role.removeprefix("stats:") for role in cancelled.failed])
    raise RuntimeError(f"{what}: the STATS periods kept changing during {ATTEMPTS} attempts")


def _park_and_pass(shard: str, records: list[DynamoDBRecord], error: str) -> list[DynamoDBRecord]:
    """Park the records the stream has not passed and move the watermark past them, 99 to a
    transaction; returns the records this could not do for (Lambda retries from there)."""
    try:
        sequence = _watermark(shard)
        waiting = [record for record in records if _position(record) > sequence]
        while waiting:
            chunk, waiting = waiting[: TRANSACTION_ITEMS - 1], waiting[TRANSACTION_ITEMS - 1 :]
            copies = [("copy", {"Put": {"Item": parked_item(CONSUMER, r.raw_event, error)}}) for r in chunk]
            if _transact([_pass(shard, chunk), *copies], f"shard {shard}"):
                raise RuntimeError(f"the watermark of shard {shard} moved during a batch")
    except Exception:
        logger.exception("Could not park counter records", extra={"shard": shard})
        return [record for record in records if _position(record) > _watermark(shard)]
    return []


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
        _add_up(("copy", {"Delete": copy}), {article_id: Counter({name: delta})}, f"replay of {record.event_id}")
    except Exception:
        logger.exception("Could not replay a parked record", extra={"event_id": record.event_id})
        return False
    return True  # counted now, or by an earlier replay (its copy was gone)


def _transact(operations: list[Operation], what: str) -> Cancelled | None:
    """The transaction, retried while it conflicts with another; the roles whose condition
    failed if it was refused, None once it is written."""
    for attempt in range(ATTEMPTS):
        cancelled = transact(operations)
        if cancelled is None or cancelled.failed:
            return cancelled
        logger.info("Counters transaction conflicted; retrying", extra={"what": what, "attempt": attempt + 1})
    raise RuntimeError(f"{what}: still conflicting after {ATTEMPTS} attempts")


def _pass(shard: str, records: list[DynamoDBRecord]) -> Operation:
    """Move the shard's watermark to the last of these records, if it is below the first."""
    update = {
        "Key": keys.counted_through(shard),
        "UpdateExpression": "SET #seq = :end, expires_at = :expires",
        "ConditionExpression": "attribute_not_exists(#seq) OR #seq < :start",
        "ExpressionAttributeNames": {"#seq": "sequence"},
        "ExpressionAttributeValues": {
            ":start": _position(records[0]),
            ":end": _position(records[-1]),
            ":expires": clock.expiry(WATERMARK_DAYS),
        },
    }
    return ("watermark", {"Update": update})


def _watermark(shard: str) -> str:
    item = table().get_item(Key=keys.counted_through(shard), ConsistentRead=True).get("Item") or {}
    return str(item.get("sequence", ""))


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
    if kind == "reaction":
        return article_id, f"reaction:{image['kind']}", grown
    if kind == "share" and record.event_name == DynamoDBRecordEventName.INSERT:
        return article_id, f"share:{image['network']}", 1
    return None


def _position(record: DynamoDBRecord) -> str:
    sequence = record.dynamodb.sequence_number if record.dynamodb else None
    return f"{int(sequence or 0):0{POSITION_DIGITS}d}"


def _failure(record: DynamoDBRecord) -> dict[str, str]:
    return {"itemIdentifier": str(record.dynamodb.sequence_number if record.dynamodb else record.event_id)}
