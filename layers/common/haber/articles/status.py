"""An article's status and the moves between them. A draft is seen by editors only and has
not claimed its slugs; publishing it (now or scheduled) claims them; a published article can
be unpublished and published again, but never goes back to being a draft: it has been public."""

from haber.articles.records import Meta
from haber.platform.errors import BadRequest, Conflict, field_error

STATUSES = ("draft", "scheduled", "published", "unpublished")
_MOVES = {
    "draft": {"draft", "scheduled", "published"},
    "published": {"scheduled", "published", "unpublished"},
    "unpublished": {"scheduled", "published", "unpublished"},
}


def slugs_claimed(meta: Meta) -> bool:
    return meta.get("slugs_claimed", True)


def next_status(meta: Meta, requested: str | None, time_given: bool, now: str, old: Meta | None = None) -> str:
    """The status to store (a scheduled article is stored as published with a later time);
    `meta` is the article as it becomes, its publication time set."""
    before = old["status"] if old else "draft"
    wanted = requested or (before if old else "published")
    if wanted not in _MOVES.get(before, set()):
        raise Conflict(
            f"An article that is {before} cannot become {wanted}.",
            [field_error("status", f"cannot move from {before} to {wanted}")],
            code="invalid_transition",
        )
    if wanted == "draft":
        return "draft"
    if before == "draft" and not time_given:
        meta["published_at"] = now  # published when it is published, not when it was drafted
    if wanted == "scheduled" and meta["published_at"] <= now:
        raise BadRequest(
            "A scheduled article needs a published_at in the future.",
            [field_error("published_at", "is not in the future")],
            code="not_in_future",
        )
    return "unpublished" if wanted == "unpublished" else "published"
