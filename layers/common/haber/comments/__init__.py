"""Reader comments: one thread per article across languages, moderated, rate-limited."""

from typing import TYPE_CHECKING

from haber.comments.records import Comment as Comment
from haber.comments.records import FirstPage as FirstPage
from haber.comments.records import Queued as Queued
from haber.comments.store import mirror_article as mirror_article
from haber.comments.threads import first_page as first_page
from haber.comments.threads import replies as replies
from haber.comments.threads import thread as thread
from haber.platform import lazy

# Posting and moderation load on first use: reading a thread needs neither.
if TYPE_CHECKING:
    from haber.comments.models import LIMITS as LIMITS
    from haber.comments.models import NewComment as NewComment
    from haber.comments.moderation import moderate as moderate
    from haber.comments.moderation import queue as queue
    from haber.comments.posting import address_of as address_of
    from haber.comments.posting import post as post
    from haber.comments.posting import visitor_of as visitor_of
else:
    __getattr__ = lazy.names(__name__)
