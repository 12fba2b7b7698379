"""Moderation: the queue of comments by status, and approve, reject or delete, each one
transaction that also shows or hides the comment in its thread."""

from typing import Any

from boto3.dynamodb.conditions import Key

from haber.comments.entries import hide, raise_for, show
from haber.platform import clock, keys
from haber.platform.db import Operation, get, query_page, transact
from haber.platform.errors import NotFound
from haber.platform.ids import check_article_id, check_comment_id
from haber.platform.observability import metrics

TARGETS = {"approve": "approved", "reject": "rejected", "delete": "deleted"}
QUEUE_FIELDS = ("id", "article_id", "parent_id", "author", "text", "lang", "created_at", "status")


def queue(status: str, limit: int, start: str | None) -> dict[str, Any]:
    """Comments of one status across articles, oldest first."""
    request = {"IndexName": "gsi1", "KeyConditionExpression": Key("gsi1pk").eq(keys.moderation_queue(status))}
    page = query_page(request, limit, start, query_id=f"moderation|{status}")
    return {
        "items": [{field: item.get(field) for field in QUEUE_FIELDS} for item in page.items],
        "next_cursor": page.next_cursor,
    }


def moderate(article_id: str, comment_id: str, action: str, moderator: str) -> dict[str, Any]:
    """approve, reject or delete; repeating an action changes nothing."""
    check_article_id(article_id)
    check_comment_id(comment_id, "comment_id")
    record = get(keys.comment_record(comment_id))
    if not record or record["article_id"] != article_id:
        raise NotFound(f"Comment {comment_id} does not exist on article {article_id}.", code="comment_not_found")
    target = TARGETS[action]
    if record["status"] == target:
        return {"id": comment_id, "status": target}
    seen = {"ConditionExpression": "#status = :seen", "ExpressionAttributeNames": {"#status": "status"}}
    if action == "delete":
        change: dict[str, Any] = {
            "Delete": {
                "Key": keys.comment_record(comment_id),
                **seen,
                "ExpressionAttributeValues": {":seen": record["status"]},
            }
        }
    else:
        change = {
            "Update": {
                "Key": keys.comment_record(comment_id),
                "UpdateExpression": "SET #status = :target, gsi1pk = :queue, moderated_by = :who, moderated_at = :at",
                **seen,
                "ExpressionAttributeValues": {
                    ":seen": record["status"],
                    ":target": target,
                    ":queue": keys.moderation_queue(target),
                    ":who": moderator,
                    ":at": clock.now_iso(),
                },
            }
        }
    operations: list[Operation] = [("record", change)]
    if target == "approved":
        operations += show({**record, "status": "approved", "moderated_at": clock.now_iso()})
    elif record["status"] == "approved":
        operations += hide(record)
    if cancelled := transact(operations):
        raise_for(cancelled.failed, int(clock.now().timestamp() * 1000))
    if record["status"] == "pending":
        metrics.add_metric(name="CommentsModerated", unit="Count", value=1)
    return {"id": comment_id, "status": target}
