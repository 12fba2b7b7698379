"""Stream records a consumer could not handle, parked in the table with what is needed to
replay them: the record's keys, event name and images (large text attributes left out:
the consumers read those from the table anyway).

Lambda's own on-failure message (in the dead-letter queue) holds only stream positions,
useless once the stream's 24 hours have passed, and a consumer cannot tell its last
attempt from the others. So every failed attempt parks the record under its event id
(one item per record however often it failed) for 14 days, and `make redrive` replays the
parked records through the consumer; "already current" checks (translation) make a replay
of something that succeeded later harmless. (The counters' aggregator parks a record and
moves past it in one transaction, so a parked record is one the stream never counts.)
"""

import json
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor
from boto3.dynamodb.conditions import Key

from haber.platform import clock, keys
from haber.platform.db import delete_if_present, query_all, table
from haber.platform.shapes import Item

KEEP_DAYS = 14  # SQS's longest retention: the dead-letter message and its parked record age alike
LARGEST_ATTRIBUTE = 2048  # bytes of JSON; article text is left out, ids and small sets stay


def park(consumer: str, record: Item, error: str) -> None:
    table().put_item(Item=parked_item(consumer, record, error))


def parked_item(consumer: str, record: Item, error: str) -> Item:
    """The item that parks a record (for a consumer that writes it in its own transaction)."""
    change = record.get("dynamodb") or {}
    kept = {
        "eventID": record.get("eventID"),
        "eventName": record.get("eventName"),
        "dynamodb": {
            **{name: change[name] for name in ("Keys", "SequenceNumber") if name in change},
            **{name: _slim(change[name]) for name in ("NewImage", "OldImage") if name in change},
        },
    }
    return {
        **keys.parked_record(consumer, str(record.get("eventID"))),
        "type": "parked_record",
        "record": json.dumps(kept, ensure_ascii=False),
        "error": error[:1000],
        "parked_at": clock.now_iso(),
        "expires_at": clock.expiry(KEEP_DAYS),
    }


def parked(consumer: str) -> list[Item]:
    """The parked records of a consumer, oldest first: (event id, record in Lambda's format)."""
    items = query_all(KeyConditionExpression=Key("pk").eq(keys.parked_records(consumer)))
    return [json.loads(item["record"]) for item in sorted(items, key=lambda item: str(item["parked_at"]))]


def release(consumer: str, event_id: str) -> None:
    delete_if_present(keys.parked_record(consumer, event_id))


def _slim(image: Item) -> Item:
    return {name: value for name, value in image.items() if len(json.dumps(value)) <= LARGEST_ATTRIBUTE}


class ParkingBatchProcessor(BatchProcessor):
    """Powertools' batch processor, parking each record it reports as failed."""

    def __init__(self, consumer: str, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.consumer = consumer

    def failure_handler(self, record: Any, exception: Any) -> Any:
        park(self.consumer, record.raw_event, f"{exception[0].__name__}: {exception[1]}")
        return super().failure_handler(record, exception)
