"""The media processor's work (functions/media_processor): an upload checked and made
into renditions or rejected; crops made again for a new focal point; articles told of a
changed image. Imports Pillow (through imaging), so only the processor imports it."""

from typing import Any

from haber.media import imaging, processing
from haber.media.figures import FORMATS
from haber.media.library import ORIGINALS, original_key
from haber.media.settings import MediaSettings
from haber.platform import storage
from haber.platform.ids import MEDIA_ID
from haber.platform.observability import logger, metrics

FAILED = (
    "The image could not be processed ({problem}). Open it in an image editor, export it again "
    "as JPEG or PNG and upload it once more."
)


def on_upload(key: str) -> str:
    """Check and render one uploaded original; returns what became of it."""
    media_id = key.removeprefix(ORIGINALS)
    if not MEDIA_ID.fullmatch(media_id):
        return "ignored"
    item = processing.attempt(media_id)
    if item is None:
        # No longer waiting for its file: whatever the form put there since is not what was
        # checked (or it is S3 telling of the same upload again), so it goes.
        processing.discard_original(media_id)
        return "ignored"
    try:
        return _process(key, item)
    except imaging.Rejected as rejected:
        processing.reject(item, rejected.code, rejected.reason)
    except Exception as error:
        if item["attempts"] < MediaSettings.load().processing_attempts:
            raise  # Lambda tries the event again
        logger.exception("Upload failed on its last try", extra={"media_id": media_id})
        processing.reject(item, "processing_failed", FAILED.format(problem=type(error).__name__))
    metrics.add_metric(name="MediaRejected", unit="Count", value=1)
    return "rejected"


def _process(key: str, item: dict[str, Any]) -> str:
    settings = MediaSettings.load()
    data = storage.read(settings.bucket, key, limit=settings.max_upload_bytes)
    if data is None:
        raise imaging.Rejected("too_large", f"The file is larger than {settings.max_upload_bytes} bytes.")
    result = imaging.render(imaging.pixels(data, item["content_type"], settings.max_pixels), item["focal"])
    checked = processing.keep_checked(item["id"], data, item["content_type"])
    renditions = store(item["id"], result.renditions)
    processing.discard_original(item["id"])
    processing.mark_ready(item, result.width, result.height, result.placeholder, renditions, checked)
    metrics.add_metric(name="MediaReady", unit="Count", value=1)
    return "ready"


def store(media_id: str, renditions: list[imaging.Rendition]) -> list[dict[str, Any]]:
    """Write the renditions to S3; what the media item records of each."""
    stored = []
    for rendition in renditions:
        content_type = FORMATS[rendition.format]
        key = processing.store_rendition(media_id, rendition.digest, rendition.extension, rendition.data, content_type)
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


def on_change(new: dict[str, Any], old: dict[str, Any] | None) -> None:
    """A media item changed: new crops if its focal point moved, else tell its articles."""
    if processing.needs_crops(new):
        recrop(new)
        return  # the new crops are a change of their own: its record tells the articles
    told = processing.spread(old, new)
    if told:
        logger.info("Articles told of a changed image", extra={"media_id": new["id"], "articles": told})


def recrop(item: dict[str, Any]) -> None:
    """Crops for a new focal point, from the bytes that were checked (an item made before
    checked originals were kept has its original checked again)."""
    settings = MediaSettings.load()
    data = storage.read(settings.bucket, item.get("checked") or original_key(item["id"]), settings.max_upload_bytes)
    try:
        if data is None:
            raise imaging.Rejected("missing", "The checked original is gone.")
        pixels = imaging.pixels(data, item["content_type"], settings.max_pixels)
    except imaging.Rejected as rejected:
        logger.warning("No crops from the original; crops kept", extra={"media_id": item["id"], "why": rejected.code})
        return
    made = store(item["id"], imaging.crops(pixels, item["focal"]))
    kept = [rendition for rendition in item["renditions"] if rendition["crop"] == "original"]
    processing.save_crops(item, kept + made)
