"""Writing articles: create, update with optimistic concurrency, unpublish.

Every write is one DynamoDB transaction; an update reads the item collection first.
Slugs are claimed in the same transaction, so they are unique per language.
"""

import hashlib
import json
import re
from typing import Any

from haber import comments, media
from haber.articles import categories
from haber.articles.models import ArticleCreate, ArticleUpdate, Rendition
from haber.articles.reading import Renditions, load
from haber.articles.sanitizing import sanitize, text_of
from haber.articles.slugs import SUFFIXED_ATTEMPTS, candidate, slugify
from haber.platform import clock, keys, languages
from haber.platform.db import Operation, transact
from haber.platform.errors import (
    BadRequest,
    Conflict,
    NotFound,
    PayloadTooLarge,
    PreconditionFailed,
    PreconditionRequired,
    field_error,
)
from haber.platform.ids import check_article_id, new_article_id

# A rendition item must stay under DynamoDB's 400 KB with room for translations that run longer.
MAX_STORED_BODY_BYTES = 200_000
EDITABLE = ("category", "tags", "author", "published_at", "status", "comments_open", "image")
TRANSIENT = ("tag_items", "images", "media_writes")  # read or prepared beside META, never stored in it
_IF_MATCH = re.compile(r'^\s*(?:W/)?"?v?(\d+)')


def expected_version(article_id: str, if_match: str | None) -> int:
    """The version an update's If-Match names (the article's id is checked first: a bad id
    is a 400 whatever the header says)."""
    check_article_id(article_id)
    if not if_match:
        raise PreconditionRequired("Send If-Match with the article's ETag or version to update it.")
    match = _IF_MATCH.match(if_match)
    if not match:
        raise PreconditionFailed("If-Match does not name a version of this article.")
    return int(match.group(1))


def source_hash(title: str, summary: str, body: str) -> str:
    """What a translation was made from: a hash of the source text it translates."""
    return hashlib.sha256(json.dumps([title, summary, body], ensure_ascii=False).encode()).hexdigest()[:16]


def create(
    data: ArticleCreate, editor: str, article_id: str | None = None
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    article_id = article_id or new_article_id()
    languages.check(data.source_lang, "source_lang")
    _check_translations(data.translations, data.source_lang)
    now = clock.now_iso()
    source = _text(data, data.source_lang, "body")
    text_hash = source_hash(*source)
    renditions = {data.source_lang: _rendition(data.source_lang, source, "source", text_hash, now)}
    for lang, text in data.translations.items():
        renditions[lang] = _rendition(lang, _text(text, lang, f"translations.{lang}.body"), "human", text_hash, now)
    meta = {
        "pk": keys.article(article_id),
        "sk": keys.META,
        "type": "article",
        "id": article_id,
        "source_lang": data.source_lang,
        "category": data.category,
        "tags": list(dict.fromkeys(data.tags)),
        "author": data.author,
        "published_at": clock.iso(data.published_at) if data.published_at else now,
        "created_at": now,
        "updated_at": now,
        "created_by": editor,
        "updated_by": editor,
        "status": "published",
        "comments_open": data.comments_open,
        "version": 1,
        "source_hash": text_hash,
    }
    if data.image:
        meta["image"] = data.image
    _use_images(meta, renditions, before=set())
    _write(meta, renditions, changed=set(renditions), new_slugs=set(renditions), old=None)
    return meta, renditions


def update(
    article_id: str, data: ArticleUpdate, editor: str, version: int | None
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Apply `data`; `version` is the one the editor saw (None: whatever is current)."""
    old, renditions, tag_items = load(check_article_id(article_id), with_tags=True)
    if old is None:
        raise NotFound(f"Article {article_id} does not exist.", code="article_not_found")
    if version is not None and version != old["version"]:
        raise PreconditionFailed(
            f"The article is at version {old['version']}, not {version}; reload and reapply your change."
        )
    _check_translations(data.translations, old["source_lang"])
    now = clock.now_iso()
    meta = _changed_meta(old, data, editor, now)
    source_lang = old["source_lang"]
    current = renditions[source_lang]
    source = (
        data.title or current["title"],
        data.summary or current["summary"],
        sanitize(data.body) if data.body else current["body"],
    )
    if data.body:
        _check_body(source[2], "body")
    changed: set[str] = set()
    new_slugs = set(data.translations) - set(renditions)
    if source != (current["title"], current["summary"], current["body"]):
        meta["source_hash"] = source_hash(*source)
        renditions[source_lang] = {**current, **_fields(source), "source_hash": meta["source_hash"], "updated_at": now}
        changed.add(source_lang)
    for lang, text in data.translations.items():
        rendition = _rendition(lang, _text(text, lang, f"translations.{lang}.body"), "human", meta["source_hash"], now)
        if lang in renditions:  # a slug, once published, stays: links keep working
            rendition["slug"] = renditions[lang]["slug"]
        renditions[lang] = rendition
        changed.add(lang)
    if not changed and all(meta.get(field) == old.get(field) for field in EDITABLE):
        return old, renditions  # nothing to do: a repeated PUT or DELETE writes nothing
    _use_images(meta, renditions, before=set(old.get("media") or []))
    old["tag_items"] = tag_items
    _write(meta, renditions, changed, new_slugs, old)
    return meta, renditions


def _changed_meta(old: dict[str, Any], data: ArticleUpdate, editor: str, now: str) -> dict[str, Any]:
    meta = {**old, "updated_at": now, "updated_by": editor, "version": old["version"] + 1}
    for field in ("category", "author", "status", "comments_open"):
        if getattr(data, field) is not None:
            meta[field] = getattr(data, field)
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


def _use_images(meta: dict[str, Any], renditions: Renditions, before: set[str]) -> None:
    """The lead image and every figure of every language's body, checked to be ready and
    described for readers; the writes recording their use go with the article's transaction."""
    wanted = {meta["image"]: "image"} if meta.get("image") else {}
    for lang, text in renditions.items():
        for media_id in media.figure_ids(text["body"]):
            wanted.setdefault(media_id, "body" if lang == meta["source_lang"] else f"translations.{lang}.body")
    if set(wanted) == before:
        meta["media_writes"] = []
        return
    meta["images"] = media.described(wanted)
    meta["media"] = sorted(wanted)
    if not wanted:
        meta.pop("media")
    meta["media_writes"] = media.operations(meta["id"], before, meta["images"])


def _check_translations(translations: dict[str, Rendition], source_lang: str) -> None:
    for lang in translations:
        languages.check(lang, f"translations.{lang}")
        if lang == source_lang:
            raise BadRequest(
                "A translation cannot be in the article's source language.",
                [field_error(f"translations.{lang}", "is the source language; edit title, summary and body instead")],
            )


def _text(text: Rendition, lang: str, body_field: str) -> tuple[str, str, str]:
    body = sanitize(text.body)
    _check_body(body, body_field)
    return text.title, text.summary, body


def _check_body(body: str, field: str) -> None:
    """What is stored is the sanitized body, which can be longer than what was sent (every
    "&" becomes "&amp;"): its size is checked after sanitizing."""
    if not text_of(body):
        raise BadRequest(
            "The body has no text left once disallowed markup is removed.", [field_error(field, "has no text")]
        )
    size = len(body.encode())
    if size > MAX_STORED_BODY_BYTES:
        raise PayloadTooLarge(
            f"The body is {size} bytes once sanitized; the limit is {MAX_STORED_BODY_BYTES}.",
            [field_error(field, f"is {size} bytes once sanitized (at most {MAX_STORED_BODY_BYTES})")],
        )


def _fields(text: tuple[str, str, str]) -> dict[str, str]:
    return dict(zip(("title", "summary", "body"), text, strict=True))


def _rendition(lang: str, text: tuple[str, str, str], origin: str, source_hash: str, now: str) -> dict[str, Any]:
    return {
        "type": "rendition",
        "lang": lang,
        **_fields(text),
        "slug": slugify(text[0], lang),
        "origin": origin,
        "source_hash": source_hash,
        "updated_at": now,
    }


def _write(
    meta: dict[str, Any],
    renditions: Renditions,
    changed: set[str],
    new_slugs: set[str],
    old: dict[str, Any] | None,
) -> None:
    """One transaction; on a slug collision, retry with the next candidate for that language."""
    base = {lang: renditions[lang]["slug"] for lang in new_slugs}
    attempts = dict.fromkeys(new_slugs, 0)
    for _ in range(SUFFIXED_ATTEMPTS + 1):
        for lang in new_slugs:
            renditions[lang]["slug"] = candidate(base[lang], attempts[lang], meta["id"])
        cancelled = transact(_transaction(meta, renditions, changed, new_slugs, old))
        if cancelled is None:
            if categories.scheduled(meta):  # housekeeping: entries of articles gone live since
                categories.forget_gone_live(meta["category"])
            return
        _raise_for(cancelled.failed, meta, old)
        for role in cancelled.failed:
            attempts[role.removeprefix("slug:")] += 1
    raise Conflict("Could not find a free slug; change the title.")


def _raise_for(failed: list[str], meta: dict[str, Any], old: dict[str, Any] | None) -> None:
    if any(role.startswith("media") for role in failed):
        raise Conflict("An image of the article changed while you were saving; try again.", code="concurrent_change")
    if "meta" in failed:
        if old is None:
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


def _transaction(
    meta: dict[str, Any],
    renditions: Renditions,
    changed: set[str],
    new_slugs: set[str],
    old: dict[str, Any] | None,
) -> list[Operation]:
    listed = meta["status"] == "published"
    cards = {lang: {k: text[k] for k in ("title", "summary", "slug", "origin")} for lang, text in renditions.items()}
    listing = {
        key: meta[key] for key in ("id", "source_lang", "category", "tags", "author", "published_at", "updated_at")
    }
    sort_key = keys.timeline(meta["published_at"], meta["id"])
    item = {k: v for k, v in meta.items() if k not in (*keys.INDEX_KEYS, *TRANSIENT)}
    item["cards"] = cards
    if listed:
        item.update(
            gsi1pk=keys.PUBLISHED, gsi1sk=sort_key, gsi2pk=keys.category_index(meta["category"]), gsi2sk=sort_key
        )
    if old is None:
        operations: list[Operation] = [
            ("meta", {"Put": {"Item": item, "ConditionExpression": "attribute_not_exists(pk)"}})
        ]
    else:
        seen = {"ConditionExpression": "version = :seen", "ExpressionAttributeValues": {":seen": old["version"]}}
        operations = [("meta", {"Put": {"Item": item, **seen}})]
    for lang in sorted(changed):
        rendition = {"pk": meta["pk"], "sk": keys.rendition(lang), **renditions[lang]}
        operations.append((f"rendition:{lang}", {"Put": {"Item": rendition}}))
    for lang in sorted(new_slugs):
        operations.append((f"slug:{lang}", _slug_claim(meta["id"], lang, renditions[lang]["slug"])))
    old_tags = {t["sk"].removeprefix(keys.TAG_PREFIX) for t in (old or {}).get("tag_items", [])}
    new_tags = set(meta["tags"]) if listed else set()
    for tag_name in sorted(old_tags - new_tags):
        operations.append((f"untag:{tag_name}", {"Delete": {"Key": {"pk": meta["pk"], "sk": keys.tag(tag_name)}}}))
    for tag_name in sorted(new_tags):
        tag_item = {
            "pk": meta["pk"],
            "sk": keys.tag(tag_name),
            "gsi1pk": keys.tag(tag_name),
            "gsi1sk": sort_key,
            **listing,
            "cards": cards,
        }
        operations.append((f"tag:{tag_name}", {"Put": {"Item": tag_item}}))
    operations.append(("thread", comments.mirror_article(meta)))
    operations += meta.get("media_writes") or []
    for category_id, update in categories.count_changes(meta, old).items():
        role = "category" if category_id == meta["category"] else f"category:{category_id}"
        operations.append((role, {"Update": {"Key": keys.category(category_id), **update}}))
    if old is not None and meta["category"] != old["category"] and not listed:
        check = {"Key": keys.category(meta["category"]), "ConditionExpression": "attribute_exists(pk)"}
        operations.append(("category", {"ConditionCheck": check}))
    return operations


def _slug_claim(article_id: str, lang: str, slug: str) -> dict[str, Any]:
    claim = {**keys.slug(lang, slug), "article_id": article_id, "lang": lang}
    return {"Put": {"Item": claim, "ConditionExpression": "attribute_not_exists(pk)"}}


# -- machine translations ------------------------------------------------------------------


def save_machine_rendition(
    meta: dict[str, Any], tag_items: list[dict[str, Any]], rendition: dict[str, Any], new_slug: bool, force: bool
) -> str:
    """Store a machine translation in one transaction with its slug claim and the listing
    cards. Returns "translated", "human" (an editor's translation arrived meanwhile and
    wins, unless `force`) or "outdated" (the source changed meanwhile; its own stream
    record follows)."""
    lang, base = rendition["lang"], rendition["slug"]
    rendition["body"] = sanitize(rendition["body"])  # a provider's answer is input like any other
    card = {field: rendition[field] for field in ("title", "summary", "slug", "origin")}
    for attempt in range(SUFFIXED_ATTEMPTS + 1):
        if new_slug:
            rendition["slug"] = card["slug"] = candidate(base, attempt, meta["id"])
        put: dict[str, Any] = {"Item": {"pk": meta["pk"], "sk": keys.rendition(lang), **rendition}}
        if not force:
            put["ConditionExpression"] = "attribute_not_exists(pk) OR origin <> :human"
            put["ExpressionAttributeValues"] = {":human": "human"}
        operations: list[Operation] = [("rendition", {"Put": put})]
        if new_slug:
            operations.append(("slug", _slug_claim(meta["id"], lang, rendition["slug"])))
        cards = {"UpdateExpression": "SET cards.#lang = :card", "ExpressionAttributeNames": {"#lang": lang}}
        operations.append(
            (
                "source",
                {
                    "Update": {
                        "Key": keys.meta(meta["id"]),
                        **cards,
                        "ConditionExpression": "source_hash = :hash",
                        "ExpressionAttributeValues": {":card": card, ":hash": meta["source_hash"]},
                    }
                },
            )
        )
        for tag_item in tag_items:
            key = {"pk": tag_item["pk"], "sk": tag_item["sk"]}
            operations.append(("tag", {"Update": {"Key": key, **cards, "ExpressionAttributeValues": {":card": card}}}))
        cancelled = transact(operations)
        if cancelled is None:
            return "translated"
        if "rendition" in cancelled.failed:
            return "human"
        if "source" in cancelled.failed:
            return "outdated"
        if "slug" not in cancelled.failed:
            raise Conflict("The translation could not be saved; it will be retried.")
    raise Conflict(f"No free slug for {base!r}.")
