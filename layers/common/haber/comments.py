"""Reader comments: one thread per article across languages, moderated, rate-limited.

A comment's record (COMMENT#<id>) holds it in every status; readers only ever see the
thread entries (COMMENTS#<article>), which exist while a comment is approved. Making a
comment visible or invisible and changing the count is one transaction, so the count
always equals the number of visible approved comments.
"""

from datetime import UTC, datetime
from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from haber import cursor, i18n, keys, languages
from haber.articles import check_id, now_iso
from haber.db import plain, table
from haber.errors import BadRequest, Conflict, Forbidden, NotFound, TooManyRequests, field_error
from haber.models import iso
from haber.settings import get_settings

# -- reading ------------------------------------------------------------------------------


def thread(
    article_id: str, order: str, limit: int, start: str | None, lang: str, translate_to: str | None = None
) -> dict[str, Any]:
    """Approved top-level comments with their reply counts; the first page costs one Query
    (the thread header, with the count, sorts first in both orders)."""
    pk = keys.comment_thread(check_id(article_id))
    query_id = f"comments|{article_id}|{order}"
    start_key = cursor.decode(start, query_id)
    index, key_prefix = ("gsi2", "gsi2") if order == "newest" else (None, "")
    request: dict[str, Any] = {
        "KeyConditionExpression": Key(f"{key_prefix}pk" if index else "pk").eq(pk)
        & Key(f"{key_prefix}sk" if index else "sk").between(keys.THREAD_HEADER, "C#~"),
        "Limit": limit + 1 + (0 if start_key else 1),
    }
    if index:
        request["IndexName"] = index
    if start_key:
        request["ExclusiveStartKey"] = start_key
    items = plain(table().query(**request)["Items"])
    if not start_key and items and items[0]["sk"] == keys.THREAD_HEADER:
        header: dict[str, Any] | None = items.pop(0)
    else:
        header = plain(table().get_item(Key=keys.thread_header(article_id)).get("Item"))
    _require_public(header, article_id)
    assert header is not None
    last_key = None
    if len(items) > limit:
        items = items[:limit]
        names = ("pk", "sk", "gsi2pk", "gsi2sk") if index else ("pk", "sk")
        last_key = {name: items[-1][name] for name in names}
    count = header["count"]
    visible = [_visible(item, article_id, lang) for item in items]
    if translate_to:
        with_translations(visible, languages.check(translate_to, "translate_to"))
    return {
        "items": visible,
        "next_cursor": cursor.encode(last_key, query_id),
        "count": count,
        "display": {
            "heading": i18n.text(lang, "comments.heading", count=count),
            "count": i18n.text(lang, "comments.count", count=count),
        },
    }


def replies(article_id: str, parent_id: str, limit: int, start: str | None, lang: str) -> dict[str, Any]:
    pk = keys.comment_thread(check_id(article_id))
    _check_comment_id(parent_id, "parent_id")
    query_id = f"replies|{article_id}|{parent_id}"
    request: dict[str, Any] = {
        "KeyConditionExpression": Key("pk").eq(pk) & Key("sk").begins_with(f"R#{parent_id}#"),
        "Limit": limit + 1,
    }
    if start_key := cursor.decode(start, query_id):
        request["ExclusiveStartKey"] = start_key
    items = plain(table().query(**request)["Items"])
    if not items and not start_key:
        parent = table().get_item(Key={"pk": pk, "sk": keys.comment_entry(parent_id, None)}).get("Item")
        if not parent:
            raise NotFound(f"Comment {parent_id} is not a visible comment of this article.", code="comment_not_found")
    last_key = None
    if len(items) > limit:
        items = items[:limit]
        last_key = {"pk": items[-1]["pk"], "sk": items[-1]["sk"]}
    return {
        "items": [_visible(item, article_id, lang) for item in items],
        "next_cursor": cursor.encode(last_key, query_id),
    }


def with_translations(comments: list[dict[str, Any]], target: str) -> None:
    """Add `translation` to each comment written in another language, where one can be had."""
    from haber.translating import translate_texts

    foreign = [comment for comment in comments if comment["lang"] != target and comment.get("text")]
    translated = translate_texts([(comment["lang"], comment["text"]) for comment in foreign], target)
    for index, comment in enumerate(foreign):
        if index in translated:
            comment["translation"] = {"lang": target, "text": translated[index], "origin": "machine"}


def _visible(entry: dict[str, Any], article_id: str, lang: str) -> dict[str, Any]:
    comment: dict[str, Any] = {
        "id": entry["id"],
        "author": entry.get("author"),
        "text": entry.get("text"),
        "lang": entry["lang"],
        "created_at": entry["created_at"],
        "parent_id": entry.get("parent_id"),
    }
    if entry.get("deleted"):
        comment["deleted"] = True
    display: dict[str, Any] = {"created": i18n.moment(entry["created_at"], lang)}
    if not entry.get("parent_id"):
        comment["reply_count"] = entry.get("reply_count", 0)
        comment["replies_path"] = f"/articles/{article_id}/comments/{entry['id']}/replies"
        display["replies"] = i18n.text(lang, "comments.replies", count=comment["reply_count"])
    comment["display"] = display
    return comment


def _require_public(header: dict[str, Any] | None, article_id: str) -> None:
    if not header or header.get("status") != "published" or header.get("published_at", "") > now_iso():
        raise NotFound(f"Article {article_id} does not exist or is not published.", code="article_not_found")


def _check_comment_id(comment_id: str, field: str) -> None:
    if not keys.COMMENT_ID.match(comment_id):
        raise BadRequest(
            "Comment ids are 16 characters of 0-9 and a-z.",
            [field_error(field, "is not a valid comment id")],
            code="invalid_id",
        )


# -- posting ------------------------------------------------------------------------------


def post(
    article_id: str,
    author: str,
    text: str,
    lang: str | None,
    parent_id: str | None,
    client: str,
    *,
    created: datetime | None = None,
    id_suffix: str | None = None,
) -> dict[str, Any]:
    """Store a comment: approved at once under post-moderation, pending under pre-moderation."""
    header = plain(table().get_item(Key=keys.thread_header(check_id(article_id))).get("Item"))
    _require_public(header, article_id)
    assert header is not None
    if not header.get("comments_open", True):
        raise Forbidden("Comments are closed for this article.", code="comments_closed")
    lang = languages.check(lang, "lang") if lang else header["source_lang"]
    if parent_id:
        _check_comment_id(parent_id, "parent_id")
    settings = get_settings()
    now_ms = int((created or clock()).timestamp() * 1000)
    comment_id = keys.new_comment_id(now_ms)
    if id_suffix:  # demo content gets ids that sample events can name
        comment_id = comment_id[:10] + id_suffix
    status = "approved" if settings.moderation_mode == "post" else "pending"
    record = {
        **keys.comment_record(comment_id),
        "type": "comment",
        "id": comment_id,
        "article_id": article_id,
        "parent_id": parent_id,
        "author": author,
        "text": text,
        "lang": lang,
        "created_at": iso(created) if created else now_iso(),
        "client": client,
        "status": status,
        "gsi1pk": f"MOD#{status}",
        "gsi1sk": comment_id,
    }
    name = table().name
    operations = _rate_limit_operations(client, now_ms)
    operations.append(
        ("record", {"Put": {"TableName": name, "Item": record, "ConditionExpression": "attribute_not_exists(pk)"}})
    )
    if status == "approved":
        operations += _show(record, reader_post=True)
    else:
        operations.append(("header", {"ConditionCheck": _open_check(article_id)}))
        if parent_id:
            parent_key = {"pk": keys.comment_thread(article_id), "sk": keys.comment_entry(parent_id, None)}
            check = {"TableName": name, "Key": parent_key, "ConditionExpression": _LIVE}
            operations.append(("parent", {"ConditionCheck": check}))
    _transact(operations, now_ms)
    return {"id": comment_id, "status": status}


_LIVE = "attribute_exists(pk) AND attribute_not_exists(deleted)"
_OPEN = (
    "#status = :published AND published_at <= :now AND (attribute_not_exists(comments_open) OR comments_open = :true)"
)


def _show(record: dict[str, Any], reader_post: bool = False) -> list[tuple[str, dict[str, Any]]]:
    """Operations that make an approved comment visible and count it."""
    name, article_id, parent_id = table().name, record["article_id"], record.get("parent_id")
    entry = {
        "pk": keys.comment_thread(article_id),
        "sk": keys.comment_entry(record["id"], parent_id),
        **{field: record[field] for field in ("id", "author", "text", "lang", "created_at", "parent_id")},
    }
    if not parent_id:
        entry.update(reply_count=0, gsi2pk=entry["pk"], gsi2sk=f"C#{keys.newest_first(record['id'])}")
    operations = [
        ("entry", {"Put": {"TableName": name, "Item": entry, "ConditionExpression": "attribute_not_exists(pk)"}}),
        ("header", _count_update(article_id, +1, reader_post)),
    ]
    if parent_id:
        operations.append(("parent", _reply_count_update(article_id, parent_id, +1)))
    return operations


def _count_update(article_id: str, delta: int, reader_post: bool = False) -> dict[str, Any]:
    update: dict[str, Any] = {
        "TableName": table().name,
        "Key": keys.thread_header(article_id),
        "UpdateExpression": "ADD #count :delta",
        "ConditionExpression": "attribute_exists(pk)",
        "ExpressionAttributeNames": {"#count": "count"},
        "ExpressionAttributeValues": {":delta": delta},
    }
    if reader_post:  # the article must still be published and open when the comment lands
        check = _open_check(article_id)
        update["ConditionExpression"] = check["ConditionExpression"]
        update["ExpressionAttributeNames"].update(check["ExpressionAttributeNames"])
        update["ExpressionAttributeValues"].update(check["ExpressionAttributeValues"])
    return {"Update": update}


def _open_check(article_id: str) -> dict[str, Any]:
    return {
        "TableName": table().name,
        "Key": keys.thread_header(article_id),
        "ConditionExpression": f"attribute_exists(pk) AND {_OPEN}",
        "ExpressionAttributeNames": {"#status": "status"},
        "ExpressionAttributeValues": {":published": "published", ":now": now_iso(), ":true": True},
    }


def _reply_count_update(article_id: str, parent_id: str, delta: int) -> dict[str, Any]:
    return {
        "Update": {
            "TableName": table().name,
            "Key": {"pk": keys.comment_thread(article_id), "sk": keys.comment_entry(parent_id, None)},
            "UpdateExpression": "ADD reply_count :delta",
            "ConditionExpression": _LIVE if delta > 0 else "attribute_exists(pk)",
            "ExpressionAttributeValues": {":delta": delta},
        }
    }


def _rate_limit_operations(client: str, now_ms: int) -> list[tuple[str, dict[str, Any]]]:
    settings = get_settings()
    operations = []
    for window, seconds, limit in (
        ("minute", 60, settings.comment_rate_per_minute),
        ("day", 86400, settings.comment_rate_per_day),
    ):
        start = now_ms // 1000 // seconds * seconds
        update = {
            "TableName": table().name,
            "Key": {"pk": f"RATE#{client}#{window}#{start}", "sk": "RATE"},
            "UpdateExpression": "ADD #count :one SET expires_at = :expires",
            "ConditionExpression": "attribute_not_exists(#count) OR #count < :limit",
            "ExpressionAttributeNames": {"#count": "count"},
            "ExpressionAttributeValues": {":one": 1, ":limit": limit, ":expires": start + seconds + 60},
        }
        operations.append((f"rate:{window}:{start + seconds}", {"Update": update}))
    return operations


def _transact(operations: list[tuple[str, dict[str, Any]]], now_ms: int) -> None:
    try:
        table().meta.client.transact_write_items(TransactItems=[operation for _, operation in operations])  # type: ignore[misc]
    except ClientError as error:
        if error.response["Error"]["Code"] != "TransactionCanceledException":
            raise
        reasons = error.response.get("CancellationReasons", [])
        failed = [
            operations[i][0] for i, reason in enumerate(reasons) if reason.get("Code") == "ConditionalCheckFailed"
        ]
        _raise_for(failed, now_ms)


def _raise_for(failed: list[str], now_ms: int) -> None:
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


# -- moderation ---------------------------------------------------------------------------


def queue(status: str, limit: int, start: str | None) -> dict[str, Any]:
    """Comments of one status across articles, oldest first (the moderation queue)."""
    query_id = f"moderation|{status}"
    request: dict[str, Any] = {
        "IndexName": "gsi1",
        "KeyConditionExpression": Key("gsi1pk").eq(f"MOD#{status}"),
        "Limit": limit + 1,
    }
    if start_key := cursor.decode(start, query_id):
        request["ExclusiveStartKey"] = start_key
    items = plain(table().query(**request)["Items"])
    last_key = None
    if len(items) > limit:
        items = items[:limit]
        last_key = {name: items[-1][name] for name in ("pk", "sk", "gsi1pk", "gsi1sk")}
    fields = ("id", "article_id", "parent_id", "author", "text", "lang", "created_at", "status")
    return {
        "items": [{field: item.get(field) for field in fields} for item in items],
        "next_cursor": cursor.encode(last_key, query_id),
    }


def moderate(article_id: str, comment_id: str, action: str, moderator: str) -> dict[str, Any]:
    """approve, reject or delete; repeating an action changes nothing."""
    check_id(article_id)
    _check_comment_id(comment_id, "comment_id")
    record = plain(table().get_item(Key=keys.comment_record(comment_id)).get("Item"))
    if not record or record["article_id"] != article_id:
        raise NotFound(f"Comment {comment_id} does not exist on article {article_id}.", code="comment_not_found")
    target = {"approve": "approved", "reject": "rejected", "delete": "deleted"}[action]
    if record["status"] == target:
        return {"id": comment_id, "status": target}
    name = table().name
    seen = {"ConditionExpression": "#status = :seen", "ExpressionAttributeNames": {"#status": "status"}}
    if action == "delete":
        change: dict[str, Any] = {"Delete": {"TableName": name, "Key": keys.comment_record(comment_id), **seen}}
        change["Delete"]["ExpressionAttributeValues"] = {":seen": record["status"]}
    else:
        change = {
            "Update": {
                "TableName": name,
                "Key": keys.comment_record(comment_id),
                "UpdateExpression": "SET #status = :target, gsi1pk = :queue, moderated_by = :who, moderated_at = :at",
                **seen,
                "ExpressionAttributeValues": {
                    ":seen": record["status"],
                    ":target": target,
                    ":queue": f"MOD#{target}",
                    ":who": moderator,
                    ":at": now_iso(),
                },
            }
        }
    operations: list[tuple[str, dict[str, Any]]] = [("record", change)]
    if target == "approved":
        operations += _show({**record, "status": "approved", "moderated_at": now_iso()})
    elif record["status"] == "approved":
        operations += _hide(record)
    _transact(operations, int(clock().timestamp() * 1000))
    return {"id": comment_id, "status": target}


def _hide(record: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Operations that take an approved comment out of the thread and the count. A top-level
    comment with replies leaves a content-free placeholder so its replies stay in place."""
    name, article_id, parent_id = table().name, record["article_id"], record.get("parent_id")
    entry_key = {"pk": keys.comment_thread(article_id), "sk": keys.comment_entry(record["id"], parent_id)}
    entry = table().get_item(Key=entry_key).get("Item") or {}
    replies_below = int(plain(entry).get("reply_count", 0))
    if replies_below:
        hide: dict[str, Any] = {
            "Update": {
                "TableName": name,
                "Key": entry_key,
                "UpdateExpression": "SET deleted = :true REMOVE author, #text",
                "ConditionExpression": "reply_count = :seen",
                "ExpressionAttributeNames": {"#text": "text"},
                "ExpressionAttributeValues": {":true": True, ":seen": replies_below},
            }
        }
    else:
        condition = "attribute_exists(pk)" if parent_id else "attribute_exists(pk) AND reply_count = :zero"
        hide = {"Delete": {"TableName": name, "Key": entry_key, "ConditionExpression": condition}}
        if not parent_id:
            hide["Delete"]["ExpressionAttributeValues"] = {":zero": 0}
    operations = [("entry", hide), ("header", _count_update(article_id, -1))]
    if parent_id:
        operations.append(("parent", _reply_count_update(article_id, parent_id, -1)))
    return operations


def client_of(ip: str, user_agent: str) -> str:
    from haber.signing import visitor_hash

    return visitor_hash(ip, user_agent, clock().strftime("%Y-%m-%d"))


def clock() -> datetime:
    """Now; one place for tests to move time (rate-limit windows)."""
    return datetime.now(UTC)
