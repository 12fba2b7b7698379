"""What the media processor records: an upload found good (renditions, size, placeholder)
or rejected with a reason an editor can read; crops made again for a new focal point; and
every article using an image told when what readers see of it changed."""

import hashlib
from decimal import Decimal
from typing import Any

from haber.media.figures import description
from haber.media.library import CHECKED, RENDITIONS, original_key
from haber.media.settings import MediaSettings
from haber.platform import clock, keys, storage
from haber.platform.db import plain, update_if, update_returning
from haber.platform.observability import logger

IMMUTABLE = "public, max-age=31536000, immutable"


def attempt(media_id: str) -> dict[str, Any] | None:
    """The media item an upload belongs to, its tries at processing counted (`attempts`);
    None if it does not wait for its file (any more)."""
    written, item = update_returning(
        {
            "Key": keys.media(media_id),
            "UpdateExpression": "ADD attempts :one",
            "ConditionExpression": "#status = :pending",
            "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": {":one": 1, ":pending": "pending"},
        }
    )
    return plain(item) if written else None


def keep_checked(media_id: str, data: bytes, content_type: str) -> str:
    """The bytes the checks passed, kept where no upload form reaches (content-addressed):
    crops made later come from them, never from whatever is under originals/ then."""
    key = f"{CHECKED}{media_id}/{hashlib.sha256(data).hexdigest()[:20]}"
    storage.write(MediaSettings.load().bucket, key, data, content_type, "private, no-store")
    return key


def discard_original(media_id: str) -> None:
    storage.delete(MediaSettings.load().bucket, original_key(media_id))


def rendition_key(media_id: str, digest: str, extension: str) -> str:
    """Content-addressed: a changed image gets a new address, so every address is immutable."""
    return f"{RENDITIONS}{media_id}/{digest}.{extension}"


def store_rendition(media_id: str, digest: str, extension: str, data: bytes, content_type: str) -> str:
    key = rendition_key(media_id, digest, extension)
    storage.write(MediaSettings.load().bucket, key, data, content_type, IMMUTABLE)
    return key


def mark_ready(
    item: dict[str, Any], width: int, height: int, placeholder: str, renditions: list[dict[str, Any]], checked: str
) -> bool:
    """Record the renditions and the checked original they came from; False if the item
    is no longer pending (processed already)."""
    return _settle(
        item, "ready", width=width, height=height, placeholder=placeholder, renditions=renditions, checked=checked
    )


def reject(item: dict[str, Any], code: str, reason: str) -> None:
    """Refuse an upload: the reason is kept, the original goes, nothing else is made."""
    logger.info("Upload rejected", extra={"media_id": item["id"], "reason_code": code})
    discard_original(item["id"])
    _settle(item, "rejected", reason_code=code, reason=reason)


def _settle(item: dict[str, Any], status: str, **fields: Any) -> bool:
    """pending → ready or rejected, with the fields that go with it, once only."""
    assignments = "".join(f", {name} = :{name}" for name in fields)
    focal = ", rendered_focal = focal" if status == "ready" else ""
    return update_if(
        keys.media(item["id"]),
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


def needs_crops(item: dict[str, Any]) -> bool:
    return item.get("status") == "ready" and item.get("focal") != item.get("rendered_focal")


def save_crops(item: dict[str, Any], renditions: list[dict[str, Any]]) -> bool:
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


def spread(old: dict[str, Any] | None, new: dict[str, Any]) -> int:
    """Give each article using the image its new description; returns how many were told.
    A description only replaces an older one (by version): records may arrive late."""
    if new.get("status") != "ready" or not new.get("used_by"):
        return 0
    described = description(new)
    if old and old.get("status") == "ready" and description(old) == described:
        return 0
    told = 0
    for article_id in sorted(new["used_by"]):
        told += update_if(
            keys.article_media(article_id),
            "SET images.#id = :described",
            "attribute_exists(pk) AND (attribute_not_exists(images.#id) OR images.#id.version < :version)",
            names={"#id": new["id"]},
            described=described,
            version=new["version"],
        )
    return told
