"""Every DynamoDB request of the media domain: the media item (`MEDIA#<id>`) through its
life (announced, processed, described, deleted), the library's pages, and the writes an
article's transaction takes to record which images it uses. docs/data-model.md has the keys."""

from decimal import Decimal
from typing import Any, cast

from boto3.dynamodb.conditions import Key

from haber.media.records import Description, MediaItem, StoredRendition
from haber.platform import clock, keys
from haber.platform.db import (
    Operation,
    Page,
    batch_get,
    get,
    plain,
    query_page,
    table,
    transact,
    update_if,
    update_returning,
)
from haber.platform.shapes import Item


def add(item: Item) -> None:
    """A new item (with its keys and index keys), if there is none under its key."""
    table().put_item(Item=item, ConditionExpression="attribute_not_exists(pk)")


def load(media_id: str) -> MediaItem | None:
    return cast(MediaItem | None, get(keys.media(media_id)))


def load_many(media_ids: list[str]) -> dict[str, MediaItem]:
    return {item["id"]: cast(MediaItem, item) for item in batch_get([keys.media(media_id) for media_id in media_ids])}


def page(status: str | None, limit: int, start: str | None) -> Page:
    """The library newest first, or only the items of one status."""
    index, partition = ("gsi2", keys.media_by_status(status)) if status else ("gsi1", keys.MEDIA_LIBRARY)
    request = {"IndexName": index, "KeyConditionExpression": Key(f"{index}pk").eq(partition), "ScanIndexForward": False}
    return query_page(request, limit, start, query_id=f"media|{partition}")


def replace(item: Item, seen_version: int) -> bool:
    """The item as an editor changed it, if still at the version read and not being deleted."""
    put = {
        "Item": item,
        "ConditionExpression": "version = :seen AND #status <> :deleting",
        "ExpressionAttributeNames": {"#status": "status"},
        "ExpressionAttributeValues": {":seen": seen_version, ":deleting": "deleting"},
    }
    return transact([("media", {"Put": put})]) is None


def mark_deleting(media_id: str) -> bool:
    """Unused media only; marked first, so no article can take it up while its files go."""
    update = {
        "Key": keys.media(media_id),
        "UpdateExpression": "SET #status = :deleting",
        "ConditionExpression": "attribute_exists(pk) AND attribute_not_exists(used_by)",
        "ExpressionAttributeNames": {"#status": "status"},
        "ExpressionAttributeValues": {":deleting": "deleting"},
    }
    return transact([("media", {"Update": update})]) is None


def remove(media_id: str) -> None:
    table().delete_item(Key=keys.media(media_id))


# -- the processor ---------------------------------------------------------------------


def count_attempt(media_id: str) -> MediaItem | None:
    """The item waiting for its file, with this try at processing counted (`attempts`);
    None if it does not wait (any more)."""
    written, item = update_returning(
        {
            "Key": keys.media(media_id),
            "UpdateExpression": "ADD attempts :one",
            "ConditionExpression": "#status = :pending",
            "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": {":one": 1, ":pending": "pending"},
        }
    )
    return cast(MediaItem, plain(item)) if written else None


def settle(media_id: str, status: str, **fields: Any) -> bool:
    """pending → ready or rejected, with the fields that go with it, once only."""
    assignments = "".join(f", {name} = :{name}" for name in fields)
    focal = ", rendered_focal = focal" if status == "ready" else ""
    return update_if(
        keys.media(media_id),
        f"SET #status = :status, gsi2pk = :index{assignments}{focal}, version = version + :one, updated_at = :now",
        "#status = :pending",
        names={"#status": "status"},
        status=status,
        index=keys.media_by_status(status),
        one=1,
        now=clock.now_iso(),
        pending="pending",
        **fields,
    )


def save_crops(item: MediaItem, renditions: list[StoredRendition]) -> bool:
    """Swap in crops made for the item's focal point, unless it changed meanwhile."""
    return update_if(
        keys.media(item["id"]),
        "SET renditions = :renditions, rendered_focal = :focal, version = version + :one, updated_at = :now",
        "version = :seen",
        renditions=renditions,
        focal={axis: Decimal(str(value)) for axis, value in item["focal"].items()},
        one=1,
        now=clock.now_iso(),
        seen=item["version"],
    )


# -- an article's images, in the article's transaction ------------------------------------


def usage_writes(article_id: str, before: set[str], images: dict[str, Description]) -> list[Operation]:
    """The writes that move an article's images from `before` to `images`: its own copy of
    their descriptions, and each media item's list of users (only while still as read)."""
    own_copy = {**keys.article_media(article_id), "type": "article_media", "images": images}
    writes: list[Operation] = [
        ("images", {"Put": {"Item": own_copy}} if images else {"Delete": {"Key": keys.article_media(article_id)}})
    ]
    for media_id in sorted(set(images) - before):
        update = {
            "Key": keys.media(media_id),
            "UpdateExpression": "ADD used_by :article",
            "ConditionExpression": "#status = :ready AND version = :seen",
            "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": {
                ":article": {article_id},
                ":ready": "ready",
                ":seen": images[media_id]["version"],
            },
        }
        writes.append((f"media:{media_id}", {"Update": update}))
    for media_id in sorted(set(images) & before):  # the copy written must be the current one
        check = {
            "Key": keys.media(media_id),
            "ConditionExpression": "version = :seen",
            "ExpressionAttributeValues": {":seen": images[media_id]["version"]},
        }
        writes.append((f"media:{media_id}", {"ConditionCheck": check}))
    for media_id in sorted(before - set(images)):
        update = {
            "Key": keys.media(media_id),
            "UpdateExpression": "DELETE used_by :article",
            "ConditionExpression": "attribute_exists(pk)",
            "ExpressionAttributeValues": {":article": {article_id}},
        }
        writes.append((f"media-:{media_id}", {"Update": update}))
    return writes
