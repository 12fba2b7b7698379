"""Every DynamoDB request of the translation domain: the translation memory, the glossary,
the monthly budget and refresh requests. docs/data-model.md has the keys."""

from haber.platform import keys
from haber.platform.db import batch_get, get, plain, table, update_if
from haber.platform.shapes import Item, Request


def remembered(memory_keys: list[dict[str, str]]) -> dict[str, str]:
    """The memory's translations under these keys (pk → text), in one BatchGetItem per 100."""
    return {item["pk"]: item["text"] for item in batch_get(memory_keys)}


def remember(learned: dict[str, str]) -> None:
    with table().batch_writer() as batch:
        for pk, text in learned.items():
            batch.put_item(Item={"pk": pk, "sk": keys.MEMORY, "type": "tm", "text": text})


def glossary() -> Item:
    return get(keys.GLOSSARY) or {}


def save_glossary(protected: list[str], terms: dict[str, dict[str, str]]) -> int:
    """Replace the glossary; returns its new version."""
    item = table().update_item(
        Key=keys.GLOSSARY,
        UpdateExpression="SET protected = :protected, terms = :terms ADD version :one",
        ExpressionAttributeValues={":protected": protected, ":terms": terms, ":one": 1},
        ReturnValues="ALL_NEW",
    )["Attributes"]
    return int(plain(item)["version"])


def charge(month: dict[str, str], characters: int, room: int) -> bool:
    """Add the characters to the month's count, unless it is above `room` already."""
    return update_if(
        month, "ADD characters :n", "attribute_not_exists(characters) OR characters <= :room", n=characters, room=room
    )


def refund(month: dict[str, str], characters: int) -> None:
    table().update_item(Key=month, UpdateExpression="ADD characters :n", ExpressionAttributeValues={":n": -characters})


def request_refresh(request: Request) -> None:
    table().put_item(Item=request)


def save_image_text(media_id: str, lang: str, text: Item, source_hash: str) -> bool:
    """A machine text of an image, unless its source changed meanwhile or an editor wrote
    that language by hand."""
    return update_if(
        keys.media(media_id),
        "SET texts.#lang = :text, version = version + :one",
        "source_hash = :hash AND (attribute_not_exists(texts.#lang) OR texts.#lang.origin <> :human)",
        names={"#lang": lang},
        text=text,
        one=1,
        hash=source_hash,
        human="human",
    )
