"""Article, media and comment ids: how they are made and how a request's id is checked."""

import re
import secrets
from base64 import b32encode

from haber.platform.errors import BadRequest, field_error

RANDOM_ID = "[a-z2-7]{16}"  # an article's or a media item's id (80 random bits in base32), to build patterns from
ARTICLE_ID = re.compile(f"^{RANDOM_ID}$")
MEDIA_ID = ARTICLE_ID  # made the same way
COMMENT_ID = re.compile(r"^[0-9a-hjkmnp-tv-z]{16}$")
_SORTABLE = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, in ASCII order


def new_article_id() -> str:
    return b32encode(secrets.token_bytes(10)).decode().lower()


def new_media_id() -> str:
    return new_article_id()


def new_comment_id(now_ms: int) -> str:
    """Sorts by creation time: 10 characters of milliseconds, 6 random."""
    stamp = "".join(_SORTABLE[(now_ms >> shift) & 31] for shift in range(45, -1, -5))
    return stamp + "".join(secrets.choice(_SORTABLE) for _ in range(6))


def newest_first(comment_id: str) -> str:
    """An id that sorts the other way round, so newest-first is an ascending query too."""
    return "".join(_SORTABLE[31 - _SORTABLE.index(char)] for char in comment_id)


def check_article_id(article_id: str) -> str:
    return _checked(article_id, ARTICLE_ID, "id", "Article ids are 16 characters of a-z and 2-7.", "article")


def check_media_id(media_id: str, field: str = "id") -> str:
    return _checked(media_id, MEDIA_ID, field, "Media ids are 16 characters of a-z and 2-7.", "media")


def check_comment_id(comment_id: str, field: str) -> str:
    return _checked(comment_id, COMMENT_ID, field, "Comment ids are 16 characters of 0-9 and a-z.", "comment")


def _checked(value: str, pattern: re.Pattern[str], field: str, message: str, kind: str) -> str:
    if not pattern.match(value):
        raise BadRequest(message, [field_error(field, f"is not a valid {kind} id")], code="invalid_id")
    return value
