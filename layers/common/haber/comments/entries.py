"""What makes a comment visible or invisible, as transaction operations: the thread entry,
the thread header's count and the parent's reply count always change together, so the
count always equals the number of visible approved comments. Also the header's mirror of
the article, written in every article transaction."""

from typing import Any

from haber.platform import keys
from haber.platform.db import Operation, get
from haber.platform.errors import BadRequest, Conflict, TooManyRequests, field_error
from haber.platform.ids import newest_first
from haber.platform.publication import LIVE_CONDITION, live_condition_values

LIVE_ENTRY = "attribute_exists(pk) AND attribute_not_exists(deleted)"
OPEN = f"attribute_exists(pk) AND {LIVE_CONDITION} AND (attribute_not_exists(comments_open) OR comments_open = :true)"


def mirror_article(meta: dict[str, Any]) -> dict[str, Any]:
    """The thread header mirrors what comments need to know of the article (its state,
    whether comments are open, its language), so posting reads one item."""
    return {
        "Update": {
            "Key": keys.thread_header(meta["id"]),
            "UpdateExpression": "SET #status = :status, published_at = :published_at, comments_open = :open, "
            "source_lang = :lang, gsi2pk = :thread, gsi2sk = :header, #count = if_not_exists(#count, :zero)",
            "ExpressionAttributeNames": {"#status": "status", "#count": "count"},
            "ExpressionAttributeValues": {
                ":status": meta["status"],
                ":published_at": meta["published_at"],
                ":open": meta.get("comments_open", True),
                ":lang": meta["source_lang"],
                ":thread": keys.comment_thread(meta["id"]),
                ":header": keys.THREAD_HEADER,
                ":zero": 0,
            },
        }
    }


def show(record: dict[str, Any], reader_post: bool = False) -> list[Operation]:
    """Operations that make an approved comment visible and count it."""
    article_id, parent_id = record["article_id"], record.get("parent_id")
    entry = {
        **keys.visible_comment(article_id, record["id"], parent_id),
        **{field: record[field] for field in ("id", "author", "text", "lang", "created_at", "parent_id")},
    }
    if not parent_id:
        entry.update(reply_count=0, gsi2pk=entry["pk"], gsi2sk=keys.newest_first_entry(newest_first(record["id"])))
    operations: list[Operation] = [
        ("entry", {"Put": {"Item": entry, "ConditionExpression": "attribute_not_exists(pk)"}}),
        ("header", count_update(article_id, +1, reader_post)),
    ]
    if parent_id:
        operations.append(("parent", reply_count_update(article_id, parent_id, +1)))
    return operations


def hide(record: dict[str, Any]) -> list[Operation]:
    """Operations that take an approved comment out of the thread and the count. A top-level
    comment with replies leaves a content-free placeholder so its replies stay in place."""
    article_id, parent_id = record["article_id"], record.get("parent_id")
    entry_key = keys.visible_comment(article_id, record["id"], parent_id)
    replies_below = int((get(entry_key) or {}).get("reply_count", 0))
    if replies_below:
        hide_entry: dict[str, Any] = {
            "Update": {
                "Key": entry_key,
                "UpdateExpression": "SET deleted = :true REMOVE author, #text",
                "ConditionExpression": "reply_count = :seen",
                "ExpressionAttributeNames": {"#text": "text"},
                "ExpressionAttributeValues": {":true": True, ":seen": replies_below},
            }
        }
    else:
        condition = "attribute_exists(pk)" if parent_id else "attribute_exists(pk) AND reply_count = :zero"
        hide_entry = {"Delete": {"Key": entry_key, "ConditionExpression": condition}}
        if not parent_id:
            hide_entry["Delete"]["ExpressionAttributeValues"] = {":zero": 0}
    operations: list[Operation] = [("entry", hide_entry), ("header", count_update(article_id, -1))]
    if parent_id:
        operations.append(("parent", reply_count_update(article_id, parent_id, -1)))
    return operations


def count_update(article_id: str, delta: int, reader_post: bool = False) -> dict[str, Any]:
    update: dict[str, Any] = {
        "Key": keys.thread_header(article_id),
        "UpdateExpression": "ADD #count :delta",
        "ConditionExpression": "attribute_exists(pk)",
        "ExpressionAttributeNames": {"#count": "count"},
        "ExpressionAttributeValues": {":delta": delta},
    }
    if reader_post:  # the article must still be published and open when the comment lands
        check = open_check(article_id)
        update["ConditionExpression"] = check["ConditionExpression"]
        update["ExpressionAttributeNames"].update(check["ExpressionAttributeNames"])
        update["ExpressionAttributeValues"].update(check["ExpressionAttributeValues"])
    return {"Update": update}


def open_check(article_id: str) -> dict[str, Any]:
    names, values = live_condition_values()
    return {
        "Key": keys.thread_header(article_id),
        "ConditionExpression": OPEN,
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": {**values, ":true": True},
    }


def reply_count_update(article_id: str, parent_id: str, delta: int) -> dict[str, Any]:
    return {
        "Update": {
            "Key": keys.visible_comment(article_id, parent_id),
            "UpdateExpression": "ADD reply_count :delta",
            "ConditionExpression": LIVE_ENTRY if delta > 0 else "attribute_exists(pk)",
            "ExpressionAttributeValues": {":delta": delta},
        }
    }


def raise_for(failed: list[str], now_ms: int) -> None:
    """The domain error for a comment transaction DynamoDB cancelled."""
    for role in failed:
        if role.startswith("rate:"):
            retry_after = max(1, int(role.rsplit(":", 1)[1]) - now_ms // 1000)
            raise TooManyRequests(
                "Too many comments from you; try again later.",
                headers={"Retry-After": str(retry_after)},
                code="rate_limited",
            )
    if "parent" in failed:
        raise BadRequest(
            "You can only reply to a visible top-level comment of this article.",
            [field_error("parent_id", "is not an approved top-level comment of this article")],
            code="invalid_parent",
        )
    if "header" in failed:
        raise Conflict("The article is no longer open for comments.", code="comments_closed")
    raise Conflict("The comment changed while this was being saved; reload and try again.", code="concurrent_change")
