"""The media library (editors) and the image files readers load when no CDN serves them."""

import haber.platform.loading  # first: no cycle collection while the function loads

# isort: split

import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from haber import articles, i18n, media
from haber.media import MediaCreate, MediaUpdate
from haber.platform import storage
from haber.platform.errors import NotFound
from haber.platform.http import Api
from haber.platform.ids import MEDIA_ID
from haber.platform.observability import logger, metrics
from haber.platform.openapi import documented
from haber.platform.params import Cursor, Limit, MediaId
from haber.platform.roles import NEWSROOM, staff, staff_member, staff_roles
from haber.platform.shapes import Event, Json

app = Api(i18n.error_message)
RENDITION_FILE = re.compile(r"^[0-9a-f]{20}\.(webp|jpg)$")


@app.post(
    "/media",
    tags=["Media"],
    summary="Announce an image upload (reporters and editors); answers with a presigned S3 form upload",
    responses=documented(201),
    **staff("reporter", "editor"),
)
def create_media(upload: MediaCreate) -> Response[Json]:
    created = media.create(upload, staff_member(app))
    return Response(
        status_code=201,
        content_type="application/json",
        body=dict(created),
        headers={"Location": f"/media/{created['id']}"},
    )


@app.get("/media", tags=["Media"], summary="The media library, newest first", **staff(*NEWSROOM))
def list_media(
    status: Annotated[Literal["pending", "ready", "rejected"] | None, Query()] = None,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> Mapping[str, Any]:
    return media.listing(status, limit, cursor)


@app.get("/media/<id>", tags=["Media"], summary="One image: status, renditions, texts", **staff(*NEWSROOM))
def get_media(id: MediaId) -> Mapping[str, Any]:
    return media.for_editors(media.load(id))


@app.put(
    "/media/<id>",
    tags=["Media"],
    summary="Set alt text, caption (in one language or several), credit, licence, focal point;"
    " on an image an article beyond a draft uses: editors, and translators its translations",
    responses=documented(200, 409),
    **staff(*NEWSROOM),
)
def update_media(id: MediaId, changes: MediaUpdate) -> Mapping[str, Any]:
    return articles.images.describe(id, changes, staff_member(app), staff_roles(app))


@app.delete(
    "/media/<id>",
    tags=["Media"],
    summary="Delete an image no article uses, with its files",
    responses=documented(204, 409),
    **staff("editor"),
)
def delete_media(id: MediaId) -> Response[None]:
    media.delete(id)
    return Response(status_code=204)


# No return annotation: with one, Powertools' response validation would turn the image's
# bytes into UTF-8 text.
IMAGE_FILE = {"schema": {"type": "string", "format": "binary"}}
IMAGE_RESPONSE = {200: {"description": "The image", "content": {"image/webp": IMAGE_FILE, "image/jpeg": IMAGE_FILE}}}


@app.get(
    "/images/<id>/<file>",
    tags=["Media"],
    summary="An image file (immutable; the CDN serves it directly)",
    responses=IMAGE_RESPONSE,  # type: ignore[arg-type]
)
def get_image(id: MediaId, file: Annotated[str, Path(description="content hash and format")]):  # type: ignore[no-untyped-def]
    found = None
    if MEDIA_ID.match(id) and RENDITION_FILE.match(file):
        found = storage.fetch(media.MediaSettings.load().bucket, f"images/{id}/{file}")
    if found is None:
        raise NotFound("No such image.", code="image_not_found")
    data, content_type, cache_control = found
    headers = {"Cache-Control": cache_control, "X-Content-Type-Options": "nosniff"}
    return Response(status_code=200, content_type=content_type, body=data, headers=headers)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@metrics.log_metrics(capture_cold_start_metric=True)
def lambda_handler(event: Event, context: LambdaContext) -> Json:
    return app.resolve(event, context)


haber.platform.loading.done()
