"""DynamoDB access: cached handles, created on first use, and every idiom Haber uses, once:
transactions that say which condition failed, conditional single-item writes, paged
queries behind signed cursors, batch reads.

boto3 honours AWS_ENDPOINT_URL_DYNAMODB, which the local stack sets to reach DynamoDB
Local; the code is the same everywhere.
"""

import os
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

import boto3
from boto3.dynamodb.types import TypeDeserializer
from botocore.config import Config
from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotoConnectionError

from haber.platform import cursor
from haber.platform.settings import get_settings
from haber.platform.shapes import Item, Request

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient
    from mypy_boto3_dynamodb.service_resource import DynamoDBServiceResource, Table

# Every request fails within the API functions' 10 s: 2 attempts of at most 1 s to connect
# and 2 s to read, with standard retry mode's backoff between them (at most 1 s).
_CONFIG = Config(
    max_pool_connections=32, connect_timeout=1, read_timeout=2, retries={"mode": "standard", "total_max_attempts": 2}
)
# What DynamoDB answers when it cannot serve now: the client may try again (HTTP 503).
UNAVAILABLE_CODES = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "InternalServerError",
        "ServiceUnavailable",
    }
)


def unavailable(error: BaseException | None) -> bool:
    """Did DynamoDB fail to answer in time, or ask to be asked later? (Also when a library,
    such as Powertools' idempotency, wrapped that error in one of its own.)"""
    while error is not None:
        if isinstance(error, ClientError) and error.response["Error"]["Code"] in UNAVAILABLE_CODES:
            return True
        if isinstance(error, BotoConnectionError | HTTPClientError):
            return True
        error = error.__cause__
    return False


CONDITION_FAILED = "ConditionalCheckFailed"
_DESERIALIZER = TypeDeserializer()


def table() -> "Table":
    return _table(get_settings().table_name, os.environ.get("AWS_ENDPOINT_URL_DYNAMODB", ""))


@cache
def _table(name: str, endpoint: str) -> "Table":
    return resource(endpoint).Table(name)


@cache
def resource(endpoint: str = "") -> "DynamoDBServiceResource":
    """One resource (and connection pool) per endpoint, shared by every table handle.
    A session of its own: boto3's default session is not safe to share across threads."""
    return boto3.session.Session().resource("dynamodb", endpoint_url=endpoint or None, config=_CONFIG)


@cache
def low_level_client(endpoint: str = "") -> "DynamoDBClient":
    """A client without the resource's type conversion, for libraries that speak
    DynamoDB's attribute-value format themselves (Powertools idempotency)."""
    return boto3.session.Session().client("dynamodb", endpoint_url=endpoint or None, config=_CONFIG)


def plain(value: Any) -> Any:
    """DynamoDB numbers arrive as Decimal; turn whole ones into int for JSON."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def get(key: dict[str, str]) -> Item | None:
    item = table().get_item(Key=key).get("Item")
    return plain(item) if item else None


def batch_get(wanted: list[dict[str, str]], consistent: bool = False, projection: Request | None = None) -> list[Item]:
    """The items under these keys that exist: one BatchGetItem per 100 keys (plus retries
    of any keys DynamoDB leaves unprocessed); `projection`: a ProjectionExpression and its
    ExpressionAttributeNames, to read only those attributes."""
    name, items = table().name, []
    for start in range(0, len(wanted), 100):
        request: Any = {name: {"Keys": wanted[start : start + 100], "ConsistentRead": consistent, **(projection or {})}}
        while request:
            response = table().meta.client.batch_get_item(RequestItems=request)
            items += response["Responses"].get(name, [])
            request = response.get("UnprocessedKeys")
    return [plain(item) for item in items]


def query_all(**request: Any) -> list[Item]:
    """Every item of a query, following LastEvaluatedKey (one request for small collections)."""
    items: list[Item] = []
    while True:
        response = table().query(**request)
        items += response["Items"]
        if "LastEvaluatedKey" not in response:
            found: list[Item] = plain(items)
            return found
        request["ExclusiveStartKey"] = response["LastEvaluatedKey"]


@dataclass
class Page:
    items: list[Item]
    next_cursor: str | None


def query_page(request: Request, limit: int, start: str | None, query_id: str) -> Page:
    """One page of a query, continued from a signed cursor (bound to `query_id`, so a cursor
    of another query is a 400). One request: it asks for one item more than the page to
    know whether another page follows."""
    start_key = cursor.decode(start, query_id)
    request = {**request, "Limit": limit + 1}
    if start_key:
        request["ExclusiveStartKey"] = start_key
    response = table().query(**request)
    items = plain(response["Items"])
    if len(items) > limit:
        items = items[:limit]
        index = request.get("IndexName")
        names = ("pk", "sk", *((f"{index}pk", f"{index}sk") if index else ()))
        last_key = {name: items[-1][name] for name in names}
    else:
        last_key = response.get("LastEvaluatedKey") or {}
    return Page(items, cursor.encode(last_key, query_id))


Operation = tuple[str, Request]  # (role, {"Put"|"Update"|"Delete"|"ConditionCheck": parameters})


@dataclass(frozen=True)
class Cancelled:
    """A transaction DynamoDB refused. `failed` holds the roles of the operations whose
    condition failed; empty when it was cancelled for another reason (a conflicting
    transaction on the same items)."""

    failed: list[str]


def transact(operations: Sequence[Operation]) -> Cancelled | None:
    """One TransactWriteItems (the table's name is filled in); None once it is written."""
    name = table().name
    items = [{action: {"TableName": name, **parameters} for action, parameters in op.items()} for _, op in operations]
    try:
        table().meta.client.transact_write_items(TransactItems=items)  # type: ignore[arg-type]
    except ClientError as error:
        if error.response["Error"]["Code"] != "TransactionCanceledException":
            raise
        reasons = error.response.get("CancellationReasons", [])
        return Cancelled(
            [operations[i][0] for i, reason in enumerate(reasons) if reason.get("Code") == CONDITION_FAILED]
        )
    return None


def put_if(item: Item, condition: str = "attribute_not_exists(pk)", **values: Any) -> bool:
    """Put the item if the condition holds (by default: no item has its key yet)."""
    return _unless_condition_fails(table().put_item, Item=item, ConditionExpression=condition, **_values(values))


def delete_if_present(key: dict[str, str]) -> bool:
    return _unless_condition_fails(table().delete_item, Key=key, ConditionExpression="attribute_exists(pk)")


def update_if(
    key: dict[str, str], update: str, condition: str, names: dict[str, str] | None = None, **values: Any
) -> bool:
    """Update the item if the condition holds; `values` are the expression's :placeholders."""
    request = {"Key": key, "UpdateExpression": update, "ConditionExpression": condition, **_values(values)}
    if names:
        request["ExpressionAttributeNames"] = names
    return _unless_condition_fails(table().update_item, **request)


def update_returning(request: Request) -> tuple[bool, Item]:
    """A conditional UpdateItem: (True, the item after it) once written, or (False, the item
    as it was, empty if there was none) when its condition failed. Returning either costs no
    read (a refused write is billed as a write all the same)."""
    try:
        response = table().update_item(**request, ReturnValues="ALL_NEW", ReturnValuesOnConditionCheckFailure="ALL_OLD")
    except ClientError as error:
        if error.response["Error"]["Code"] != f"{CONDITION_FAILED}Exception":
            raise
        old: Item = error.response.get("Item") or {}  # type: ignore[assignment]
        # in DynamoDB's JSON: the resource does not convert what comes with an error
        return False, {name: _DESERIALIZER.deserialize(value) for name, value in old.items()}
    return True, response.get("Attributes", {})


def _values(values: dict[str, object]) -> Request:
    return {"ExpressionAttributeValues": {f":{name}": value for name, value in values.items()}} if values else {}


def _unless_condition_fails(write: Any, **request: Any) -> bool:
    try:
        write(**request)
    except ClientError as error:
        if error.response["Error"]["Code"] == f"{CONDITION_FAILED}Exception":
            return False
        raise
    return True
