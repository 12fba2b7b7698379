"""Reader comments: one thread per article across languages, moderated, rate-limited."""

from typing import TYPE_CHECKING

from haber.comments.records import Comment
from haber.comments.threads import first_page, replies, thread
from haber.platform import lazy

# Posting and moderation load on first use: reading a thread needs neither.
if TYPE_CHECKING:
    from haber.comments.models import LIMITS, NewComment
    from haber.comments.moderation import moderate, queue
    from haber.comments.posting import address_of, post, visitor_of
    from haber.comments.store import mirror_article
else:
    __getattr__ = lazy.names(
        __name__,
        {
            "models": ("LIMITS", "NewComment"),
            "moderation": ("moderate", "queue"),
            "posting": ("address_of", "post", "visitor_of"),
            "store": ("mirror_article",),
        },
    )

__all__ = [
    "LIMITS",
    "Comment",
    "NewComment",
    "address_of",
    "first_page",
    "mirror_article",
    "moderate",
    "post",
    "queue",
    "replies",
    "thread",
    "visitor_of",
]
