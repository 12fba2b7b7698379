"""Reader comments: one thread per article across languages, moderated, rate-limited."""

from haber.comments.entries import mirror_article
from haber.comments.models import NewComment
from haber.comments.moderation import moderate, queue
from haber.comments.posting import address_of, client_of, post
from haber.comments.threads import first_page, replies, thread

__all__ = [
    "NewComment",
    "address_of",
    "client_of",
    "first_page",
    "mirror_article",
    "moderate",
    "post",
    "queue",
    "replies",
    "thread",
]
