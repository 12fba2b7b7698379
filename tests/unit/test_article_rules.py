"""The articles domain's rules as pure logic: If-Match, bodies, translations, and how a
write moves a category's live count (no DynamoDB)."""

from datetime import datetime, timedelta
from typing import Any

import pytest

from haber.articles import categories, checks
from haber.articles.records import Meta
from haber.platform import clock
from haber.platform.errors import BadRequest, PayloadTooLarge, PreconditionFailed, PreconditionRequired

ARTICLE = "aaaaaaaaaaaaaaaa"
NOW = "2026-12-02T10:00:00Z"
LATER = "2026-12-09T10:00:00Z"


@pytest.mark.parametrize(
    ("if_match", "version"), [('"v3-0a1b2c3d4e5f"', 3), ('"v3"', 3), ("3", 3), ('W/"v12-x"', 12), (' "v7"', 7)]
)
def test_if_match_names_a_version_in_any_of_its_forms(if_match: str, version: int) -> None:
    assert checks.expected_version(ARTICLE, if_match) == version


def test_if_match_missing_is_428_and_unreadable_is_412() -> None:
    with pytest.raises(PreconditionRequired):
        checks.expected_version(ARTICLE, None)
    with pytest.raises(PreconditionFailed):
        checks.expected_version(ARTICLE, '"latest"')


def test_a_bad_id_is_refused_before_if_match_is_read() -> None:
    with pytest.raises(BadRequest) as refused:
        checks.expected_version("not-an-id", None)
    assert refused.value.code == "invalid_id"


def test_a_body_is_stored_sanitized_and_must_keep_some_text() -> None:
    assert checks.sanitized_body('<p onclick="x()">Hallo <script>bad()</script></p>', "body") == "<p>Hallo </p>"
    with pytest.raises(BadRequest) as empty:
        checks.sanitized_body("<script>only()</script><p> </p>", "translations.tr.body")
    assert empty.value.details == [{"field": "translations.tr.body", "message": "has no text"}]


def test_a_body_is_measured_after_sanitizing() -> None:
    """Every "&" becomes "&amp;": what was small enough to send can be too large to store."""
    ampersands = "<p>" + "&" * (checks.MAX_STORED_BODY_BYTES // 4) + "</p>"
    with pytest.raises(PayloadTooLarge):
        checks.sanitized_body(ampersands, "body")


def test_a_translation_cannot_be_the_source_or_an_unknown_language() -> None:
    checks.translation_languages(["tr", "en"], "de")
    for langs in (["de"], ["fr"]):
        with pytest.raises(BadRequest):
            checks.translation_languages(langs, "de")


def meta(**changes: Any) -> Meta:
    base: dict[str, Any] = {
        "id": ARTICLE,
        "category": "politics",
        "status": "published",
        "published_at": NOW,
        "updated_at": NOW,
    }
    return base | changes  # type: ignore[return-value]


def summary(changes: dict[str, dict[str, Any]]) -> dict[str, tuple[int, str | None]]:
    """By category: the count's delta and what happens to the upcoming entry."""
    found = {}
    for category_id, update in changes.items():
        values = update.get("ExpressionAttributeValues", {})
        entry = "set" if "SET #upcoming" in update["UpdateExpression"] else None
        entry = "removed" if "REMOVE #upcoming" in update["UpdateExpression"] else entry
        found[category_id] = (values.get(":delta", 0), entry)
        assert update["ConditionExpression"] == "attribute_exists(pk)"  # never creates a category
    return found


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (None, meta(), {"politics": (1, None)}),  # published now
        (None, meta(published_at=LATER), {"politics": (1, "set")}),  # scheduled: counted, but upcoming
        (meta(), meta(status="unpublished"), {"politics": (-1, None)}),
        (meta(), meta(category="economy"), {"politics": (-1, None), "economy": (1, None)}),
        (meta(published_at=LATER), meta(), {"politics": (0, "removed")}),  # brought forward
        (meta(published_at=LATER), meta(status="unpublished"), {"politics": (-1, "removed")}),
        (
            meta(published_at=LATER),
            meta(published_at=LATER, category="economy"),
            {
                "politics": (-1, "removed"),
                "economy": (1, "set"),
            },
        ),
        (meta(), meta(), {}),  # an edit that moves nothing writes no category
    ],
)
def test_a_write_moves_counts_and_upcoming_entries(old: Meta | None, new: Meta, expected: dict[str, Any]) -> None:
    assert summary(categories.count_changes(new, old)) == expected


def test_the_live_count_leaves_out_articles_whose_time_has_not_come(monkeypatch: pytest.MonkeyPatch) -> None:
    item = {"article_count": 3, "upcoming:a": LATER, "upcoming:b": "2026-12-01T00:00:00Z", "names": {}}
    monkeypatch.setattr(clock, "now", lambda: _at(NOW))
    assert categories.live_count(item) == 2  # b's time has come: it counts
    monkeypatch.setattr(clock, "now", lambda: _at(LATER) + timedelta(seconds=1))
    assert categories.live_count(item) == 3


def _at(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))
