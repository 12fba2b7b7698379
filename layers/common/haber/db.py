"""DynamoDB access: a cached table handle, created on first use.

boto3 honours AWS_ENDPOINT_URL_DYNAMODB, which the local stack sets to reach
DynamoDB Local; the code is the same everywhere.
"""

import os
from functools import cache
from typing import TYPE_CHECKING, Any

import boto3
from botocore.config import Config

from haber.settings import get_settings

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient
    from mypy_boto3_dynamodb.service_resource import DynamoDBServiceResource, Table


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


_CONFIG = Config(max_pool_connections=32, retries={"mode": "standard"})


def batch_get(wanted: list[dict[str, str]]) -> list[dict[str, Any]]:
    """The items under these keys that exist: one BatchGetItem per 100 keys (plus retries
    of any keys DynamoDB leaves unprocessed)."""
    name, items = table().name, []
    for start in range(0, len(wanted), 100):
        request: Any = {name: {"Keys": wanted[start : start + 100]}}
        while request:
            response = table().meta.client.batch_get_item(RequestItems=request)
            items += response["Responses"].get(name, [])
            request = response.get("UnprocessedKeys")
    return [plain(item) for item in items]


def plain(value: Any) -> Any:
    """DynamoDB numbers arrive as Decimal; turn whole ones into int for JSON."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value
