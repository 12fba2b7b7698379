"""An image an article uses is part of the article: who may change it is who may change
the articles using it, and each of those articles records the change as a revision, written
with its new copy of the image's description (media.usage keeps those copies)."""

from typing import cast

from haber import media
from haber.articles import store
from haber.articles.records import Article, RevisionEntry
from haber.platform import clock
from haber.platform.errors import Conflict, Forbidden, field_error
from haber.platform.shapes import Item

ATTEMPTS = 3  # an editor's save that went in between moves the revision on: read again
TRANSLATIONS = "translations"


def describe(media_id: str, changes: media.MediaUpdate, editor: str, roles: frozenset[str]) -> media.ForEditors:
    """PUT /media/{id}: editors change any image; on an image that an article beyond a
    draft uses, a translator changes only its texts' translations and a reporter nothing."""
    if "editor" not in roles:
        users = store.metas(sorted(media.load(media_id).get("used_by") or []))
        beyond_draft = sorted(article["id"] for article in users if article["status"] != "draft")
        if beyond_draft:
            _refuse_unless_translating(roles, set(changes.model_fields_set), beyond_draft)
    return media.update(media_id, changes, editor)


def _refuse_unless_translating(roles: frozenset[str], fields: set[str], articles: list[str]) -> None:
    if "translator" in roles and fields <= {TRANSLATIONS}:
        return
    named = sorted(fields - {TRANSLATIONS}) or [TRANSLATIONS]
    used = ", ".join(articles[:3]) + (" …" if len(articles) > 3 else "")
    reason = f"belongs to an image that {used} uses; an editor changes it"
    if "translator" in roles:
        reason += " (a translator, its translations)"
    raise Forbidden(
        "Your role may not change this image: an article beyond a draft uses it.", [field_error(named[0], reason)]
    )


def take(article_id: str, described: Item, by: str) -> bool:
    """Give an article the image's new description, with a revision naming who changed the
    image; False when the article no longer uses it or already has this or a newer copy
    (stream records may come late or twice)."""
    media_id = str(described["id"])
    for _ in range(ATTEMPTS):
        article = store.load(article_id)
        if article is None or _has_copy(article, media_id, int(described["version"])):
            return False
        entry = RevisionEntry(
            revision=article.meta.get("revision", 0) + 1,
            at=clock.now_iso(),
            by=by,
            action="image",
            langs=[],
            fields=["images"],
        )
        cancelled = store.save_image_copy(article, media_id, described, entry)
        if cancelled is None:
            return True
        if "images" in cancelled.failed:
            return False
    raise Conflict("The article's image could not be updated; it will be retried.")


def _has_copy(article: Article, media_id: str, version: int) -> bool:
    copy = cast(dict[str, Item], article.images).get(media_id)
    return copy is None or int(copy["version"]) >= version
