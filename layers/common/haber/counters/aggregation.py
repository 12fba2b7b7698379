"""The counters' stream aggregator: adds up view, reaction and share markers per article.

Each batch sums its records per article and writes each article's totals, and its
most-read rankings, once per chunk of records: a viral article's STATS item takes one
write per ~90 views instead of one per view. Exactly once: the same transaction stores a
receipt per stream record, so a record that Lambda delivers again (after a partial batch
failure, records after the failed one come back too) is recognised and skipped.
"""

from collections import Counter, defaultdict
from datetime import timedelta
from typing import Any

from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import (
    DynamoDBRecord,
    DynamoDBRecordEventName,
    DynamoDBStreamEvent,
)

from haber.platform import clock, keys
from haber.platform.db import Operation, transact
from haber.platform.observability import logger, metrics
from haber.platform.parking import park

CONSUMER = "counters"  # parked records: platform/parking.py
CHUNK = 96  # a transaction holds 100 items: totals, two rankings, and one receipt per record
RECEIPT_DAYS = 2  # longer than the stream's 24-hour retention
RANKING_DAYS = {"day": 8, "week": 35}


def aggregate(event: dict[str, Any]) -> dict[str, Any]:
    """Partial batch response: the sequence numbers of the records not yet added up."""
    groups: dict[str, list[tuple[DynamoDBRecord, str, int]]] = defaultdict(list)
    failures: list[str] = []
    for record in DynamoDBStreamEvent(event).records:
        counted = _what_it_counts(record)
        if counted is None:
            logger.error("Stream record the aggregator cannot read", extra={"event_id": record.event_id})
            park(CONSUMER, record.raw_event, "not a counter marker the aggregator can read")
            failures.append(_sequence(record))
            continue
        article_id, field, delta = counted
        groups[article_id].append((record, field, delta))
    for article_id, entries in groups.items():
        for start in range(0, len(entries), CHUNK):
            chunk = entries[start : start + CHUNK]
            try:
                _apply(article_id, chunk)
            except Exception as error:
                logger.exception("Could not add up counters", extra={"article_id": article_id})
                for record, _, _ in chunk:
                    park(CONSUMER, record.raw_event, repr(error))
                failures += [_sequence(record) for record, _, _ in chunk]
    metrics.add_metric(name="CounterRecords", unit="Count", value=len(DynamoDBStreamEvent(event).raw_event["Records"]))
    return {"batchItemFailures": [{"itemIdentifier": sequence} for sequence in failures]}


def _what_it_counts(record: DynamoDBRecord) -> tuple[str, str, int] | None:
    """(article, totals field, delta) of a marker's change; None if it is no marker.
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


def _apply(article_id: str, chunk: list[tuple[DynamoDBRecord, str, int]]) -> None:
    pending = list(chunk)
    for _ in range(3):  # each retry drops records whose receipts show they were counted
        if not pending:
            return
        cancelled = transact(_operations(article_id, pending))
        if cancelled is None:
            return
        counted = set(cancelled.failed)  # a receipt's condition fails when its record was counted before
        pending = [entry for entry in pending if _receipt_role(entry[0]) not in counted]
    raise RuntimeError(f"counters of {article_id} still conflicting after 3 attempts")


def _operations(article_id: str, entries: list[tuple[DynamoDBRecord, str, int]]) -> list[Operation]:
    sums: Counter[str] = Counter()
    for _, field, delta in entries:
        sums[field] += delta
    fields = [field for field, total in sums.items() if total]
    operations: list[Operation] = []
    if fields:
        update = {
            "Key": keys.stats(article_id),
            "UpdateExpression": "ADD " + ", ".join(f"#f{i} :d{i}" for i in range(len(fields))),
            "ExpressionAttributeNames": {f"#f{i}": field for i, field in enumerate(fields)},
            "ExpressionAttributeValues": {f":d{i}": sums[field] for i, field in enumerate(fields)},
        }
        operations.append(("totals", {"Update": update}))
    if sums["views"] > 0:
        operations += [(f"ranking:{window}", _ranking(article_id, window, sums["views"])) for window in RANKING_DAYS]
    expires = int((clock.now() + timedelta(days=RECEIPT_DAYS)).timestamp())
    for record, _, _ in entries:
        receipt = {**keys.receipt(str(record.event_id)), "expires_at": expires}
        put = {"Put": {"Item": receipt, "ConditionExpression": "attribute_not_exists(pk)"}}
        operations.append((_receipt_role(record), put))
    return operations


def _ranking(article_id: str, window: str, views: int) -> dict[str, Any]:
    now = clock.now()
    entry = keys.ranking_entry(window, now, article_id)
    expires = int((now + timedelta(days=RANKING_DAYS[window])).timestamp())
    return {
        "Update": {
            "Key": entry,
            "UpdateExpression": "ADD rank_views :views SET rank_pk = :partition, expires_at = :expires",
            "ExpressionAttributeValues": {":views": views, ":partition": entry["pk"], ":expires": expires},
        }
    }


def _receipt_role(record: DynamoDBRecord) -> str:
    return f"receipt:{record.event_id}"


def _sequence(record: DynamoDBRecord) -> str:
    return str(record.dynamodb.sequence_number if record.dynamodb else record.event_id)
