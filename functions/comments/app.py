"""Reader comments and their moderation."""

import haber.platform.loading  # first: no cycle collection while the function loads

# isort: split

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Header, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from haber import comments, i18n, translation
from haber.comments import NewComment
from haber.platform.http import Api
from haber.platform.idempotency import once
from haber.platform.observability import logger, metrics
from haber.platform.openapi import documented
from haber.platform.params import ArticleId, CommentId, Cursor, LabelsAndDatesLang, Limit
from haber.platform.reader import reader_address, reader_language
from haber.platform.roles import staff, staff_member
from haber.platform.shapes import Event, Json

app = Api(i18n.error_message)
IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", description="8-128 of A-Za-z0-9_.:-; a retry with it returns the first answer"),
]


@app.get("/articles/<id>/comments", tags=["Comments"], summary="Approved comments of an article")
def list_comments(
    id: ArticleId,
    limit: Limit = 20,
    cursor: Cursor = None,
    order: Annotated[Literal["oldest", "newest"], Query()] = "oldest",
    lang: LabelsAndDatesLang = None,
    translate_to: Annotated[str | None, Query(description="add translations of comments into this language")] = None,
) -> Mapping[str, Any]:
    page = comments.thread(id, order, limit, cursor, reader_language(app, lang))
    if translate_to is not None:  # the translation modules load only for a request that asks
        translation.add_comment_translations(page["items"], translate_to)
    return page


@app.get(
    "/articles/<id>/comments/<comment_id>/replies", tags=["Comments"], summary="Replies to a comment, oldest first"
)
def list_replies(
    id: ArticleId, comment_id: CommentId, limit: Limit = 20, cursor: Cursor = None, lang: LabelsAndDatesLang = None
) -> Mapping[str, Any]:
    return comments.replies(id, comment_id, limit, cursor, reader_language(app, lang))


@app.post(
    "/articles/<id>/comments",
    tags=["Comments"],
    summary="Post a comment (Idempotency-Key honoured)",
    responses=documented(201, 403, 409, 429),
)
def post_comment(id: ArticleId, comment: NewComment, idempotency_key: IdempotencyKey = None) -> Response[Json]:
    event = app.current_event
    ip = reader_address(app)
    visitor = comments.visitor_of(ip, event.headers.get("user-agent", ""))
    fields = comment.model_dump(exclude={"website"})
    result = once(
        "comments",
        idempotency_key,
        visitor,
        {"article_id": id, **fields},
        lambda: dict(
            comments.post(
                id,
                comment.author,
                comment.text,
                comment.lang,
                comment.parent_id,
                visitor,
                comments.address_of(ip),
                trapped=bool(comment.website),  # only bots fill the hidden field
            )
        ),
        app.lambda_context,
    )
    return Response(status_code=201, content_type="application/json", body=result)


@app.get("/comments", tags=["Moderation"], summary="Comments by status, oldest first", **staff("moderator"))
def moderation_queue(
    status: Annotated[Literal["pending", "approved", "rejected"], Query()] = "pending",
    limit: Limit = 20,
    cursor: Cursor = None,
    translate_to: Annotated[str | None, Query(description="add translations of comments into this language")] = None,
) -> Mapping[str, Any]:
    page = comments.queue(status, limit, cursor)
    if translate_to is not None:
        translation.add_comment_translations(page["items"], translate_to)
    return page


@app.post(
    "/articles/<id>/comments/<comment_id>/approve",
    tags=["Moderation"],
    summary="Approve",
    responses=documented(200, 409),
    **staff("moderator"),
)
def approve(id: ArticleId, comment_id: CommentId) -> Mapping[str, Any]:
    return comments.moderate(id, comment_id, "approve", staff_member(app))


@app.post(
    "/articles/<id>/comments/<comment_id>/reject",
    tags=["Moderation"],
    summary="Reject",
    responses=documented(200, 409),
    **staff("moderator"),
)
def reject(id: ArticleId, comment_id: CommentId) -> Mapping[str, Any]:
    return comments.moderate(id, comment_id, "reject", staff_member(app))


@app.delete(
    "/articles/<id>/comments/<comment_id>",
    tags=["Moderation"],
    summary="Delete",
    responses=documented(200, 409),
    **staff("moderator"),
)
def delete(id: ArticleId, comment_id: CommentId) -> Mapping[str, Any]:
    return comments.moderate(id, comment_id, "delete", staff_member(app))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@metrics.log_metrics(capture_cold_start_metric=True)
def lambda_handler(event: Event, context: LambdaContext) -> Json:
    return app.resolve(event, context)


haber.platform.loading.done()
