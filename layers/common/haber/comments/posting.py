"""Posting a comment: approved at once under post-moderation, pending under pre-moderation;
rate-limited per client in the same transaction that stores it."""

from datetime import datetime
from typing import Any

from haber.comments.entries import LIVE_ENTRY, open_check, raise_for, show
from haber.comments.settings import CommentSettings
from haber.comments.threads import require_live
from haber.platform import clock, keys, languages
from haber.platform.db import Operation, get, transact
from haber.platform.errors import Forbidden
from haber.platform.ids import check_article_id, check_comment_id, new_comment_id
from haber.platform.observability import metrics
from haber.platform.signing import address_hash, visitor_hash

RATE_WINDOWS = {"minute": 60, "day": 86400}


def client_of(ip: str, user_agent: str) -> str:
    return visitor_hash(ip, user_agent, clock.today())


def address_of(ip: str) -> str:
    return address_hash(ip, clock.today())


def post(
    article_id: str,
    author: str,
    text: str,
    lang: str | None,
    parent_id: str | None,
    client: str,
    address: str | None = None,
    *,
    created: datetime | None = None,
    id_suffix: str | None = None,
    trapped: bool = False,
) -> dict[str, Any]:
    """Store a comment; one read of the thread header, one transaction. A comment `trapped`
    by the honeypot is checked like any other and answered as held, but kept nowhere."""
    header = require_live(get(keys.thread_header(check_article_id(article_id))), article_id)
    if not header.get("comments_open", True):
        raise Forbidden("Comments are closed for this article.", code="comments_closed")
    lang = languages.check(lang, "lang") if lang else header["source_lang"]
    if parent_id:
        check_comment_id(parent_id, "parent_id")
    now_ms = int((created or clock.now()).timestamp() * 1000)
    comment_id = new_comment_id(now_ms)
    if id_suffix:  # demo content gets ids that sample events can name
        comment_id = comment_id[:10] + id_suffix
    if trapped:
        return {"id": comment_id, "status": "pending"}
    status = "approved" if CommentSettings.load().moderation_mode == "post" else "pending"
    record = {
        **keys.comment_record(comment_id),
        "type": "comment",
        "id": comment_id,
        "article_id": article_id,
        "parent_id": parent_id,
        "author": author,
        "text": text,
        "lang": lang,
        "created_at": clock.iso(created) if created else clock.now_iso(),
        "client": client,
        "status": status,
        "gsi1pk": keys.moderation_queue(status),
        "gsi1sk": comment_id,
    }
    operations = _rate_limits(client, address, now_ms)
    operations.append(("record", {"Put": {"Item": record, "ConditionExpression": "attribute_not_exists(pk)"}}))
    if status == "approved":
        operations += show(record, reader_post=True)
    else:
        operations.append(("header", {"ConditionCheck": open_check(article_id)}))
        if parent_id:
            parent = {"Key": keys.visible_comment(article_id, parent_id), "ConditionExpression": LIVE_ENTRY}
            operations.append(("parent", {"ConditionCheck": parent}))
    if cancelled := transact(operations):
        raise_for(cancelled.failed, now_ms)
    if status == "pending":  # the moderators' workload, on the dashboard
        metrics.add_metric(name="CommentsHeld", unit="Count", value=1)
    return {"id": comment_id, "status": status}


def _rate_limits(client: str, address: str | None, now_ms: int) -> list[Operation]:
    """One counter per window, for the client and for its address (all its clients
    together); the role names the window's end, for Retry-After."""
    settings = CommentSettings.load()
    limits = [(client, "minute", settings.rate_per_minute), (client, "day", settings.rate_per_day)]
    if address:
        limits += [
            (f"address-{address}", "minute", settings.address_rate_per_minute),
            (f"address-{address}", "day", settings.address_rate_per_day),
        ]
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
