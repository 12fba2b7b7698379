"""What the newsroom's list finds an article by (`GET /newsroom/articles?q=`): its titles in
every language, its byline and its tags, folded so that a query typed without diacritics or
in another case finds them ("koln" finds "Köln", "istanbul" finds "İSTANBUL'da", "strasse"
finds "Straße"). Kept on the metadata item (`find`) by every write of it and tested as
substrings in the list's one Query: the reader search's index holds only live articles,
and the desk searches every state."""

import unicodedata
from collections.abc import Mapping

from haber.articles.records import Card
from haber.platform.errors import BadRequest, field_error

MAX_WORDS = 10
ATTRIBUTE = "find"  # on META


def fold(text: str) -> str:
    lowered = text.replace("İ", "i").replace("ı", "i").casefold()  # Turkish dotted and dotless i alike
    return "".join(c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c))


def text_of(cards: Mapping[str, Card], author: str, tags: list[str]) -> str:
    return fold(" ".join([*(card["title"] for card in cards.values()), author, *tags]))


def words(query: str) -> list[str]:
    """The folded words an article must all contain; a query of more is refused."""
    found = list(dict.fromkeys(fold(query).split()))
    if len(found) > MAX_WORDS:
        raise BadRequest(
            f"Search with at most {MAX_WORDS} words.",
            [field_error("q", f"has {len(found)} words; at most {MAX_WORDS}")],
            code="invalid_query",
        )
    return found
