"""The translation worker's write: a machine translation stored with its slug, listing
cards and revision, never over an editor's translation, never for a source that changed
meanwhile. A draft's machine texts claim no slug: publishing the draft claims them all."""

from haber.articles import snapshots, store
from haber.articles.records import Article, ArticleText, RevisionEntry
from haber.articles.sanitizing import sanitize
from haber.articles.slugs import SUFFIXED_ATTEMPTS, candidate
from haber.articles.status import slugs_claimed
from haber.platform import clock
from haber.platform.errors import Conflict

ATTEMPTS = 3  # an editor's save that went in between moves the revision on: read again


def save_machine_text(article: Article, text: ArticleText, force: bool) -> str:
    """Returns "translated", "human" (an editor's translation arrived meanwhile and wins,
    unless `force`) or "outdated" (the source changed meanwhile; its own stream record
    follows)."""
    text["body"] = sanitize(text["body"])  # a provider's answer is input like any other
    base, lang = text["slug"], text["lang"]
    for _ in range(ATTEMPTS):
        new_slug = slugs_claimed(article.meta) and lang not in article.texts
        outcome = _save(article, text, base, new_slug, force)
        if outcome != "raced":
            return outcome
        reread = store.load(article.meta["id"], with_tags=True)
        if reread is None or reread.meta["source_hash"] != article.meta["source_hash"]:
            return "outdated"
        article = reread
    raise Conflict("The translation could not be saved; it will be retried.")


def _save(article: Article, text: ArticleText, base: str, new_slug: bool, force: bool) -> str:
    lang = text["lang"]
    entry = RevisionEntry(
        revision=article.meta.get("revision", 0) + 1,
        at=clock.now_iso(),
        by=f"machine:{text.get('provider', 'unknown')}",
        action="machine",
        langs=[lang],
        fields=[name for name in snapshots.TEXT_FIELDS if snapshots.text_changed(article.texts, text, name)],
    )
    for attempt in range(SUFFIXED_ATTEMPTS + 1):
        if new_slug:
            text["slug"] = candidate(base, attempt, article.meta["id"])
        cancelled = store.save_machine_text(article, text, new_slug, force, entry)
        if cancelled is None:
            return "translated"
        if "text" in cancelled.failed:
            return "human"
        if "source" in cancelled.failed or "revision" in cancelled.failed:
            return "raced"
        if "slug" not in cancelled.failed:
            raise Conflict("The translation could not be saved; it will be retried.")
    raise Conflict(f"No free slug for {base!r}.")
