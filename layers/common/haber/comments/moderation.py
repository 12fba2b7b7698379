"""Moderation: the queue of comments by status, and approve, reject or delete, each one
transaction that also shows or hides the comment in its thread."""

from typing import cast

from haber.comments import store
from haber.comments.posting import raise_for
from haber.comments.records import CommentRecord, Posted, Queue, Queued
from haber.platform import clock
from haber.platform.db import Operation, transact
from haber.platform.errors import NotFound
from haber.platform.ids import check_article_id, check_comment_id
from haber.platform.observability import metrics

TARGETS = {"approve": "approved", "reject": "rejected", "delete": "deleted"}


def queue(status: str, limit: int, start: str | None) -> Queue:
    """Comments of one status across articles, oldest first."""
    page = store.queue_page(status, limit, start)
    return {"items": [_queued(cast(CommentRecord, item)) for item in page.items], "next_cursor": page.next_cursor}


def _queued(record: CommentRecord) -> Queued:
    return Queued(
        id=record["id"],
        article_id=record["article_id"],
        parent_id=record.get("parent_id"),
        author=record["author"],
        text=record["text"],
        lang=record["lang"],
        created_at=record["created_at"],
        status=record["status"],
    )


def moderate(article_id: str, comment_id: str, action: str, moderator: str) -> Posted:
    """approve, reject or delete; repeating an action changes nothing."""
    check_article_id(article_id)
    check_comment_id(comment_id, "comment_id")
    record = store.comment_record(comment_id)
    if not record or record["article_id"] != article_id:
        raise NotFound(f"Comment {comment_id} does not exist on article {article_id}.", code="comment_not_found")
    target = TARGETS[action]
    if record["status"] == target:
        return {"id": comment_id, "status": target}
    operations: list[Operation] = [store.moderation(record, target, moderator)]
    if target == "approved":
        operations += store.show({**record, "status": "approved", "moderated_at": clock.now_iso()})
    elif record["status"] == "approved":
        operations += store.hide(record)
    if cancelled := transact(operations):
        raise_for(cancelled.failed, int(clock.now().timestamp() * 1000))
    if record["status"] == "pending":
        metrics.add_metric(name="CommentsModerated", unit="Count", value=1)
    return {"id": comment_id, "status": target}
