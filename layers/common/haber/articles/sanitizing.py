"""The article body's HTML subset, sanitized on write so frontends can insert it as is."""

import nh3

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
    "img",
    "cite",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}, "blockquote": {"cite"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize(body: str) -> str:
    return nh3.clean(
        body,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def text_of(body: str) -> str:
    """The body's visible text, for checks such as "is anything left after sanitizing"."""
    return nh3.clean(body, tags=set()).strip()
