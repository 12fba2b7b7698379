"""Every DynamoDB request of the comments domain. A comment's record (`COMMENT#<id>`) holds
it in every status; readers only ever see the thread entries (`COMMENTS#<article>`), which
exist while it is approved. What makes a comment visible or invisible comes as transaction
operations: the thread entry, the header's count and the parent's reply count always change
together, so the count always equals the visible approved comments. Also the header's
mirror of the article, written in every article transaction."""

from typing import cast

from boto3.dynamodb.conditions import Key

from haber.comments.records import CommentRecord, ThreadEntry, ThreadHeader
from haber.platform import clock, keys
from haber.platform.db import Operation, Page, get, plain, query_page, table
from haber.platform.ids import newest_first
from haber.platform.publication import LIVE_CONDITION, live_condition_values
from haber.platform.shapes import Item, Request

RATE_WINDOWS = {"minute": 60, "day": 86400}
FIRST_PAGE_ITEMS = 200

LIVE_ENTRY = "attribute_exists(pk) AND attribute_not_exists(deleted)"
OPEN = f"attribute_exists(pk) AND {LIVE_CONDITION} AND (attribute_not_exists(comments_open) OR comments_open = :true)"


def mirror_article(meta: Item) -> Request:
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


def show(record: CommentRecord, reader_post: bool = False) -> list[Operation]:
    """Operations that make an approved comment visible and count it."""
    article_id, parent_id = record["article_id"], record.get("parent_id")
    entry: Item = {
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


def hide(record: CommentRecord) -> list[Operation]:
    """Operations that take an approved comment out of the thread and the count. A top-level
    comment with replies leaves a content-free placeholder so its replies stay in place."""
    article_id, parent_id = record["article_id"], record.get("parent_id")
    entry_key = keys.visible_comment(article_id, record["id"], parent_id)
    replies_below = int((get(entry_key) or {}).get("reply_count", 0))
    if replies_below:
        hide_entry: Item = {
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


def count_update(article_id: str, delta: int, reader_post: bool = False) -> Request:
    update: Request = {
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


def open_check(article_id: str) -> Request:
    names, values = live_condition_values()
    return {
        "Key": keys.thread_header(article_id),
        "ConditionExpression": OPEN,
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": {**values, ":true": True},
    }


def reply_count_update(article_id: str, parent_id: str, delta: int) -> Request:
    return {
        "Update": {
            "Key": keys.visible_comment(article_id, parent_id),
            "UpdateExpression": "ADD reply_count :delta",
            "ConditionExpression": LIVE_ENTRY if delta > 0 else "attribute_exists(pk)",
            "ExpressionAttributeValues": {":delta": delta},
        }
    }


# -- reading ---------------------------------------------------------------------------


def thread_header(article_id: str) -> ThreadHeader | None:
    return cast(ThreadHeader | None, get(keys.thread_header(article_id)))


def visible_entry(article_id: str, comment_id: str) -> ThreadEntry | None:
    return cast(ThreadEntry | None, get(keys.visible_comment(article_id, comment_id)))


def comment_record(comment_id: str) -> CommentRecord | None:
    return cast(CommentRecord | None, get(keys.comment_record(comment_id)))


def thread_page(article_id: str, order: str, limit: int, start: str | None) -> Page:
    """Top-level entries (the header sorts first in both orders), oldest or newest first."""
    pk = keys.comment_thread(article_id)
    prefix = "gsi2" if order == "newest" else ""
    request: Request = {
        "KeyConditionExpression": Key(f"{prefix}pk").eq(pk)
        & Key(f"{prefix}sk").between(keys.THREAD_HEADER, keys.TOP_LEVEL_LAST)
    }
    if prefix:
        request["IndexName"] = prefix
    return query_page(request, limit, start, query_id=f"comments|{article_id}|{order}")


def thread_start(article_id: str) -> tuple[list[ThreadEntry], bool]:
    """The thread's first items in one Query (header, top-level entries, replies: they sort
    in that order), and whether more follow."""
    response = table().query(
        KeyConditionExpression=Key("pk").eq(keys.comment_thread(article_id)), Limit=FIRST_PAGE_ITEMS
    )
    return [cast(ThreadEntry, plain(item)) for item in response["Items"]], "LastEvaluatedKey" in response


def replies_page(article_id: str, parent_id: str, limit: int, start: str | None) -> Page:
    pk = keys.comment_thread(article_id)
    request = {"KeyConditionExpression": Key("pk").eq(pk) & Key("sk").begins_with(keys.replies_of(parent_id))}
    return query_page(request, limit, start, query_id=f"replies|{article_id}|{parent_id}")


def queue_page(status: str, limit: int, start: str | None) -> Page:
    """Comments of one status across articles, oldest first."""
    request = {"IndexName": "gsi1", "KeyConditionExpression": Key("gsi1pk").eq(keys.moderation_queue(status))}
    return query_page(request, limit, start, query_id=f"moderation|{status}")


# -- writing ---------------------------------------------------------------------------


def new_record(record: CommentRecord) -> Operation:
    """The comment's record, in the moderation queue of its status."""
    indexed = {"gsi1pk": keys.moderation_queue(record["status"]), "gsi1sk": record["id"]}
    item = {**keys.comment_record(record["id"]), "type": "comment", **record, **indexed}
    return ("record", {"Put": {"Item": item, "ConditionExpression": "attribute_not_exists(pk)"}})


def parent_check(article_id: str, parent_id: str) -> Operation:
    """The parent a reply names is a visible top-level comment."""
    return (
        "parent",
        {"ConditionCheck": {"Key": keys.visible_comment(article_id, parent_id), "ConditionExpression": LIVE_ENTRY}},
    )


def rate_limits(limits: list[tuple[str, str, int]], now_ms: int) -> list[Operation]:
    """One counter per (who, window, limit); the role names the window's end, for Retry-After."""
    operations: list[Operation] = []
    for who, window, limit in limits:
        seconds = RATE_WINDOWS[window]
        start = now_ms // 1000 // seconds * seconds
        update = {
            "Key": keys.rate_window(who, window, start),
            "UpdateExpression": "ADD #count :one SET expires_at = :expires",
            "ConditionExpression": "attribute_not_exists(#count) OR #count < :limit",
            "ExpressionAttributeNames": {"#count": "count"},
            "ExpressionAttributeValues": {":one": 1, ":limit": limit, ":expires": start + seconds + 60},
        }
        operations.append((f"rate:{who}:{window}:{start + seconds}", {"Update": update}))
    return operations


def moderation(comment: CommentRecord, target: str, moderator: str) -> Operation:
    """The record moved to `target` (deleted: gone), only from the status it was read in."""
    seen = {"ConditionExpression": "#status = :seen", "ExpressionAttributeNames": {"#status": "status"}}
    if target == "deleted":
        delete = {
            "Key": keys.comment_record(comment["id"]),
            **seen,
            "ExpressionAttributeValues": {":seen": comment["status"]},
        }
        return ("record", {"Delete": delete})
    update = {
        "Key": keys.comment_record(comment["id"]),
        "UpdateExpression": "SET #status = :target, gsi1pk = :queue, moderated_by = :who, moderated_at = :at",
        **seen,
        "ExpressionAttributeValues": {
            ":seen": comment["status"],
            ":target": target,
            ":queue": keys.moderation_queue(target),
            ":who": moderator,
            ":at": clock.now_iso(),
        },
    }
    return ("record", {"Update": update})
