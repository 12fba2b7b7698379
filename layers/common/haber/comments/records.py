"""What the comments domain stores and answers, typed (TypedDicts: plain dicts at run time).
docs/data-model.md has the keys."""

from typing import NotRequired, TypedDict


class Queued(TypedDict):
    """A comment as the moderation queue shows it."""

    id: str
    article_id: str
    parent_id: str | None
    author: str
    text: str
    lang: str
    created_at: str
    status: str  # pending, approved or rejected
    translation: NotRequired["CommentTranslation"]  # asked for with translate_to, never stored


class CommentRecord(Queued):
    """A comment in every status (`COMMENT#<id>`), for moderation."""

    client: str  # the visitor hash of its author (the stored name)
    moderated_by: NotRequired[str]
    moderated_at: NotRequired[str]


class ThreadHeader(TypedDict):
    """A thread's first item: the article's state as comments need it, and the count."""

    status: str
    published_at: str
    comments_open: bool
    source_lang: str
    count: int


class ThreadEntry(TypedDict):
    """An approved comment as readers see it in its thread (a deleted one keeps no words)."""

    sk: str
    id: str
    lang: str
    created_at: str
    parent_id: str | None
    author: NotRequired[str]
    text: NotRequired[str]
    reply_count: NotRequired[int]
    deleted: NotRequired[bool]


class Comment(TypedDict):
    """A comment as the API answers it."""

    id: str
    author: str | None
    text: str | None
    lang: str
    created_at: str
    parent_id: str | None
    display: dict[str, object]
    deleted: NotRequired[bool]
    reply_count: NotRequired[int]
    replies_path: NotRequired[str]
    replies: NotRequired[list["Comment"]]
    translation: NotRequired["CommentTranslation"]  # asked for with translate_to


class CommentTranslation(TypedDict):
    lang: str
    text: str
    origin: str


class Thread(TypedDict):
    items: list[Comment]
    next_cursor: str | None
    count: int
    display: dict[str, str]


class Replies(TypedDict):
    items: list[Comment]
    next_cursor: str | None


class FirstPage(TypedDict):
    """What an article page shows of its thread before any script runs."""

    count: int
    open: bool
    items: list[Comment]
    more: bool


class Posted(TypedDict):
    """A comment's id and status after a post or a moderator's action."""

    id: str
    status: str


class Queue(TypedDict):
    items: list[Queued]
    next_cursor: str | None
