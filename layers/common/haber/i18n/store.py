"""Every DynamoDB request of the i18n domain: machine-translated UI strings of a language
(`UI#<lang>`) and the request that asks the worker for the missing ones."""

from typing import NotRequired, TypedDict, cast

from boto3.dynamodb.conditions import Key

from haber.platform import keys
from haber.platform.db import plain, put_if, table
from haber.platform.shapes import Item


class MachineString(TypedDict):
    """A UI string a provider translated (`UI#<lang>`), and the source text it was made from."""

    text: str
    provider: str
    source_hash: str
    origin: NotRequired[str]


def machine_strings(lang: str) -> dict[str, MachineString]:
    """A language's machine-translated UI strings (key → entry), in one Query."""
    response = table().query(KeyConditionExpression=Key("pk").eq(keys.ui_strings(lang)))
    items: list[Item] = plain(response["Items"])
    return {str(item["sk"]): cast(MachineString, item) for item in items if item["sk"] != keys.UI_REQUEST}


def request_strings(lang: str, now: int, interval: int) -> None:
    """At most one request per language and `interval` seconds."""
    request = {**keys.ui_string(lang, keys.UI_REQUEST), "type": "i18n_request", "lang": lang, "requested_at": now}
    put_if(request, "attribute_not_exists(pk) OR requested_at < :hour_ago", hour_ago=now - interval)


def save_machine_strings(lang: str, entries: dict[str, MachineString]) -> None:
    with table().batch_writer() as batch:
        for key, entry in entries.items():
            batch.put_item(Item={**keys.ui_string(lang, key), "type": "i18n", "origin": "machine", **entry})
