"""Images in articles: which media an article may use, and the writes that record the use.

An article keeps a description of each image it uses (keys.article_media) so reading it
stays one request; a media item keeps the ids of the articles using it (`used_by`), so it
cannot be deleted from under them and changes reach them (processing.spread).
"""

from typing import Any

from haber.media.figures import description
from haber.platform import keys
from haber.platform.db import Operation, batch_get
from haber.platform.errors import BadRequest, field_error
from haber.platform.ids import check_media_id

MAX_IMAGES = 30  # lead image and figures of one article; each is one write of its transaction


def described(wanted: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Descriptions of the media an article names ({id: the field naming it}); a 400 if
    any is unknown, still processing or rejected."""
    for media_id, field in wanted.items():
        check_media_id(media_id, field)
    if len(wanted) > MAX_IMAGES:
        raise BadRequest(
            f"An article may use at most {MAX_IMAGES} images.", [field_error("body", "names too many images")]
        )
    found = {item["id"]: item for item in batch_get([keys.media(media_id) for media_id in wanted])}
    problems = []
    for media_id, field in wanted.items():
        status = found[media_id]["status"] if media_id in found else "missing"
        if status != "ready":
            reason = {"missing": "does not exist", "deleting": "does not exist"}.get(status, f"is {status}")
            problems.append(field_error(field, f"media {media_id} {reason}"))
    if problems:
        raise BadRequest("An image the article uses is not ready.", problems, code="media_not_ready")
    return {media_id: description(found[media_id]) for media_id in wanted}


def operations(article_id: str, before: set[str], images: dict[str, dict[str, Any]]) -> list[Operation]:
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
