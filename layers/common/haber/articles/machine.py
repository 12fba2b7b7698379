"""The translation worker's write: a machine translation stored with its slug and listing
cards, never over an editor's translation, never for a source that changed meanwhile."""

from haber.articles import store
from haber.articles.records import ArticleText, Meta, TagEntry
from haber.articles.sanitizing import sanitize
from haber.articles.slugs import SUFFIXED_ATTEMPTS, candidate
from haber.platform.errors import Conflict


def save_machine_text(meta: Meta, tag_entries: list[TagEntry], text: ArticleText, new_slug: bool, force: bool) -> str:
    """Returns "translated", "human" (an editor's translation arrived meanwhile and wins,
    unless `force`) or "outdated" (the source changed meanwhile; its own stream record
    follows)."""
    base = text["slug"]
    text["body"] = sanitize(text["body"])  # a provider's answer is input like any other
    for attempt in range(SUFFIXED_ATTEMPTS + 1):
        if new_slug:
            text["slug"] = candidate(base, attempt, meta["id"])
        cancelled = store.save_machine_text(meta, tag_entries, text, new_slug, force)
        if cancelled is None:
            return "translated"
        if "text" in cancelled.failed:
            return "human"
        if "source" in cancelled.failed:
            return "outdated"
        if "slug" not in cancelled.failed:
            raise Conflict("The translation could not be saved; it will be retried.")
    raise Conflict(f"No free slug for {base!r}.")
