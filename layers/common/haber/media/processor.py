"""The media processor's work (functions/media_processor): an upload checked and made into
renditions or rejected with a reason an editor can act on; crops made again for a new focal
point; articles told of a changed image. Imports Pillow (through imaging), so only the
processor imports it."""

from haber.media import files, imaging, store
from haber.media.figures import FORMATS, description
from haber.media.records import MediaItem, StoredRendition
from haber.media.settings import MediaSettings
from haber.platform.ids import MEDIA_ID
from haber.platform.observability import logger, metrics

FAILED = (
    "The image could not be processed ({problem}). Open it in an image editor, export it again "
    "as JPEG or PNG and upload it once more."
)


def on_upload(key: str) -> str:
    """Check and render one uploaded original; returns what became of it."""
    media_id = key.removeprefix(files.ORIGINALS)
    if not MEDIA_ID.match(media_id):
        return "ignored"
    item = store.count_attempt(media_id)
    if item is None:
        # No longer waiting for its file: whatever the form put there since is not what was
        # checked (or it is S3 telling of the same upload again), so it goes.
        files.discard_original(media_id)
        return "ignored"
    try:
        return _process(key, item)
    except imaging.Rejected as rejected:
        reject(item, rejected.code, rejected.reason)
    except Exception as error:
        if item["attempts"] < MediaSettings.load().processing_attempts:
            raise  # Lambda tries the event again
        logger.exception("Upload failed on its last try", extra={"media_id": media_id})
        reject(item, "processing_failed", FAILED.format(problem=type(error).__name__))
    metrics.add_metric(name="MediaRejected", unit="Count", value=1)
    return "rejected"


def _process(key: str, item: MediaItem) -> str:
    settings = MediaSettings.load()
    data = files.read(key)
    if data is None:
        raise imaging.Rejected("too_large", f"The file is larger than {settings.max_upload_bytes} bytes.")
    result = imaging.render(imaging.pixels(data, item["content_type"], settings.max_pixels), item["focal"])
    checked = files.keep_checked(item["id"], data, item["content_type"])
    renditions = store_renditions(item["id"], result.renditions)
    files.discard_original(item["id"])
    ready = {"width": result.width, "height": result.height, "placeholder": result.placeholder}
    store.settle(item["id"], "ready", **ready, renditions=renditions, checked=checked)
    metrics.add_metric(name="MediaReady", unit="Count", value=1)
    return "ready"


def reject(item: MediaItem, code: str, reason: str) -> None:
    """Refuse an upload: the reason is kept, the original goes, nothing else is made."""
    logger.info("Upload rejected", extra={"media_id": item["id"], "reason_code": code})
    files.discard_original(item["id"])
    store.settle(item["id"], "rejected", reason_code=code, reason=reason)


def store_renditions(media_id: str, renditions: list[imaging.Rendition]) -> list[StoredRendition]:
    """Write the renditions to S3; what the media item records of each."""
    stored: list[StoredRendition] = []
    for rendition in renditions:
        content_type = FORMATS[rendition.format]
        key = files.store_rendition(media_id, rendition.digest, rendition.extension, rendition.data, content_type)
        stored.append(
            {
                "key": key,
                "crop": rendition.crop,
                "format": rendition.format,
                "width": rendition.width,
                "height": rendition.height,
                "bytes": len(rendition.data),
            }
        )
    return stored


def on_change(new: MediaItem, old: MediaItem | None) -> list[str]:
    """A media item changed: new crops if its focal point moved (the new crops are a change
    of their own, whose record tells the articles); else the articles to give its new
    description (haber.articles.images.take)."""
    if new.get("status") == "ready" and new.get("focal") != new.get("rendered_focal"):
        recrop(new)
        return []
    if new.get("status") != "ready" or not new.get("used_by"):
        return []
    if old and old.get("status") == "ready" and description(old) == description(new):
        return []
    return sorted(new["used_by"])


def recrop(item: MediaItem) -> None:
    """Crops for a new focal point, from the bytes that were checked (an item made before
    checked originals were kept has its original checked again)."""
    settings = MediaSettings.load()
    data = files.read(item.get("checked") or files.original_key(item["id"]))
    try:
        if data is None:
            raise imaging.Rejected("missing", "The checked original is gone.")
        pixels = imaging.pixels(data, item["content_type"], settings.max_pixels)
    except imaging.Rejected as rejected:
        logger.warning("No crops from the original; crops kept", extra={"media_id": item["id"], "why": rejected.code})
        return
    made = store_renditions(item["id"], imaging.crops(pixels, item["focal"]))
    kept = [rendition for rendition in item["renditions"] if rendition["crop"] == "original"]
    store.save_crops(item, kept + made)
