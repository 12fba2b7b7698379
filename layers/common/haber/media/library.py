"""The media library: an upload announced, listed, described, deleted.

An editor announces a file (POST /media) and gets a presigned S3 form upload of exactly
that key, type and size; S3 tells the media processor, which makes the renditions
(processor.py). Alt text and caption are written in one language and translated like
article text (haber.translation).
"""

import hashlib
import json
from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any, cast

from haber.media import files, store
from haber.media.figures import description, served
from haber.media.models import CONTENT_TYPES, MediaCreate, MediaUpdate
from haber.media.records import ForEditors, ImageText, Library, MediaItem
from haber.media.settings import MediaSettings
from haber.platform import clock, keys, languages
from haber.platform.errors import BadRequest, Conflict, NotFound, PayloadTooLarge, field_error
from haber.platform.ids import check_media_id, new_media_id
from haber.platform.settings import get_settings
from haber.platform.shapes import Item

SHOWN_WHEN_SET = ("reason_code", "reason", "width", "height", "placeholder", "credit", "licence", "source_lang")


def not_found(media_id: str) -> NotFound:
    return NotFound(f"Media {media_id} does not exist.", code="media_not_found")


def source_hash(alt: str, caption: str | None) -> str:
    """What a translation of alt text and caption was made from (as articles.source_hash)."""
    return hashlib.sha256(json.dumps([alt, caption or ""], ensure_ascii=False).encode()).hexdigest()[:16]


def create(data: MediaCreate, editor: str, media_id: str | None = None) -> ForEditors:
    settings = MediaSettings.load()
    if data.content_type not in CONTENT_TYPES:
        raise BadRequest(
            f"Images are {', '.join(CONTENT_TYPES)}; not {data.content_type!r}.",
            [field_error("content_type", "is not an accepted image type")],
            code="unsupported_media_type",
        )
    if data.size > settings.max_upload_bytes:
        raise PayloadTooLarge(
            f"The file is {data.size} bytes; the limit is {settings.max_upload_bytes}.",
            [field_error("size", f"is over {settings.max_upload_bytes} bytes")],
        )
    media_id, now = media_id or new_media_id(), clock.now_iso()
    item: Item = {
        **keys.media(media_id),
        "type": "media",
        "id": media_id,
        "status": "pending",
        "filename": data.filename,
        "content_type": data.content_type,
        "size": data.size,
        "created_at": now,
        "updated_at": now,
        "created_by": editor,
        "updated_by": editor,
        "version": 1,
        "focal": {"x": Decimal("0.5"), "y": Decimal("0.5")},
        **_index_keys(now, media_id, "pending"),
    }
    upload = files.upload_form(media_id, data.content_type, data.size)
    store.add(item)
    expires = clock.iso(clock.now() + timedelta(seconds=settings.upload_seconds))
    return {**for_editors(cast(MediaItem, item)), "upload": {"method": "POST", **upload, "expires_at": expires}}


def _index_keys(created_at: str, media_id: str, status: str) -> dict[str, str]:
    order = f"{created_at}#{media_id}"
    return {"gsi1pk": keys.MEDIA_LIBRARY, "gsi1sk": order, "gsi2pk": keys.media_by_status(status), "gsi2sk": order}


def load(media_id: str) -> MediaItem:
    item = store.load(check_media_id(media_id))
    if item is None or item["status"] == "deleting":
        raise not_found(media_id)
    return item


def for_editors(item: MediaItem) -> ForEditors:
    """A media item as editors get it: its state, and once ready, every language's copy."""
    described = description(item)
    shown = ForEditors(
        id=item["id"],
        status=item["status"],
        filename=item["filename"],
        content_type=item["content_type"],
        size=item["size"],
        created_at=item["created_at"],
        updated_at=item["updated_at"],
        version=item["version"],
        focal=item["focal"],
        used_by=sorted(item.get("used_by") or []),
        texts=described["texts"],
    )
    for name in SHOWN_WHEN_SET:
        if item.get(name) is not None:
            shown[name] = item[name]  # type: ignore[literal-required]
    if item["status"] == "ready":
        shown["images"] = {lang: served(described, lang) for lang in languages.supported()}
    return shown


def listing(status: str | None, limit: int, start: str | None) -> Library:
    page = store.page(status, limit, start)
    return {"items": [for_editors(cast(MediaItem, item)) for item in page.items], "next_cursor": page.next_cursor}


def update(media_id: str, data: MediaUpdate, editor: str) -> ForEditors:
    item = load(media_id)
    if item["status"] == "rejected":
        raise Conflict("A rejected upload cannot be described; upload the image again.", code="media_rejected")
    source_lang = languages.check(data.lang, "lang") if data.lang else item.get("source_lang")
    texts: dict[str, ImageText] = dict(item.get("texts") or {})
    if data.alt is not None or data.caption is not None or source_lang != item.get("source_lang"):
        # New source text, or another language's text made the source (it needs an alt text).
        source_lang = source_lang or get_settings().default_language
        current = texts.get(source_lang)
        alt = data.alt or (current["alt"] if current else None)
        if alt is None:
            raise BadRequest("Give the image an alt text first.", [field_error("alt", "is required with a caption")])
        caption = data.caption if data.caption is not None else (current.get("caption") if current else None)
        item["source_hash"] = source_hash(alt, caption)
        texts[source_lang] = _text(alt, caption, "source", item["source_hash"])
        for lang, text in texts.items():  # the former source language's text is now a translation
            if lang != source_lang and text["origin"] == "source":
                texts[lang] = {**text, "origin": "human"}
    for lang, given in data.translations.items():
        languages.check(lang, f"translations.{lang}")
        if lang == source_lang or source_lang is None:
            raise BadRequest(
                "Translations need the source text (alt in lang) first.",
                [field_error(f"translations.{lang}", "is the source language or there is no source text yet")],
            )
        texts[lang] = _text(given.alt, given.caption, "human", item.get("source_hash", ""))
    changes: Item = {"texts": texts, "source_lang": source_lang, "source_hash": item.get("source_hash")}
    for field in ("credit", "licence"):
        if getattr(data, field) is not None:
            changes[field] = getattr(data, field)
    if data.focal is not None:
        changes["focal"] = {"x": Decimal(str(round(data.focal.x, 4))), "y": Decimal(str(round(data.focal.y, 4)))}
    changes = {name: value for name, value in changes.items() if value not in (None, {})}  # no empty maps
    if all(_same(item.get(name), value) for name, value in changes.items()):
        return for_editors(item)
    saved = {**item, **changes, "updated_at": clock.now_iso(), "updated_by": editor, "version": item["version"] + 1}
    if not store.replace(_stored(saved), item["version"]):
        raise Conflict("The image changed while you were saving; reload and try again.", code="concurrent_change")
    return for_editors(cast(MediaItem, saved))


def _same(old: Any, new: Any) -> bool:
    return json.dumps(old, sort_keys=True, default=_jsonable) == json.dumps(new, sort_keys=True, default=_jsonable)


def _text(alt: str, caption: str | None, origin: str, source_hash: str) -> ImageText:
    text = ImageText(alt=alt, origin=origin, source_hash=source_hash)
    if caption:
        text["caption"] = caption
    return text


def _stored(item: Mapping[str, Any]) -> Item:
    """Back to what DynamoDB stores: numbers as Decimal, a set for used_by."""
    stored: Item = json.loads(json.dumps(item, default=_jsonable), parse_float=Decimal)
    if item.get("used_by"):
        stored["used_by"] = set(item["used_by"])
    else:
        stored.pop("used_by", None)
    return stored


def _jsonable(value: Any) -> Any:
    return sorted(value) if isinstance(value, set) else float(value)


def delete(media_id: str) -> None:
    """Unused media only; the record is marked first, so an article cannot take it up while
    its files go, and a retried DELETE finishes what a failed one began."""
    if not store.mark_deleting(check_media_id(media_id)):  # why not: it is gone, or in use
        item = store.load(media_id)
        if item is None:
            raise not_found(media_id)
        users = ", ".join(sorted(item.get("used_by") or [])) or "an article"
        raise Conflict(
            f"Media {media_id} is used by {users}; take it out of those articles first.",
            [field_error("id", f"is used by {users}")],
            code="media_in_use",
        )
    files.delete_all(media_id)
    store.remove(media_id)
