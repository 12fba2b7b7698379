"""URL slugs from titles, with each language's own transliteration.

Adding a language: if its letters need more than Unicode decomposition (ä→ae in German,
ı→i in Turkish), add its table to _TRANSLITERATION; otherwise nothing to do here.
"""

import re
import unicodedata

_TRANSLITERATION = {
    "de": str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue", "ẞ": "ss"}),
    "tr": str.maketrans(
        {
            "ç": "c",
            "ğ": "g",
            "ı": "i",
            "İ": "i",
            "ö": "o",
            "ş": "s",
            "ü": "u",
            "Ç": "c",
            "Ğ": "g",
            "I": "i",
            "Ö": "o",
            "Ş": "s",
            "Ü": "u",
        }
    ),
}
# Letters that Unicode decomposition does not reduce to ASCII, for every language.
_COMMON = str.maketrans(
    {
        "ı": "i",
        "ß": "ss",
        "ẞ": "ss",
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "đ": "d",
        "Đ": "d",
        "þ": "th",
    }
)
_NOT_ALLOWED = re.compile(r"[^a-z0-9]+")
MAX_LENGTH = 80


def slugify(title: str, lang: str) -> str:
    text = title.translate(_TRANSLITERATION.get(lang, {})).translate(_COMMON)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = _NOT_ALLOWED.sub("-", ascii_text).strip("-")
    if len(slug) > MAX_LENGTH:
        slug = slug[:MAX_LENGTH].rsplit("-", 1)[0]
    return slug or "article"


def with_suffix(slug: str, attempt: int) -> str:
    """The slug to try after `attempt` collisions: title, title-2, title-3, ..."""
    return slug if attempt == 0 else f"{slug[: MAX_LENGTH - 4]}-{attempt + 1}"


SUFFIXED_ATTEMPTS = 3  # title, title-2, title-3; then title-<id prefix>, which is free


def candidate(slug: str, attempt: int, article_id: str) -> str:
    """The slug to claim on the `attempt`-th try (0-based) for an article."""
    return with_suffix(slug, attempt) if attempt < SUFFIXED_ATTEMPTS else f"{slug[:60]}-{article_id[:8]}"
