"""The local stand-in for Lambda's DynamoDB stream event source mappings: reads the
table's stream from DynamoDB Local and invokes the subscribed functions with real stream
records, honouring the template's batch size, filter criteria, partial batch failures,
retry limit and tumbling windows (whose events name their shard). Records a function
gives up on are kept in `dead_letters` and logged, where AWS would send them to the
on-failure destination. Each shard is read once for every subscription (reading and
parsing records costs more than delivering them), and each subscription moves through
what was read at its own pace, as separate mappings do."""

import logging
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import boto3

from devstack.dynamodb import CREDENTIALS, client
from devstack.runtime import Runtime
from devstack.template import REGION, StreamSubscription

log = logging.getLogger("devstack.streams")


class StreamPoller:
    def __init__(self, runtime: Runtime):
        self.runtime = runtime
        self.subscriptions = runtime.stack.streams
        self.dead_letters: list[dict[str, Any]] = []
        self.invocations: Counter[str] = Counter()  # by function
        session = boto3.session.Session(
            region_name=REGION,
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )
        self.streams = session.client("dynamodbstreams", endpoint_url=runtime.dynamodb_endpoint)
        table = client(runtime.dynamodb_endpoint).describe_table(TableName=runtime.stack.table_name)["Table"]
        self.stream_arn: str = table["LatestStreamArn"]
        self.read: dict[str, list[dict[str, Any]]] = {}  # by shard: every record read so far, in order
        self.finished_shards: set[str] = set()
        self.delivered: dict[tuple[str, str], int] = {}  # (function, shard): records of `read` handled
        self.states: dict[tuple[str, str], tuple[int, dict[str, Any]]] = {}  # (function, shard): window, state
        self._stop = threading.Event()
        self._lock = threading.Lock()

    def drain(self) -> int:
        """Deliver everything in the stream now; returns the number of records read."""
        with self._lock:
            read = 0
            for subscription in self.subscriptions:  # each sees what the ones before it wrote
                for shard in self._shards():
                    read += self._read_shard(shard)
                    self._deliver_shard(subscription, shard)
            return read

    def run_in_background(self, interval: float = 0.25) -> threading.Thread:
        def loop() -> None:
            while not self._stop.is_set():
                try:
                    if not self.drain():
                        self._stop.wait(interval)
                except Exception:  # a broken poll must not end the dev server
                    log.exception("stream poll failed")
                    self._stop.wait(interval * 4)

        thread = threading.Thread(target=loop, name="stream-poller", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()

    def _shards(self) -> list[str]:
        shards: list[str] = []
        request: dict[str, Any] = {"StreamArn": self.stream_arn}
        while True:
            description = self.streams.describe_stream(**request)["StreamDescription"]
            shards += [shard["ShardId"] for shard in description["Shards"]]
            if not description.get("LastEvaluatedShardId"):
                return shards
            request["ExclusiveStartShardId"] = description["LastEvaluatedShardId"]

    def _read_shard(self, shard: str) -> int:
        if shard in self.finished_shards:
            return 0
        records = self.read.setdefault(shard, [])
        if records:
            request = {
                "ShardIteratorType": "AFTER_SEQUENCE_NUMBER",
                "SequenceNumber": records[-1]["dynamodb"]["SequenceNumber"],
            }
        else:
            request = {"ShardIteratorType": "TRIM_HORIZON"}
        iterator = self.streams.get_shard_iterator(StreamArn=self.stream_arn, ShardId=shard, **request)["ShardIterator"]
        read = 0
        while iterator:
            response = self.streams.get_records(ShardIterator=iterator, Limit=1000)
            if not response["Records"]:
                if "NextShardIterator" not in response:
                    self.finished_shards.add(shard)
                break
            read += len(response["Records"])
            records += [lambda_record(record, self.stream_arn) for record in response["Records"]]
            iterator = response.get("NextShardIterator")
        return read

    def _deliver_shard(self, subscription: StreamSubscription, shard: str) -> None:
        records = self.read.get(shard, [])
        key = (subscription.function, shard)
        if key not in self.delivered:  # a new mapping: from the oldest record, or from now on
            self.delivered[key] = 0 if subscription.starting_position == "TRIM_HORIZON" else len(records)
        wanted = [record for record in records[self.delivered[key] :] if matches_any(subscription.filters, record)]
        self.delivered[key] = len(records)
        for start in range(0, len(wanted), subscription.batch_size):
            self._deliver(subscription, shard, wanted[start : start + subscription.batch_size])

    def _deliver(self, subscription: StreamSubscription, shard: str, batch: list[dict[str, Any]]) -> None:
        retries = 0
        while batch:
            self.invocations[subscription.function] += 1
            event: dict[str, Any] = {"Records": batch}
            if subscription.tumbling_window:
                window = int(time.time()) // subscription.tumbling_window * subscription.tumbling_window
                known_window, state = self.states.get((subscription.function, shard), (window, {}))
                state = state if known_window == window else {}
                event = windowed(batch, shard, self.stream_arn, (window, subscription.tumbling_window), state)
            try:
                response = self.runtime.invoke(subscription.function, event)
                if subscription.tumbling_window:
                    if not isinstance((response or {}).get("state"), dict):
                        raise ValueError("a tumbling-window answer without a state is a failure")
                    self.states[subscription.function, shard] = (window, response["state"])
                failed = _failed_sequences(response) if subscription.reports_item_failures else set()
                first = next((i for i, r in enumerate(batch) if r["dynamodb"]["SequenceNumber"] in failed), None)
            except Exception:
                log.exception("%s failed on a batch of %d records", subscription.function, len(batch))
                first = 0
            if first is None:
                return
            retries += 1
            if 0 <= subscription.max_retries < retries:
                log.error("%s: %d records sent to the dead-letter store", subscription.function, len(batch) - first)
                self.dead_letters += batch[first:]
                return
            batch = batch[first:]  # Lambda retries from the first failed record onwards


def _failed_sequences(response: Any) -> set[str]:
    if not isinstance(response, dict):
        return set()
    return {str(item.get("itemIdentifier")) for item in response.get("batchItemFailures") or []}


def windowed(
    records: list[dict[str, Any]], shard: str, stream_arn: str, window: tuple[int, int], state: dict[str, Any]
) -> dict[str, Any]:
    """A tumbling-window event as Lambda sends it: one shard's records with the shard's id,
    the window (start, seconds) and the state the function returned last in it. (Lambda's
    extra final call at a window's end, which carries no new records, is not made.)"""
    start, seconds = window
    window_times = {
        "start": datetime.fromtimestamp(start, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "end": datetime.fromtimestamp(start + seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    return {
        "Records": records,
        "window": window_times,
        "state": state,
        "shardId": shard,
        "eventSourceARN": stream_arn,
        "isFinalInvokeForWindow": False,
        "isWindowTerminatedEarly": False,
    }


def lambda_record(record: dict[str, Any], stream_arn: str) -> dict[str, Any]:
    """A DynamoDB Streams record as Lambda hands it to a function."""
    dynamodb = dict(record["dynamodb"])
    created = dynamodb.get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        dynamodb["ApproximateCreationDateTime"] = int(created.timestamp())
    return {
        "eventID": record["eventID"],
        "eventName": record["eventName"],
        "eventVersion": record.get("eventVersion", "1.1"),
        "eventSource": "aws:dynamodb",
        "awsRegion": record.get("awsRegion", REGION),
        "dynamodb": dynamodb,
        "eventSourceARN": stream_arn,
    }


def matches_any(filters: tuple[dict[str, Any], ...], record: dict[str, Any]) -> bool:
    """Lambda event filtering: a record passes if any filter pattern matches it."""
    return not filters or any(_matches(pattern, record) for pattern in filters)


def _matches(pattern: Any, value: Any) -> bool:
    if isinstance(pattern, dict):
        if not isinstance(value, dict):
            return False
        return all(_field_matches(rule, name in value, value.get(name)) for name, rule in pattern.items())
    return False


def _field_matches(rule: Any, present: bool, value: Any) -> bool:
    if isinstance(rule, dict):
        return present and _matches(rule, value)
    for option in rule:
        if isinstance(option, dict):
            if "exists" in option and option["exists"] == present:
                return True
            if "prefix" in option and present and isinstance(value, str) and value.startswith(option["prefix"]):
                return True
            if "anything-but" in option and present and value not in option["anything-but"]:
                return True
        elif present and value == option:
            return True
    return False
