"""Replays the stream records a consumer parked (platform/parking.py) through that consumer,
and releases each one it now handles. Locally through the runtime (`make redrive`);
against a deployed stack through Lambda's Invoke API (docs/operations.md)."""

from collections.abc import Callable
from typing import Any

from haber.platform import parking

CONSUMERS = {
    "counters": "CountersAggregatorFunction",
    "translation": "TranslationWorkerFunction",
    "search": "SearchIndexerFunction",
}
Invoke = Callable[[dict[str, Any]], Any]  # one stream event in, the consumer's answer out


def redrive(consumer: str, invoke: Invoke) -> tuple[int, int]:
    """(records replayed and released, records that failed again and stay parked)."""
    replayed = failed = 0
    for record in parking.parked(consumer):
        event = {"Records": [{**record, "eventSource": "aws:dynamodb", "eventVersion": "1.1"}]}
        answer = invoke(event) or {}
        if answer.get("batchItemFailures"):
            failed += 1
            continue
        parking.release(consumer, str(record["eventID"]))
        replayed += 1
    return replayed, failed
