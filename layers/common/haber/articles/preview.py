"""Preview links: signed, short-lived addresses of the reader page that render an article's
current state, draft included, for people without an editor's token (a reporter's source,
a lawyer). The signature binds the article and the expiry; anything else is a 404."""

import hashlib
import hmac
from datetime import UTC, datetime
from typing import TypedDict

from haber.articles import store
from haber.articles.reading import not_found
from haber.articles.records import Article
from haber.platform import addresses, clock, languages
from haber.platform.ids import check_article_id
from haber.platform.shapes import Item
from haber.platform.signing import derived_key

LIFETIME_SECONDS = 24 * 3600  # at most a day


class PreviewLinks(TypedDict):
    urls: dict[str, str]  # by language
    expires_at: str


def links(article_id: str) -> PreviewLinks:
    if store.meta(check_article_id(article_id)) is None:
        raise not_found(article_id)
    expires = clock.epoch_seconds() + LIFETIME_SECONDS
    signature = _signature(article_id, expires)
    return {
        "urls": {lang: addresses.preview(lang, article_id, expires, signature) for lang in languages.supported()},
        "expires_at": clock.iso(datetime.fromtimestamp(expires, UTC)),
    }


def is_valid(article_id: str, expires: str | None, signature: str | None) -> bool:
    """A link made by `links` for this article that has not expired."""
    if not (expires and expires.isdigit() and len(expires) <= 12 and signature):
        return False
    left = int(expires) - clock.epoch_seconds()
    if not 0 < left <= LIFETIME_SECONDS:
        return False
    return hmac.compare_digest(_signature(article_id, int(expires)), signature)


def items(article_id: str) -> tuple[Article, Item]:
    """The article in any state, with the totals beside it (as a page reads them)."""
    article, totals = store.load_with_totals(check_article_id(article_id))
    if article is None:
        raise not_found(article_id)
    return article, totals


def _signature(article_id: str, expires: int) -> str:
    message = f"{article_id}.{expires}".encode()
    return hmac.new(derived_key("preview"), message, hashlib.sha256).hexdigest()[:32]
