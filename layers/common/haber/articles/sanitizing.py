"""The article body's HTML subset, sanitized on write so frontends can insert it as is.

Every stored body passes through `sanitize`, whatever wrote it: an editor, a machine
translation or an import. Images come only from the media library, as a figure naming one
(`<figure data-media="id">`, which reading replaces by the image): an `<img>` of its own
would load from any host (a tracking pixel, a hotlink), so it goes, whatever its `src`.
"""

import re

import nh3

from haber.platform.ids import MEDIA_ID

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "em",
    "strong",
    "i",
    "b",
    "figure",
    "figcaption",
    "cite",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "blockquote": {"cite"},
    "figure": {"data-media"},  # an image of the media library, by id (haber.media.figures)
}
URL_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {"href", "cite"}
# Browsers ignore ASCII whitespace and control characters inside a URL's scheme ("java\tscript:").
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def sanitize(body: str) -> str:
    return nh3.clean(
        body,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_safe_url,
    ).strip()


def _safe_url(_tag: str, attribute: str, value: str) -> str | None:
    """nh3 checks the scheme of href and src only: the same rule for every URL attribute."""
    if attribute == "data-media":
        return value if MEDIA_ID.match(value) else None
    if attribute not in URL_ATTRIBUTES:
        return value
    scheme = _SCHEME.match(_IGNORED_IN_URLS.sub("", value))
    return None if scheme and scheme.group(1).lower() not in URL_SCHEMES else value


def text_of(body: str) -> str:
    """The body's visible text, for checks such as "is anything left after sanitizing"."""
    return nh3.clean(body, tags=set()).strip()
