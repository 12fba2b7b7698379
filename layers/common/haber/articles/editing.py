"""Writing articles: create, update with optimistic concurrency, unpublish — the rules.

Every write is one DynamoDB transaction (store.write); an update reads the item collection
first. Slugs are claimed in the same transaction, so they are unique per language.
"""

import hashlib
import json

from haber import comments, media
from haber.articles import categories, checks, store
from haber.articles.models import ArticleCreate, ArticleUpdate, Rendition
from haber.articles.records import TEXT_TYPE, Article, ArticleText, Card, Change, Meta
from haber.articles.slugs import SUFFIXED_ATTEMPTS, candidate, slugify
from haber.platform import clock, languages
from haber.platform.errors import BadRequest, Conflict, NotFound, PreconditionFailed, field_error
from haber.platform.ids import check_article_id, new_article_id

EDITABLE = ("category", "tags", "author", "published_at", "status", "comments_open", "image")


def source_hash(title: str, summary: str, body: str) -> str:
    """What a translation was made from: a hash of the source text it translates."""
    return hashlib.sha256(json.dumps([title, summary, body], ensure_ascii=False).encode()).hexdigest()[:16]


def create(data: ArticleCreate, editor: str, article_id: str | None = None) -> Article:
    article_id = article_id or new_article_id()
    languages.check(data.source_lang, "source_lang")
    checks.translation_languages(list(data.translations), data.source_lang)
    now = clock.now_iso()
    source = _sent(data, "body")
    hashed = source_hash(*source)
    texts = {data.source_lang: _text(data.source_lang, source, "source", hashed, now)}
    for lang, sent in data.translations.items():
        texts[lang] = _text(lang, _sent(sent, f"translations.{lang}.body"), "human", hashed, now)
    meta = Meta(
        id=article_id,
        source_lang=data.source_lang,
        category=data.category,
        tags=list(dict.fromkeys(data.tags)),
        author=data.author,
        published_at=clock.iso(data.published_at) if data.published_at else now,
        created_at=now,
        updated_at=now,
        created_by=editor,
        updated_by=editor,
        status="published",
        comments_open=data.comments_open,
        version=1,
        source_hash=hashed,
        cards={},
    )
    if data.image:
        meta["image"] = data.image
    change = Change(meta, texts, changed=set(texts), new_slugs=set(texts))
    _use_images(change, before=set())
    _write(change)
    return Article(meta, texts, change.images)


def update(article_id: str, data: ArticleUpdate, editor: str, version: int | None) -> Article:
    """Apply `data`; `version` is the one the editor saw (None: whatever is current)."""
    old = store.load(check_article_id(article_id), with_tags=True)
    if old is None:
        raise NotFound(f"Article {article_id} does not exist.", code="article_not_found")
    if version is not None and version != old.meta["version"]:
        raise PreconditionFailed(
            f"The article is at version {old.meta['version']}, not {version}; reload and reapply your change."
        )
    checks.translation_languages(list(data.translations), old.meta["source_lang"])
    now = clock.now_iso()
    meta = _changed_meta(old.meta, data, editor, now)
    texts = dict(old.texts)
    source_lang = meta["source_lang"]
    current = texts[source_lang]
    source = (
        data.title or current["title"],
        data.summary or current["summary"],
        checks.sanitized_body(data.body, "body") if data.body else current["body"],
    )
    changed: set[str] = set()
    if source != (current["title"], current["summary"], current["body"]):
        meta["source_hash"] = source_hash(*source)
        title, summary, body = source
        texts[source_lang] = {
            **current,
            "title": title,
            "summary": summary,
            "body": body,
            "source_hash": meta["source_hash"],
            "updated_at": now,
        }
        changed.add(source_lang)
    for lang, sent in data.translations.items():
        text = _text(lang, _sent(sent, f"translations.{lang}.body"), "human", meta["source_hash"], now)
        if lang in texts:  # a slug, once published, stays: links keep working
            text["slug"] = texts[lang]["slug"]
        texts[lang] = text
        changed.add(lang)
    if not changed and all(meta.get(name) == old.meta.get(name) for name in EDITABLE):
        return old  # nothing to do: a repeated PUT or DELETE writes nothing
    change = Change(meta, texts, changed, new_slugs=set(data.translations) - set(old.texts), old=old)
    change.images = old.images
    _use_images(change, before=set(old.meta.get("media") or []))
    _write(change)
    return Article(meta, texts, change.images, old.tag_entries)


def _changed_meta(old: Meta, data: ArticleUpdate, editor: str, now: str) -> Meta:
    meta = Meta(**{**old, "updated_at": now, "updated_by": editor, "version": old["version"] + 1})
    for name in ("category", "author", "status", "comments_open"):
        if getattr(data, name) is not None:
            meta[name] = getattr(data, name)
    if data.tags is not None:
        meta["tags"] = list(dict.fromkeys(data.tags))
    if data.published_at is not None:
        meta["published_at"] = clock.iso(data.published_at)
    if "image" in data.model_fields_set:  # null takes the lead image away
        meta.pop("image", None)
        if data.image:
            meta["image"] = data.image
    return meta


def unpublish(article_id: str, editor: str) -> None:
    for _ in range(3):  # retried only when a concurrent edit moved the version on
        try:
            update(article_id, ArticleUpdate(status="unpublished"), editor, version=None)
            return
        except PreconditionFailed:
            continue
    raise Conflict("The article is being edited right now; try again.")


def _use_images(change: Change, before: set[str]) -> None:
    """The lead image and every figure of every language's body, checked to be ready and
    described for readers; the writes recording their use go with the article's transaction."""
    meta = change.meta
    wanted = {meta["image"]: "image"} if meta.get("image") else {}
    for lang, text in change.texts.items():
        for media_id in media.figure_ids(text["body"]):
            wanted.setdefault(media_id, "body" if lang == meta["source_lang"] else f"translations.{lang}.body")
    if set(wanted) == before:
        return
    change.images = media.described(wanted)
    meta["media"] = sorted(wanted)
    if not wanted:
        meta.pop("media")
    change.also += media.operations(meta["id"], before, change.images)


def _sent(text: Rendition, body_field: str) -> tuple[str, str, str]:
    return text.title, text.summary, checks.sanitized_body(text.body, body_field)


def _text(lang: str, sent: tuple[str, str, str], origin: str, hashed: str, now: str) -> ArticleText:
    title, summary, body = sent
    return ArticleText(
        type=TEXT_TYPE,
        lang=lang,
        title=title,
        summary=summary,
        body=body,
        slug=slugify(title, lang),
        origin=origin,
        source_hash=hashed,
        updated_at=now,
    )


def _write(change: Change) -> None:
    """One transaction; on a slug collision, retry with the next candidate for that language."""
    meta, texts = change.meta, change.texts
    change.also.append(("thread", comments.mirror_article(dict(meta))))
    base = {lang: texts[lang]["slug"] for lang in change.new_slugs}
    attempts = dict.fromkeys(change.new_slugs, 0)
    for _ in range(SUFFIXED_ATTEMPTS + 1):
        for lang in change.new_slugs:
            texts[lang]["slug"] = candidate(base[lang], attempts[lang], meta["id"])
        meta["cards"] = {lang: _card(text) for lang, text in texts.items()}
        cancelled = store.write(change, categories.count_changes(meta, change.old.meta if change.old else None))
        if cancelled is None:
            if categories.scheduled(meta):  # housekeeping: entries of articles gone live since
                categories.forget_gone_live(meta["category"])
            return
        _raise_for(cancelled.failed, change)
        for role in cancelled.failed:
            attempts[role.removeprefix("slug:")] += 1
    raise Conflict("Could not find a free slug; change the title.")


def _card(text: ArticleText) -> Card:
    return Card(title=text["title"], summary=text["summary"], slug=text["slug"], origin=text["origin"])


def _raise_for(failed: list[str], change: Change) -> None:
    meta = change.meta
    if any(role.startswith("media") for role in failed):
        raise Conflict("An image of the article changed while you were saving; try again.", code="concurrent_change")
    if "meta" in failed:
        if change.old is None:
            raise Conflict(f"Article {meta['id']} already exists.", code="article_exists")
        raise PreconditionFailed("The article changed while you were saving; reload and reapply your change.")
    if "category" in failed:
        raise BadRequest(
            f"Category {meta['category']!r} does not exist; create it with PUT /categories/{meta['category']} first.",
            [field_error("category", "is not a known category")],
            code="unknown_category",
        )
    if not failed or any(not role.startswith("slug:") for role in failed):
        raise Conflict("The article could not be saved; try again.")
