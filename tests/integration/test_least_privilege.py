"""Every DynamoDB request the functions make is one template.yaml allows, partition key
included: the sample events of every route, then the stream consumers on what they left
(machine translation on, against the fake provider), while botocore records each request."""

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from devstack.runtime import Runtime
from haber.platform.db import low_level_client, resource
from tests import iam
from tests.function.test_events import EVENTS, function_for
from tests.integration.conftest import Translating

# A transaction's or a batch's items are authorised one by one, each as its own action.
TRANSACTION_ACTIONS = {
    "Put": "PutItem",
    "Update": "UpdateItem",
    "Delete": "DeleteItem",
    "ConditionCheck": "ConditionCheckItem",
}
Request = tuple[str, str, str | None]  # function, action, partition key (None: not per item)


def partition_key(key: dict[str, Any]) -> str:
    return str(key["pk"]["S"])


def authorised_as(action: str, params: dict[str, Any]) -> Iterator[tuple[str, str | None]]:
    if action == "TransactWriteItems":
        for item in params["TransactItems"]:
            for kind, operation in item.items():
                yield TRANSACTION_ACTIONS[kind], partition_key(operation.get("Key") or operation["Item"])
    elif action == "BatchWriteItem":
        for requests in params["RequestItems"].values():
            for request in requests:
                write = request.get("PutRequest", {}).get("Item") or request["DeleteRequest"]["Key"]
                yield action, partition_key(write)
    elif action in ("PutItem", "UpdateItem", "DeleteItem", "GetItem"):
        yield action, partition_key(params.get("Key") or params["Item"])
    else:  # Query, BatchGetItem: reads, not limited by key in Haber's policies
        yield action, None


@contextmanager
def recording(runtime: Runtime) -> Iterator[set[Request]]:
    taken: set[Request] = set()

    def record(params: dict[str, Any], model: Any, **_: Any) -> None:
        body = json.loads(params["body"] or b"{}")
        function = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "")
        taken.update((function, action, key) for action, key in authorised_as(model.name, body))

    with runtime.environment("ArticlesFunction"):
        clients = [resource(runtime.dynamodb_endpoint).meta.client, low_level_client(runtime.dynamodb_endpoint)]
    for client in clients:
        client.meta.events.register("before-call.dynamodb", record, unique_id="iam-check")
    try:
        yield taken
    finally:
        for client in clients:
            client.meta.events.unregister("before-call.dynamodb", unique_id="iam-check")


def test_every_request_the_code_makes_is_allowed_by_the_template(translating: Translating) -> None:
    api, _, poller = translating
    runtime = api.runtime
    last = ("unpublish.json", "delete.json")  # the other events need the demo article published
    with recording(runtime) as taken:
        for path in sorted(EVENTS, key=lambda path: path.name in last):
            event = json.loads(path.read_text(encoding="utf-8"))
            response = runtime.invoke(function_for(event, runtime, path), event)
            assert response.get("statusCode", 200) < 400, (path.name, response)
        poller.drain()
    writers = {function for function, action, _ in taken if action not in ("GetItem", "Query", "BatchGetItem")}
    assert writers == set(iam.RESOURCES) & {
        "ArticlesFunction",
        "CommentsFunction",
        "CountersFunction",
        "CountersAggregatorFunction",
        "TranslationFunction",
        "TranslationWorkerFunction",
        "MediaFunction",
        "MediaProcessorFunction",
    }
    denied = sorted((f, a, k) for f, a, k in taken if not iam.may(f, a, k))
    assert not denied, f"template.yaml does not allow: {denied}"
