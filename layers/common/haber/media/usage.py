"""Images in articles: which media an article may use, and the writes that record the use.

An article keeps a description of each image it uses (keys.article_media) so reading it
stays one request; a media item keeps the ids of the articles using it (`used_by`), so it
cannot be deleted from under them and changes reach them (haber.articles.images.take).
"""

from haber.media import store
from haber.media.figures import description
from haber.media.records import Description
from haber.platform.db import Operation
from haber.platform.errors import BadRequest, field_error
from haber.platform.ids import check_media_id

MAX_IMAGES = 30  # lead image and figures of one article; each is one write of its transaction


def described(wanted: dict[str, str]) -> dict[str, Description]:
    """Descriptions of the media an article names ({id: the field naming it}); a 400 if
    any is unknown, still processing or rejected."""
    for media_id, field in wanted.items():
        check_media_id(media_id, field)
    if len(wanted) > MAX_IMAGES:
        raise BadRequest(
            f"An article may use at most {MAX_IMAGES} images.", [field_error("body", "names too many images")]
        )
    found = store.load_many(list(wanted))
    gone, unready = [], []
    for media_id, field in wanted.items():
        status = found[media_id]["status"] if media_id in found else "deleting"
        if status == "deleting":  # deleted, or never there
            gone.append(field_error(field, f"media {media_id} does not exist (deleted from the media library)"))
        elif status != "ready":
            unready.append(field_error(field, f"media {media_id} is {status}"))
    if gone:
        raise BadRequest(
            "An image named is not in the media library (deleted, perhaps): choose another or remove it.",
            gone + unready,
            code="media_gone",
        )
    if unready:
        raise BadRequest("An image the article uses is not ready.", unready, code="media_not_ready")
    return {media_id: description(found[media_id]) for media_id in wanted}


def operations(article_id: str, before: set[str], images: dict[str, Description]) -> list[Operation]:
    """The writes that move an article's images from `before` to `images` (its transaction's)."""
    return store.usage_writes(article_id, before, images)
