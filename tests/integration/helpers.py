from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from haber.platform.db import table
from tests.conftest import Api


@contextmanager
def dynamodb_calls(api: Api) -> Iterator[list[str]]:
    """The DynamoDB operations the handler makes, counted from botocore's events."""
    with api.environment():
        client = table().meta.client
    calls: list[str] = []

    def record(model: Any, **_: Any) -> None:
        calls.append(model.name)

    client.meta.events.register("before-call.dynamodb", record)
    try:
        yield calls
    finally:
        client.meta.events.unregister("before-call.dynamodb", record)
