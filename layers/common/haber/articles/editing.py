"""Writing articles: create, update with optimistic concurrency, unpublish — the rules.

Every write is one DynamoDB transaction (store.write); an update reads the item collection
first. Slugs are claimed in the same transaction, so they are unique per language.
"""

import hashlib
import json
from collections.abc import Callable

from haber import comments, media
from haber.articles import categories, checks, directory, review, revisions, snapshots, store
from haber.articles.models import ArticleCreate, ArticleUpdate, CorrectionCreate, Rendition
from haber.articles.records import TEXT_TYPE, Article, ArticleText, Change, CorrectionItem, Meta, Snapshot
from haber.articles.slugs import SUFFIXED_ATTEMPTS, candidate, slugify
from haber.articles.status import next_status, slugs_claimed
from haber.platform import clock, languages, publication
from haber.platform.errors import BadRequest, Conflict, NotFound, PreconditionFailed, field_error
from haber.platform.ids import check_article_id, new_article_id

EDITABLE = ("category", "tags", "authors", "author", "published_at", "status", "comments_open", "image")
RESTORED = ("category", "tags", "authors", "author", "comments_open", "image")
SAVE_ATTEMPTS = 3  # a machine translation landing meanwhile moves the revision on: read again


class _Raced(Exception):
    """Another write (a machine translation) went in between the read and the write."""


def source_hash(title: str, summary: str, body: str) -> str:
    """What a translation was made from: a hash of the source text it translates."""
    return hashlib.sha256(json.dumps([title, summary, body], ensure_ascii=False).encode()).hexdigest()[:16]


def create(
    data: ArticleCreate,
    editor: str,
    article_id: str | None = None,
    editor_name: str | None = None,
    roles: frozenset[str] = checks.EDITOR,
) -> Article:
    checks.role_allows(roles, None, data.status, set())
    article_id = article_id or new_article_id()
    languages.check(data.source_lang, "source_lang")
    if not data.author and not data.authors:
        raise BadRequest(
            "An article needs a byline: `author` (text) or `authors` (ids).",
            [field_error("body.author", "is required unless authors names who wrote it")],
            code="validation_error",
        )
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
        authors=list(dict.fromkeys(data.authors)),
        author=data.author or "",
        published_at=clock.iso(data.published_at) if data.published_at else now,
        created_at=now,
        updated_at=now,
        created_by=editor,
        updated_by=editor,
        status="draft",
        comments_open=data.comments_open,
        version=1,
        source_hash=hashed,
        cards={},
        revision=1,
        slugs_claimed=False,
    )
    meta["status"] = next_status(meta, data.status, data.published_at is not None, now)
    meta["slugs_claimed"] = meta["status"] != "draft"
    if data.image:
        meta["image"] = data.image
    claimed = set(texts) if meta["slugs_claimed"] else set()
    change = Change(meta, texts, changed=set(texts), new_slugs=claimed, action="create", by=editor, by_name=editor_name)
    _use_images(change, before=set())
    _write(change)
    return Article(meta, texts, change.images)


def update(
    article_id: str,
    data: ArticleUpdate,
    editor: str,
    version: int | None,
    editor_name: str | None = None,
    roles: frozenset[str] = checks.EDITOR,
) -> Article:
    """Apply `data`; `version` is the one the editor saw (None: whatever is current)."""
    return _save(article_id, version, editor_name, lambda old: _updated(old, data, editor, roles))


def approve(article_id: str, lang: str, editor: str, version: int | None, editor_name: str | None = None) -> Article:
    """Mark a language's current machine translation reviewed (approving it again writes
    nothing); editing it by hand makes it human instead."""
    languages.check(lang, "lang")
    return _save(article_id, version, editor_name, lambda old: _approved(old, lang, editor))


def restore(article_id: str, number: int, editor: str, version: int | None, editor_name: str | None = None) -> Article:
    """The article's texts and metadata as revision `number` left them, as a new revision.
    Its status and publication time stay as they are (publishing is a decision of its own),
    and so do published slugs: links keep working."""
    was = revisions.snapshot(check_article_id(article_id), number)
    return _save(article_id, version, editor_name, lambda old: _restored(old, was, editor))


def correct(
    article_id: str, data: CorrectionCreate, editor: str, version: int | None = None, editor_name: str | None = None
) -> Article:
    """Add a correction: shown on the article in every language (translated by the worker),
    and its modification time moves on."""
    languages.check(data.lang, "lang")
    return _save(article_id, version, editor_name, lambda old: _corrected(old, data, editor))


def _corrected(old: Article, data: CorrectionCreate, editor: str) -> Change:
    state = publication.status(old.meta)
    if state != "published":  # a correction tells readers what they read was wrong
        raise Conflict(
            f"The article is {state}: only a published article is corrected; edit it instead.",
            [field_error("id", f"is {state}, not published")],
            code="not_published",
        )
    now = clock.now_iso()
    meta = _next_meta(old.meta, editor, now)
    correction = CorrectionItem(
        at=now, lang=data.lang, by=editor, texts={data.lang: {"text": data.text.strip(), "origin": "source"}}
    )
    change = Change(meta, dict(old.texts), set(), set(), old=old, action="correction", by=editor)
    change.images = old.images
    change.also.append(store.correction_put(meta["id"], correction, new_article_id()[:6]))
    change.corrections = [*old.corrections, correction]
    return change


def _save(
    article_id: str, version: int | None, editor_name: str | None, build: Callable[[Article], Change | None]
) -> Article:
    check_article_id(article_id)
    for _ in range(SAVE_ATTEMPTS):
        old = _current(article_id, version)
        change = build(old)
        if change is None:
            return old  # nothing to do: a repeated PUT or DELETE writes nothing
        change.by_name = editor_name
        try:
            _write(change)
        except _Raced:
            continue
        return Article(change.meta, change.texts, change.images, old.tag_entries, change.corrections or old.corrections)
    raise Conflict("The article is being written right now; try again.", code="concurrent_change")


def _approved(old: Article, lang: str, editor: str) -> Change | None:
    text = old.texts.get(lang)
    if text is None or review.of_text(text, old.meta) not in ("machine", "reviewed"):
        state = review.of_text(text, old.meta) if text else "missing"
        raise Conflict(
            f"The {lang} text is {state}; only a current machine translation can be approved.",
            [field_error("lang", f"is {state}, not a current machine translation")],
            code="not_machine_translation",
        )
    if "reviewed_by" in text:
        return None
    now = clock.now_iso()
    meta = _next_meta(old.meta, editor, now)
    texts = {**old.texts, lang: ArticleText(**{**text, "reviewed_by": editor, "reviewed_at": now})}
    change = Change(meta, texts, {lang}, set(), old=old, action="approve", by=editor)
    change.images = old.images
    return change


def _restored(old: Article, was: Snapshot, editor: str) -> Change | None:
    now = clock.now_iso()
    meta = _next_meta(old.meta, editor, now)
    for name in RESTORED:
        if name in was["meta"]:
            meta[name] = was["meta"][name]  # type: ignore[literal-required]
        else:
            meta.pop(name, None)  # type: ignore[misc]
    texts = dict(old.texts)
    claimed = slugs_claimed(old.meta)
    for lang, text in was["texts"].items():
        keep_slug = lang in old.texts and claimed
        texts[lang] = ArticleText(**{**text, "slug": old.texts[lang]["slug"]}) if keep_slug else text
    source = texts[meta["source_lang"]]
    meta["source_hash"] = source_hash(source["title"], source["summary"], source["body"])
    texts[meta["source_lang"]] = ArticleText(**{**source, "source_hash": meta["source_hash"], "origin": "source"})
    changed = {
        lang for lang, text in texts.items() if snapshots.content(old.texts.get(lang)) != snapshots.content(text)
    }
    if not changed and all(meta.get(name) == old.meta.get(name) for name in RESTORED):
        return None
    new_slugs = {lang for lang in changed if lang not in old.texts} if claimed else set()
    change = Change(meta, texts, changed, new_slugs, old=old, action="restore", by=editor)
    change.images = old.images
    _use_images(change, before=set(old.meta.get("media") or []))
    return change


def _next_meta(old: Meta, editor: str, now: str) -> Meta:
    meta = Meta(**{**old, "updated_at": now, "updated_by": editor, "version": old["version"] + 1})
    meta["revision"] = old.get("revision", 0) + 1
    return meta


def _current(article_id: str, version: int | None) -> Article:
    old = store.load(article_id, with_tags=True)
    if old is None:
        raise NotFound(f"Article {article_id} does not exist.", code="article_not_found")
    if version is not None and version != old.meta["version"]:
        raise PreconditionFailed(
            f"The article is at version {old.meta['version']}, not {version}; reload and reapply your change."
        )
    return old


def _updated(old: Article, data: ArticleUpdate, editor: str, roles: frozenset[str]) -> Change | None:
    checks.role_allows(roles, old.meta, data.status, set(data.model_fields_set))
    checks.translation_languages(list(data.translations), old.meta["source_lang"])
    now = clock.now_iso()
    meta = _changed_meta(old.meta, data, editor, now)
    claimed_before = slugs_claimed(old.meta)
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
        if not claimed_before:  # a draft's slug follows its title until it is published
            texts[source_lang]["slug"] = slugify(title, source_lang)
        changed.add(source_lang)
    for lang, sent in data.translations.items():
        text = _text(lang, _sent(sent, f"translations.{lang}.body"), "human", meta["source_hash"], now)
        if lang in texts and claimed_before:  # a slug, once published, stays: links keep working
            text["slug"] = texts[lang]["slug"]
        texts[lang] = text
        changed.add(lang)
    if not changed and all(meta.get(name) == old.meta.get(name) for name in EDITABLE):
        return None
    new_slugs = set(data.translations) - set(old.texts) if claimed_before else set()
    if not claimed_before and slugs_claimed(meta):  # first published: every language claims its slug
        changed, new_slugs = set(texts), set(texts)
    fields = [name for name in EDITABLE if meta.get(name) != old.meta.get(name)]
    action = _action(old.meta, meta, changed, fields)
    change = Change(meta, texts, changed, new_slugs, old=old, action=action, by=editor)
    change.images = old.images
    _use_images(change, before=set(old.meta.get("media") or []))
    return change


def _action(old: Meta, meta: Meta, changed: set[str], fields: list[str]) -> str:
    """What a revision says an editor's write did."""
    if "status" in fields or (meta["status"] == "published" and "published_at" in fields):
        return {"draft": "draft", "unpublished": "unpublish"}.get(meta["status"]) or (
            "schedule" if meta["published_at"] > meta["updated_at"] else "publish"
        )
    if changed and meta["source_lang"] not in changed and not fields:
        return "translation"
    return "update"


def _changed_meta(old: Meta, data: ArticleUpdate, editor: str, now: str) -> Meta:
    meta = _next_meta(old, editor, now)
    for name in ("category", "author", "comments_open"):
        if getattr(data, name) is not None:
            meta[name] = getattr(data, name)
    if data.tags is not None:
        meta["tags"] = list(dict.fromkeys(data.tags))
    if data.authors is not None:
        authors = list(dict.fromkeys(data.authors))
        if data.author is None and authors and authors != old.get("authors", []):
            meta["author"] = ""  # the byline follows the authors named (directory.attach)
        meta["authors"] = authors
    if data.published_at is not None:
        meta["published_at"] = clock.iso(data.published_at)
    meta["status"] = next_status(meta, data.status, data.published_at is not None, now, old)
    if meta["status"] == "unpublished" != old["status"]:
        meta["takedowns"] = old.get("takedowns", 0) + 1
    if meta["status"] != "draft":
        meta["slugs_claimed"] = True
    if "image" in data.model_fields_set:  # null takes the lead image away
        meta.pop("image", None)
        if data.image:
            meta["image"] = data.image
    return meta


def unpublish(article_id: str, editor: str, editor_name: str | None = None) -> None:
    for _ in range(3):  # retried only when a concurrent edit moved the version on
        try:
            update(article_id, ArticleUpdate(status="unpublished"), editor, version=None, editor_name=editor_name)
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
    if directory.copies_may_be_stale(meta, change.old.meta if change.old else None):
        directory.attach(meta)
    change.also.append(("thread", comments.mirror_article(dict(meta))))
    base = {lang: texts[lang]["slug"] for lang in change.new_slugs}
    attempts = dict.fromkeys(change.new_slugs, 0)
    for _ in range(SUFFIXED_ATTEMPTS + 1):
        for lang in change.new_slugs:
            texts[lang]["slug"] = candidate(base[lang], attempts[lang], meta["id"])
        meta["cards"] = {lang: review.card_of(text) for lang, text in texts.items()}
        cancelled = store.write(change, categories.count_changes(meta, change.old.meta if change.old else None))
        if cancelled is None:
            if categories.scheduled(meta):  # housekeeping: entries of articles gone live since
                categories.forget_gone_live(meta["category"])
            return
        _raise_for(cancelled.failed, change)
        for role in cancelled.failed:
            attempts[role.removeprefix("slug:")] += 1
    raise Conflict("Could not find a free slug; change the title.")


def _raise_for(failed: list[str], change: Change) -> None:
    meta = change.meta
    if any(role.startswith("media") for role in failed):
        raise Conflict("An image of the article changed while you were saving; try again.", code="concurrent_change")
    if "meta" in failed or "revision" in failed:
        if change.old is None:
            raise Conflict(f"Article {meta['id']} already exists.", code="article_exists")
        raise _Raced
    if "category" in failed:
        raise BadRequest(
            f"Category {meta['category']!r} does not exist; create it with PUT /categories/{meta['category']} first.",
            [field_error("category", "is not a known category")],
            code="unknown_category",
        )
    if not failed or any(not role.startswith("slug:") for role in failed):
        raise Conflict("The article could not be saved; try again.")
