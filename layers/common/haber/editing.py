"""Writing articles: create, update with optimistic concurrency, unpublish.

Every write is one DynamoDB transaction; an update reads the item collection first.
Slugs are claimed in the same transaction, so they are unique per language.
"""

import re
from typing import Any

from botocore.exceptions import ClientError

from haber import keys, languages
from haber.articles import check_id, content_hash, load, now_iso
from haber.db import table
from haber.errors import BadRequest, Conflict, NotFound, PreconditionFailed, PreconditionRequired, field_error
from haber.html import sanitize, text_of
from haber.models import ArticleCreate, ArticleUpdate, Rendition, iso
from haber.slugs import slugify, with_suffix

SLUG_ATTEMPTS = 3  # title, title-2, title-3; then title-<id prefix>, which is free
EDITABLE = ("category", "tags", "author", "published_at", "status", "comments_open")
_IF_MATCH = re.compile(r'^\s*(?:W/)?"?v?(\d+)')


def expected_version(if_match: str | None) -> int:
    if not if_match:
        raise PreconditionRequired("Send If-Match with the article's ETag or version to update it.")
    match = _IF_MATCH.match(if_match)
    if not match:
        raise PreconditionFailed("If-Match does not name a version of this article.")
    return int(match.group(1))


def create(
    data: ArticleCreate, editor: str, article_id: str | None = None
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    article_id = article_id or keys.new_article_id()
    languages.check(data.source_lang, "source_lang")
    _check_translations(data.translations, data.source_lang)
    now = now_iso()
    source = _text(data, data.source_lang, "body")
    source_hash = content_hash(*source)
    renditions = {data.source_lang: _rendition(data.source_lang, source, "source", source_hash, now)}
    for lang, text in data.translations.items():
        renditions[lang] = _rendition(lang, _text(text, lang, f"translations.{lang}.body"), "human", source_hash, now)
    meta = {
        "pk": keys.article(article_id),
        "sk": keys.META,
        "type": "article",
        "id": article_id,
        "source_lang": data.source_lang,
        "category": data.category,
        "tags": list(dict.fromkeys(data.tags)),
        "author": data.author,
        "published_at": iso(data.published_at) if data.published_at else now,
        "created_at": now,
        "updated_at": now,
        "created_by": editor,
        "updated_by": editor,
        "status": "published",
        "comments_open": data.comments_open,
        "version": 1,
        "source_hash": source_hash,
    }
    _write(meta, renditions, changed=set(renditions), new_slugs=set(renditions), old=None)
    return meta, renditions


def update(
    article_id: str, data: ArticleUpdate, editor: str, version: int | None
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Apply `data`; `version` is the one the editor saw (None: whatever is current)."""
    old, renditions, tag_items = load(check_id(article_id), with_tags=True)
    if old is None:
        raise NotFound(f"Article {article_id} does not exist.", code="article_not_found")
    if version is not None and version != old["version"]:
        raise PreconditionFailed(
            f"The article is at version {old['version']}, not {version}; reload and reapply your change."
        )
    _check_translations(data.translations, old["source_lang"])
    now = now_iso()
    meta = {**old, "updated_at": now, "updated_by": editor, "version": old["version"] + 1}
    for field in ("category", "author", "status", "comments_open"):
        if getattr(data, field) is not None:
            meta[field] = getattr(data, field)
    if data.tags is not None:
        meta["tags"] = list(dict.fromkeys(data.tags))
    if data.published_at is not None:
        meta["published_at"] = iso(data.published_at)
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
        meta["source_hash"] = content_hash(*source)
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
    old["tag_items"] = tag_items
    _write(meta, renditions, changed, new_slugs, old)
    return meta, renditions


def unpublish(article_id: str, editor: str) -> None:
    for _ in range(3):  # retried only when a concurrent edit moved the version on
        try:
            update(article_id, ArticleUpdate(status="unpublished"), editor, version=None)
            return
        except PreconditionFailed:
            continue
    raise Conflict("The article is being edited right now; try again.")


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
    if not text_of(body):
        raise BadRequest(
            "The body has no text left once disallowed markup is removed.", [field_error(field, "has no text")]
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
    renditions: dict[str, dict[str, Any]],
    changed: set[str],
    new_slugs: set[str],
    old: dict[str, Any] | None,
) -> None:
    """One transaction; on a slug collision, retry with the next suffix for that language."""
    base = {lang: renditions[lang]["slug"] for lang in new_slugs}
    attempts = dict.fromkeys(new_slugs, 0)
    for _ in range(SLUG_ATTEMPTS + 1):
        for lang in new_slugs:
            attempt = attempts[lang]
            unique = f"{base[lang][:60]}-{meta['id'][:8]}"
            renditions[lang]["slug"] = with_suffix(base[lang], attempt) if attempt < SLUG_ATTEMPTS else unique
        items, roles = _transaction(meta, renditions, changed, new_slugs, old)
        try:
            table().meta.client.transact_write_items(TransactItems=items)  # type: ignore[arg-type]
            return
        except ClientError as error:
            if error.response["Error"]["Code"] != "TransactionCanceledException":
                raise
            failed = [
                roles[i]
                for i, reason in enumerate(error.response.get("CancellationReasons", []))
                if reason.get("Code") == "ConditionalCheckFailed"
            ]
            _raise_for(failed, meta, old)
            for role in failed:
                attempts[role.removeprefix("slug:")] += 1
    raise Conflict("Could not find a free slug; change the title.")


def _raise_for(failed: list[str], meta: dict[str, Any], old: dict[str, Any] | None) -> None:
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
    renditions: dict[str, dict[str, Any]],
    changed: set[str],
    new_slugs: set[str],
    old: dict[str, Any] | None,
) -> tuple[list[dict[str, Any]], list[str]]:
    name = table().name
    listed = meta["status"] == "published"
    cards = {lang: {k: text[k] for k in ("title", "summary", "slug", "origin")} for lang, text in renditions.items()}
    listing = {
        key: meta[key] for key in ("id", "source_lang", "category", "tags", "author", "published_at", "updated_at")
    }
    sort_key = keys.timeline(meta["published_at"], meta["id"])
    item = {k: v for k, v in meta.items() if k not in ("gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "tag_items")}
    item["cards"] = cards
    if listed:
        item.update(
            gsi1pk=keys.PUBLISHED, gsi1sk=sort_key, gsi2pk=keys.category_index(meta["category"]), gsi2sk=sort_key
        )
    items: list[dict[str, Any]] = []
    roles: list[str] = []

    def add(role: str, operation: dict[str, Any]) -> None:
        roles.append(role)
        items.append(operation)

    if old is None:
        add("meta", {"Put": {"TableName": name, "Item": item, "ConditionExpression": "attribute_not_exists(pk)"}})
    else:
        add(
            "meta",
            {
                "Put": {
                    "TableName": name,
                    "Item": item,
                    "ConditionExpression": "version = :seen",
                    "ExpressionAttributeValues": {":seen": old["version"]},
                }
            },
        )
    for lang in sorted(changed):
        add(
            f"rendition:{lang}",
            {"Put": {"TableName": name, "Item": {"pk": meta["pk"], "sk": keys.rendition(lang), **renditions[lang]}}},
        )
    for lang in sorted(new_slugs):
        claim = {**keys.slug(lang, renditions[lang]["slug"]), "article_id": meta["id"], "lang": lang}
        add(
            f"slug:{lang}",
            {"Put": {"TableName": name, "Item": claim, "ConditionExpression": "attribute_not_exists(pk)"}},
        )
    old_tags = {t["sk"].removeprefix("TAG#") for t in (old or {}).get("tag_items", [])}
    new_tags = set(meta["tags"]) if listed else set()
    for tag_name in sorted(old_tags - new_tags):
        add(f"untag:{tag_name}", {"Delete": {"TableName": name, "Key": {"pk": meta["pk"], "sk": keys.tag(tag_name)}}})
    for tag_name in sorted(new_tags):
        tag_item = {
            "pk": meta["pk"],
            "sk": keys.tag(tag_name),
            "gsi1pk": keys.tag(tag_name),
            "gsi1sk": sort_key,
            **listing,
            "cards": cards,
        }
        add(f"tag:{tag_name}", {"Put": {"TableName": name, "Item": tag_item}})
    add("thread", {"Update": _thread_header(name, meta)})
    for category_id, delta in _category_deltas(meta, old).items():
        update: dict[str, Any] = {
            "TableName": name,
            "Key": keys.category(category_id),
            "UpdateExpression": "ADD article_count :delta",
            "ExpressionAttributeValues": {":delta": delta},
        }
        if delta > 0:
            update["ConditionExpression"] = "attribute_exists(pk)"
        add("category" if delta > 0 else f"category-:{category_id}", {"Update": update})
    if old is not None and meta["category"] != old["category"] and not listed:
        add(
            "category",
            {
                "ConditionCheck": {
                    "TableName": name,
                    "Key": keys.category(meta["category"]),
                    "ConditionExpression": "attribute_exists(pk)",
                }
            },
        )
    return items, roles


def _thread_header(name: str, meta: dict[str, Any]) -> dict[str, Any]:
    """The comment thread's header mirrors what comments need to know of the article."""
    return {
        "TableName": name,
        "Key": keys.thread_header(meta["id"]),
        "UpdateExpression": "SET #status = :status, published_at = :published_at, comments_open = :open, "
        "source_lang = :lang, gsi2pk = :thread, gsi2sk = :header, #count = if_not_exists(#count, :zero)",
        "ExpressionAttributeNames": {"#status": "status", "#count": "count"},
        "ExpressionAttributeValues": {
            ":status": meta["status"],
            ":published_at": meta["published_at"],
            ":open": meta.get("comments_open", True),
            ":lang": meta["source_lang"],
            ":thread": keys.comment_thread(meta["id"]),
            ":header": keys.THREAD_HEADER,
            ":zero": 0,
        },
    }


def _category_deltas(meta: dict[str, Any], old: dict[str, Any] | None) -> dict[str, int]:
    deltas: dict[str, int] = {}
    if old is not None and old["status"] == "published":
        deltas[old["category"]] = -1
    if meta["status"] == "published":
        deltas[meta["category"]] = deltas.get(meta["category"], 0) + 1
    return {category_id: delta for category_id, delta in deltas.items() if delta}
