"""Reading a thread: approved top-level comments with their reply counts, and replies.

A comment's record (COMMENT#<id>) holds it in every status; readers only ever see the
thread entries (COMMENTS#<article>), which exist while a comment is approved.
"""

from typing import Any

from haber import i18n
from haber.comments import store
from haber.platform import keys
from haber.platform.errors import NotFound
from haber.platform.ids import check_article_id, check_comment_id
from haber.platform.publication import is_live


def require_live(header: dict[str, Any] | None, article_id: str) -> dict[str, Any]:
    """The thread header of a live article, or 404."""
    if header is None or not is_live(header):
        raise NotFound(f"Article {article_id} does not exist or is not published.", code="article_not_found")
    return header


def thread(article_id: str, order: str, limit: int, start: str | None, lang: str) -> dict[str, Any]:
    """The first page costs one Query: the thread header, with the count, sorts first in
    both orders. Later pages read the header on its own."""
    first_page = start is None
    page = store.thread_page(check_article_id(article_id), order, limit + (1 if first_page else 0), start)
    items = page.items
    if first_page and items and items[0]["sk"] == keys.THREAD_HEADER:
        header: dict[str, Any] | None = items.pop(0)
    else:
        header = store.thread_header(article_id)
    count = require_live(header, article_id)["count"]
    return {
        "items": [visible(item, article_id, lang) for item in items],
        "next_cursor": page.next_cursor,
        "count": count,
        "display": {
            "heading": i18n.text(lang, "comments.heading", count=count),
            "count": i18n.text(lang, "comments.count", count=count),
        },
    }


def first_page(article_id: str, lang: str, limit: int, replies_each: int) -> dict[str, Any]:
    """What an article page shows before any script runs: the count, the oldest top-level
    comments and the first replies of each, from one Query of the thread (its header,
    top-level entries and replies sort in that order)."""
    entries, more = store.thread_start(check_article_id(article_id))
    header = require_live(next((e for e in entries if e["sk"] == keys.THREAD_HEADER), None), article_id)
    top_level = [e for e in entries if e["sk"].startswith("C#")]
    replies_of: dict[str, list[dict[str, Any]]] = {}
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


def replies(article_id: str, parent_id: str, limit: int, start: str | None, lang: str) -> dict[str, Any]:
    check_comment_id(parent_id, "parent_id")
    page = store.replies_page(check_article_id(article_id), parent_id, limit, start)
    if not page.items and start is None and not store.visible_entry(article_id, parent_id):
        raise NotFound(f"Comment {parent_id} is not a visible comment of this article.", code="comment_not_found")
    return {"items": [visible(item, article_id, lang) for item in page.items], "next_cursor": page.next_cursor}


def visible(entry: dict[str, Any], article_id: str, lang: str) -> dict[str, Any]:
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
