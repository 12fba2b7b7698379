"""What the layer asks of DynamoDB, from botocore's events on both of its clients: the
requests, the time spent waiting for them, and the units they consume, index writes
included (an update that moves an item in an index is two writes there: delete and put).
Read units and index units are what DynamoDB Local reports; a transaction's table write
units are counted as DynamoDB bills them, 2 per started KB of each item (DynamoDB Local
counts an item's size differently)."""

import json
import math
import time
from typing import Any

from devstack.runtime import Runtime
from haber.platform.db import low_level_client, table

READS = {"GetItem", "Query", "BatchGetItem", "Scan"}


class Meter:
    def __init__(self, runtime: Runtime):
        with runtime.environment("ArticlesFunction"):  # every function shares these clients here
            clients = [table().meta.client, low_level_client(runtime.dynamodb_endpoint)]  # the latter: idempotency
        self.reset()
        for client in clients:
            client.meta.events.register("before-parameter-build.dynamodb", self._ask_for_capacity)
            client.meta.events.register("before-call.dynamodb", self._started)
            client.meta.events.register("after-call.dynamodb", self._finished)

    def reset(self) -> None:
        self.calls: list[str] = []
        self.read_units = 0.0
        self.write_units = 0.0
        self.waited_ms = 0.0
        self._clock = 0.0
        self._transaction_units = 0.0

    @property
    def capacity(self) -> float:
        return self.read_units + self.write_units

    def _ask_for_capacity(self, params: dict[str, Any], **_: Any) -> None:
        params.setdefault("ReturnConsumedCapacity", "INDEXES")

    def _started(self, model: Any, params: dict[str, Any], **_: Any) -> None:
        self.calls.append(model.name)
        self._clock = time.perf_counter()
        if model.name == "TransactWriteItems":
            items = json.loads(params["body"])["TransactItems"]
            self._transaction_units = sum(2 * max(1, math.ceil(len(json.dumps(item)) / 1024)) for item in items)

    def _finished(self, model: Any, parsed: dict[str, Any], **_: Any) -> None:
        self.waited_ms += (time.perf_counter() - self._clock) * 1000
        consumed = parsed.get("ConsumedCapacity") or []
        units = sum(float(c.get("CapacityUnits", 0)) for c in (consumed if isinstance(consumed, list) else [consumed]))
        if model.name == "TransactWriteItems":
            self.write_units += self._transaction_units + sum(_index_units(c) for c in consumed)
        elif model.name in READS:
            self.read_units += units
        else:
            self.write_units += units


def _index_units(consumed: dict[str, Any]) -> float:
    indexes = {**consumed.get("GlobalSecondaryIndexes", {}), **consumed.get("LocalSecondaryIndexes", {})}
    return sum(float(index.get("CapacityUnits", 0)) for index in indexes.values())
