"""The comment rules as pure logic: what an author and a text may be, which limits apply to
a post, and which refusal a cancelled transaction means (no DynamoDB)."""

import pytest
from pydantic import ValidationError

from haber.comments import models, posting
from haber.platform.errors import BadRequest, Conflict, HaberError, TooManyRequests


@pytest.mark.parametrize(
    ("author", "kept"),
    [
        ("  Ayşe   Yılmaz ", "Ayşe Yılmaz"),
        ("Leyla\u200b", "Leyla"),  # a zero-width space goes
        ("Jürgen\ufffe", "Jürgen"),  # a noncharacter goes
        ("Σωκράτης Müller", "Σωκράτης Müller"),  # two scripts, each word in one
    ],
)
def test_an_author_is_normalised_to_what_is_visible(author: str, kept: str) -> None:
    assert models.comment_author(author) == kept


@pytest.mark.parametrize(
    ("author", "reason"),
    [("\u200b\u3164", "blank"), ("Аdmin", "mixed_scripts"), ("x" * 61, "too_long")],
)
def test_an_author_that_breaks_a_rule_names_it(author: str, reason: str) -> None:
    with pytest.raises(ValidationError) as refused:
        models.NewComment(author=author, text="Hallo")
    assert refused.value.errors()[0]["type"] == reason


def test_a_text_keeps_lines_and_emoji_joiners_but_not_four_links() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert models.comment_text(f"Erste Zeile\r\nzweite {family}") == f"Erste Zeile\nzweite {family}"
    with pytest.raises(ValidationError) as refused:
        models.NewComment(author="Leyla", text=" ".join(f"https://x{n}.example" for n in range(4)))
    assert refused.value.errors()[0]["type"] == "too_many_links"


def test_a_visitor_is_limited_alone_and_with_its_address() -> None:
    limits = posting._limits("v1", "a1")
    assert [(who, window) for who, window, _ in limits] == [
        ("v1", "minute"),
        ("v1", "day"),
        ("address-a1", "minute"),
        ("address-a1", "day"),
    ]
    assert len(posting._limits("v1", None)) == 2  # seeded comments have no address


@pytest.mark.parametrize(
    ("failed", "refusal", "code"),
    [
        (["rate:v1:minute:1000060"], TooManyRequests, "rate_limited"),
        (["parent"], BadRequest, "invalid_parent"),
        (["header"], Conflict, "comments_closed"),
        ([], Conflict, "concurrent_change"),
    ],
)
def test_a_cancelled_post_is_answered_by_what_failed(failed: list[str], refusal: type[HaberError], code: str) -> None:
    with pytest.raises(refusal) as refused:
        posting.raise_for(failed, now_ms=1_000_000_000)
    assert refused.value.code == code
    if isinstance(refused.value, TooManyRequests):
        assert refused.value.headers == {"Retry-After": "60"}  # until the window ends
