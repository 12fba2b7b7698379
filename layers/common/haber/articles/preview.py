"""Preview links: signed, short-lived addresses of the reader page that render an article's
current state, draft included, for people without an editor's token (a reporter's source,
a lawyer). The signature binds the article, the expiry and how many times the article was
taken down: an unpublication ends every link made before it. Anything else is a 404."""

import hashlib
import hmac
import re
from datetime import UTC, datetime
from typing import TypedDict

from haber.articles import store
from haber.articles.records import Article
from haber.platform import addresses, clock, languages
from haber.platform.errors import Forbidden, NotFound, field_error
from haber.platform.ids import ARTICLE_ID, check_article_id
from haber.platform.shapes import Item
from haber.platform.signing import derived_key

LIFETIME_SECONDS = 24 * 3600  # at most a day
_EXPIRES = re.compile(r"[0-9]{1,12}")  # ASCII digits only: str.isdigit() also takes "²", which int() refuses
_SIGNATURE = re.compile(r"[0-9a-f]{32}")


class PreviewLinks(TypedDict):
    urls: dict[str, str]  # by language
    expires_at: str


def links(article_id: str, roles: frozenset[str]) -> PreviewLinks:
    """Links to the article as it is now; to an unpublished article, an editor's only."""
    meta = store.meta(check_article_id(article_id))
    if meta is None:
        raise NotFound(f"Article {article_id} does not exist.", code="article_not_found")
    if meta["status"] == "unpublished" and "editor" not in roles:
        raise Forbidden(
            "The article was taken down: only an editor makes preview links to it.",
            [field_error("id", "is unpublished; an editor decides who may still read it")],
        )
    expires = clock.epoch_seconds() + LIFETIME_SECONDS
    signature = _signature(article_id, expires, meta.get("takedowns", 0))
    return {
        "urls": {lang: addresses.preview(lang, article_id, expires, signature) for lang in languages.supported()},
        "expires_at": clock.iso(datetime.fromtimestamp(expires, UTC)),
    }


def shown(article_id: str, expires: str | None, signature: str | None) -> tuple[Article, Item]:
    """The article a link made by `links` shows (any state), with the totals beside it as a
    page reads them; a 404 for a link that is malformed, expired, forged, or older than the
    article's latest takedown."""
    if not _well_formed(article_id, expires, signature):
        raise _no_such_preview()
    article, totals = store.load_with_totals(article_id)
    if article is None or not is_valid(article_id, expires, signature, article.meta.get("takedowns", 0)):
        raise _no_such_preview()
    return article, totals


def is_valid(article_id: str, expires: str | None, signature: str | None, takedowns: int = 0) -> bool:
    """A link made by `links` for this article, after its `takedowns`-th takedown, that has
    not expired."""
    if not _well_formed(article_id, expires, signature):
        return False
    return hmac.compare_digest(_signature(article_id, int(str(expires)), takedowns), str(signature))


def _well_formed(article_id: str, expires: str | None, signature: str | None) -> bool:
    return bool(
        ARTICLE_ID.fullmatch(article_id)
        and expires
        and _EXPIRES.fullmatch(expires)
        and signature
        and _SIGNATURE.fullmatch(signature)
        and 0 < int(expires) - clock.epoch_seconds() <= LIFETIME_SECONDS
    )


def _signature(article_id: str, expires: int, takedowns: int = 0) -> str:
    message = f"{article_id}.{expires}" + (f".{takedowns}" if takedowns else "")
    return hmac.new(derived_key("preview"), message.encode(), hashlib.sha256).hexdigest()[:32]


def _no_such_preview() -> NotFound:
    return NotFound("No such preview.", code="article_not_found")
