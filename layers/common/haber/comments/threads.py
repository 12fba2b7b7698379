"""Reading a thread: approved top-level comments with their reply counts, and replies.

A comment's record (COMMENT#<id>) holds it in every status; readers only ever see the
thread entries (COMMENTS#<article>), which exist while a comment is approved.
"""

from typing import cast

from haber import i18n
from haber.comments import store
from haber.comments.records import Comment, FirstPage, Replies, Thread, ThreadEntry, ThreadHeader
from haber.platform import keys
from haber.platform.errors import NotFound
from haber.platform.ids import check_article_id, check_comment_id
from haber.platform.publication import is_live


def require_live(header: ThreadHeader | None, article_id: str) -> ThreadHeader:
    """The thread header of a live article, or 404."""
    if header is None or not is_live(header):
        raise NotFound(f"Article {article_id} does not exist or is not published.", code="article_not_found")
    return header


def thread(article_id: str, order: str, limit: int, start: str | None, lang: str) -> Thread:
    """The first page costs one Query: the thread header, with the count, sorts first in
    both orders. Later pages read the header on its own."""
    first_page = start is None
    page = store.thread_page(check_article_id(article_id), order, limit + (1 if first_page else 0), start)
    items = page.items
    if first_page and items and items[0]["sk"] == keys.THREAD_HEADER:
        header: ThreadHeader | None = cast(ThreadHeader, items.pop(0))
    else:
        header = store.thread_header(article_id)
    count = require_live(header, article_id)["count"]
    return {
        "items": [visible(cast(ThreadEntry, item), article_id, lang) for item in items],
        "next_cursor": page.next_cursor,
        "count": count,
        "display": {
            "heading": i18n.text(lang, "comments.heading", count=count),
            "count": i18n.text(lang, "comments.count", count=count),
        },
    }


def first_page(article_id: str, lang: str, limit: int, replies_each: int) -> FirstPage:
    """What an article page shows before any script runs: the count, the oldest top-level
    comments and the first replies of each, from one Query of the thread (its header,
    top-level entries and replies sort in that order)."""
    entries, more = store.thread_start(check_article_id(article_id))
    found = next((e for e in entries if e["sk"] == keys.THREAD_HEADER), None)
    header = require_live(cast(ThreadHeader | None, found), article_id)
    top_level = [e for e in entries if e["sk"].startswith("C#")]
    replies_of: dict[str, list[ThreadEntry]] = {}
    for entry in entries:
        if entry["sk"].startswith("R#"):
            replies_of.setdefault(str(entry["parent_id"]), []).append(entry)
    items = []
    for entry in top_level[:limit]:
        comment = visible(entry, article_id, lang)
        shown = replies_of.get(comment["id"], [])[:replies_each]
        comment["replies"] = [visible(reply, article_id, lang) for reply in shown]
        items.append(comment)
    return {
        "count": header["count"],
        "open": header.get("comments_open", True),
        "items": items,
        "more": len(top_level) > limit or more,
    }


def replies(article_id: str, parent_id: str, limit: int, start: str | None, lang: str) -> Replies:
    check_comment_id(parent_id, "parent_id")
    page = store.replies_page(check_article_id(article_id), parent_id, limit, start)
    if not page.items and start is None and not store.visible_entry(article_id, parent_id):
        raise NotFound(f"Comment {parent_id} is not a visible comment of this article.", code="comment_not_found")
    entries = [cast(ThreadEntry, item) for item in page.items]
    return {"items": [visible(entry, article_id, lang) for entry in entries], "next_cursor": page.next_cursor}


def visible(entry: ThreadEntry, article_id: str, lang: str) -> Comment:
    display: dict[str, object] = {"created": i18n.moment(entry["created_at"], lang)}
    comment: Comment = {
        "id": entry["id"],
        "author": entry.get("author"),
        "text": entry.get("text"),
        "lang": entry["lang"],
        "created_at": entry["created_at"],
        "parent_id": entry.get("parent_id"),
        "display": display,
    }
    if entry.get("deleted"):
        comment["deleted"] = True
    if not entry.get("parent_id"):
        comment["reply_count"] = entry.get("reply_count", 0)
        comment["replies_path"] = f"/articles/{article_id}/comments/{entry['id']}/replies"
        display["replies"] = i18n.text(lang, "comments.replies", count=comment["reply_count"])
    return comment
