"""Posting a comment: approved at once under post-moderation, pending under pre-moderation;
rate-limited per visitor and per address in the same transaction that stores it."""

from datetime import datetime

from haber.comments import store
from haber.comments.records import CommentRecord, Posted
from haber.comments.settings import CommentSettings
from haber.comments.threads import require_live
from haber.platform import clock, languages
from haber.platform.db import transact
from haber.platform.errors import BadRequest, Conflict, Forbidden, TooManyRequests, field_error
from haber.platform.ids import check_article_id, check_comment_id, new_comment_id
from haber.platform.observability import metrics
from haber.platform.signing import address_hash, visitor_hash


def visitor_of(ip: str, user_agent: str) -> str:
    """A reader, as a hash of IP and user agent with the day's salt (counters use the same)."""
    return visitor_hash(ip, user_agent, clock.today())


def address_of(ip: str) -> str:
    return address_hash(ip, clock.today())


def post(
    article_id: str,
    author: str,
    text: str,
    lang: str | None,
    parent_id: str | None,
    visitor: str,
    address: str | None = None,
    *,
    created: datetime | None = None,
    id_suffix: str | None = None,
    trapped: bool = False,
) -> Posted:
    """Store a comment; one read of the thread header, one transaction. A comment `trapped`
    by the honeypot is checked like any other and answered as held, but kept nowhere."""
    header = require_live(store.thread_header(check_article_id(article_id)), article_id)
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
    record = CommentRecord(
        id=comment_id,
        article_id=article_id,
        parent_id=parent_id,
        author=author,
        text=text,
        lang=lang,
        created_at=clock.iso(created) if created else clock.now_iso(),
        client=visitor,
        status=status,
    )
    operations = store.rate_limits(_limits(visitor, address), now_ms)
    operations.append(store.new_record(record))
    if status == "approved":
        operations += store.show(record, reader_post=True)
    else:
        operations.append(("header", {"ConditionCheck": store.open_check(article_id)}))
        if parent_id:
            operations.append(store.parent_check(article_id, parent_id))
    if cancelled := transact(operations):
        raise_for(cancelled.failed, now_ms)
    if status == "pending":  # the moderators' workload, on the dashboard
        metrics.add_metric(name="CommentsHeld", unit="Count", value=1)
    return {"id": comment_id, "status": status}


def _limits(visitor: str, address: str | None) -> list[tuple[str, str, int]]:
    """Each visitor's limits, and its address's (all its visitors together)."""
    settings = CommentSettings.load()
    limits = [(visitor, "minute", settings.rate_per_minute), (visitor, "day", settings.rate_per_day)]
    if address:
        limits += [
            (f"address-{address}", "minute", settings.address_rate_per_minute),
            (f"address-{address}", "day", settings.address_rate_per_day),
        ]
    return limits


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
