"""Key design of the single table; docs/data-model.md lists every access pattern.

ARTICLE#<id>        META            article metadata + listing cards   gsi1 PUB, gsi2 CAT#<category>
ARTICLE#<id>        LANG#<lang>     one rendition (title, summary, body, slug, origin)
ARTICLE#<id>        TAG#<tag>       listing copy for a tag             gsi1 TAG#<tag>
SLUG#<lang>#<slug>  SLUG            claim of a localized slug -> article id
CATEGORY            <category>      localized names and article count
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


def new_article_id() -> str:
    return b32encode(secrets.token_bytes(10)).decode().lower()
