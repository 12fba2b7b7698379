"""Article, media and comment ids: how they are made and how a request's id is checked."""

import re
import secrets
from base64 import b32encode

from haber.platform.errors import BadRequest, field_error

ARTICLE_ID = re.compile(r"^[a-z2-7]{16}$")
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
    if not ARTICLE_ID.match(article_id):
        raise BadRequest(
            "Article ids are 16 characters of a-z and 2-7.",
            [field_error("id", "is not a valid article id")],
            code="invalid_id",
        )
    return article_id


def check_media_id(media_id: str, field: str = "id") -> str:
    if not ARTICLE_ID.match(media_id):
        raise BadRequest(
            "Media ids are 16 characters of a-z and 2-7.",
            [field_error(field, "is not a valid media id")],
            code="invalid_id",
        )
    return media_id


def check_comment_id(comment_id: str, field: str) -> str:
    if not COMMENT_ID.match(comment_id):
        raise BadRequest(
            "Comment ids are 16 characters of 0-9 and a-z.",
            [field_error(field, "is not a valid comment id")],
            code="invalid_id",
        )
    return comment_id
