"""Moderation: the queue of comments by status, and approve, reject or delete, each one
transaction that also shows or hides the comment in its thread."""

from typing import Any

from haber.comments import store
from haber.comments.posting import raise_for
from haber.platform import clock
from haber.platform.db import Operation, transact
from haber.platform.errors import NotFound
from haber.platform.ids import check_article_id, check_comment_id
from haber.platform.observability import metrics

TARGETS = {"approve": "approved", "reject": "rejected", "delete": "deleted"}
QUEUE_FIELDS = ("id", "article_id", "parent_id", "author", "text", "lang", "created_at", "status")


def queue(status: str, limit: int, start: str | None) -> dict[str, Any]:
    """Comments of one status across articles, oldest first."""
    page = store.queue_page(status, limit, start)
    return {
        "items": [{field: item.get(field) for field in QUEUE_FIELDS} for item in page.items],
        "next_cursor": page.next_cursor,
    }


def moderate(article_id: str, comment_id: str, action: str, moderator: str) -> dict[str, Any]:
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
