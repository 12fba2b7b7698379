"""Key design of the single table; docs/data-model.md lists every access pattern.

pk                              sk               what                                   index keys
ARTICLE#<id>                    META             metadata + listing cards               gsi1 PUB, gsi2 CAT#<category>
ARTICLE#<id>                    LANG#<lang>      one rendition (title, summary, body)
ARTICLE#<id>                    TAG#<tag>        listing copy for a tag                 gsi1 TAG#<tag>
ARTICLE#<id>                    STATS            views, reactions, shares (from the stream)
SLUG#<lang>#<slug>              SLUG             claim of a localized slug
CATEGORY                        <category>       localized names and article count
COMMENTS#<article>              #                thread header: count + article state   gsi2 same
COMMENTS#<article>              C#<comment>      visible top-level comment              gsi2 C#<inverted id>
COMMENTS#<article>              R#<parent>#<c>   visible reply
COMMENT#<comment>               COMMENT          the comment in any status              gsi1 MOD#<status>
RATE#<client>#<window>          RATE             a rate-limit window (TTL)
VIEW#<article>#<day>#<visitor>  VIEW             a counted view (TTL); REACTION#, SHARE# alike
TOP#<window>#<period>           <article>        views in a day or week                 ranking: rank_pk/rank_views
RECEIPT#<stream event id>       RECEIPT          a stream record already added up (TTL)
"""

import re
import secrets
from base64 import b32encode

ARTICLE_ID = re.compile(r"^[a-z2-7]{16}$")
PUBLISHED = "PUB"
META = "META"


def article(article_id: str) -> str:
    return f"ARTICLE#{article_id}"


def rendition(lang: str) -> str:
    return f"LANG#{lang}"


def tag(name: str) -> str:
    return f"TAG#{name}"


def category_index(category: str) -> str:
    return f"CAT#{category}"


def slug(lang: str, value: str) -> dict[str, str]:
    return {"pk": f"SLUG#{lang}#{value}", "sk": "SLUG"}


def category(category_id: str) -> dict[str, str]:
    return {"pk": "CATEGORY", "sk": category_id}


def timeline(published_at: str, article_id: str) -> str:
    """Sort key of the listing indexes: newest first when read backwards."""
    return f"{published_at}#{article_id}"


THREAD_HEADER = "#"
_SORTABLE = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, in ASCII order
COMMENT_ID = re.compile(r"^[0-9a-hjkmnp-tv-z]{16}$")


def comment_thread(article_id: str) -> str:
    return f"COMMENTS#{article_id}"


def thread_header(article_id: str) -> dict[str, str]:
    return {"pk": comment_thread(article_id), "sk": THREAD_HEADER}


def comment_entry(comment_id: str, parent_id: str | None) -> str:
    return f"R#{parent_id}#{comment_id}" if parent_id else f"C#{comment_id}"


def comment_record(comment_id: str) -> dict[str, str]:
    return {"pk": f"COMMENT#{comment_id}", "sk": "COMMENT"}


def new_comment_id(now_ms: int) -> str:
    """Sorts by creation time: 10 characters of milliseconds, 6 random."""
    stamp = "".join(_SORTABLE[(now_ms >> shift) & 31] for shift in range(45, -1, -5))
    return stamp + "".join(secrets.choice(_SORTABLE) for _ in range(6))


def newest_first(comment_id: str) -> str:
    """A key that sorts the other way round, so newest-first is an ascending query too."""
    return "".join(_SORTABLE[31 - _SORTABLE.index(char)] for char in comment_id)


def stats(article_id: str) -> dict[str, str]:
    return {"pk": article(article_id), "sk": "STATS"}


def new_article_id() -> str:
    return b32encode(secrets.token_bytes(10)).decode().lower()
