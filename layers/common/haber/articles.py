"""Reading articles: one document in a language, listings, related articles, slugs.

Each read is one DynamoDB request (by-slug and related: see docs/data-model.md).
"""

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from boto3.dynamodb.conditions import Attr, Key

from haber import cursor, i18n, keys
from haber.db import plain, table
from haber.errors import BadRequest, NotFound, field_error
from haber.languages import supported

RELATED_TAGS = 3


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_id(article_id: str) -> str:
    if not keys.ARTICLE_ID.match(article_id):
        raise BadRequest(
            "Article ids are 16 characters of a-z and 2-7.",
            [field_error("id", "is not a valid article id")],
            code="invalid_id",
        )
    return article_id


def content_hash(title: str, summary: str, body: str) -> str:
    return hashlib.sha256(json.dumps([title, summary, body], ensure_ascii=False).encode()).hexdigest()[:16]


def load(
    article_id: str, with_tags: bool = False
) -> tuple[dict[str, Any] | None, dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The article's item collection: (META, renditions by language, tag items)."""
    condition: Any = Key("pk").eq(keys.article(article_id))
    if not with_tags:  # LANG#* sorts before META, TAG#* after it
        condition = condition & Key("sk").between("LANG#", keys.META)
    items: list[dict[str, Any]] = []
    request: dict[str, Any] = {"KeyConditionExpression": condition}
    while True:
        response = table().query(**request)
        items += response["Items"]
        if "LastEvaluatedKey" not in response:
            break
        request["ExclusiveStartKey"] = response["LastEvaluatedKey"]
    meta = next((item for item in items if item["sk"] == keys.META), None)
    renditions = {item["lang"]: item for item in items if item["sk"].startswith("LANG#")}
    tags = [item for item in items if item["sk"].startswith("TAG#")]
    return plain(meta), plain(renditions), tags


def is_public(meta: dict[str, Any] | None) -> bool:
    return bool(meta) and meta["status"] == "published" and meta["published_at"] <= now_iso()  # type: ignore[index]


def get(article_id: str, lang: str) -> dict[str, Any]:
    meta, renditions, _ = load(check_id(article_id))
    if not is_public(meta):
        raise NotFound(f"Article {article_id} does not exist or is not published.", code="article_not_found")
    assert meta is not None
    return document(meta, renditions, lang)


def get_by_slug(lang: str, slug: str) -> dict[str, Any]:
    claim = table().get_item(Key=keys.slug(lang, slug)).get("Item")
    if not claim:
        raise NotFound(f"No article has the {lang} slug {slug!r}.", code="article_not_found")
    return get(str(claim["article_id"]), lang)


def document(meta: dict[str, Any], renditions: dict[str, dict[str, Any]], requested: str) -> dict[str, Any]:
    served = requested if requested in renditions else meta["source_lang"]
    text = renditions[served]
    translation: dict[str, Any] = {"origin": text["origin"]}
    if text["origin"] != "source":
        translation["stale"] = text["source_hash"] != meta["source_hash"]
        if text.get("provider"):
            translation["provider"] = text["provider"]
    order = {code: position for position, code in enumerate(supported())}
    return {
        "id": meta["id"],
        "lang": served,
        "requested_lang": requested,
        "source_lang": meta["source_lang"],
        "title": text["title"],
        "summary": text["summary"],
        "body": text["body"],
        "slug": text["slug"],
        "category": meta["category"],
        "tags": meta["tags"],
        "author": meta["author"],
        "published_at": meta["published_at"],
        "updated_at": meta["updated_at"],
        "status": meta["status"],
        "comments_open": meta.get("comments_open", True),
        "version": meta["version"],
        "translation": translation,
        "display": {
            "published": i18n.moment(meta["published_at"], requested),
            "updated": i18n.moment(meta["updated_at"], requested),
        },
        "alternates": [
            {
                "lang": code,
                "slug": renditions[code]["slug"],
                "path": f"/articles/by-slug/{code}/{renditions[code]['slug']}",
            }
            for code in sorted(renditions, key=lambda code: order.get(code, len(order)))
        ],
    }


def card(item: dict[str, Any], requested: str) -> dict[str, Any]:
    """An article as a listing shows it, in the requested language if it has it."""
    cards = item["cards"]
    served = requested if requested in cards else item["source_lang"]
    return {
        "id": item["id"],
        "lang": served,
        "title": cards[served]["title"],
        "summary": cards[served]["summary"],
        "slug": cards[served]["slug"],
        "category": item["category"],
        "tags": item["tags"],
        "author": item["author"],
        "published_at": item["published_at"],
        "translation": {"origin": cards[served]["origin"]},
        "display": {"published": i18n.moment(item["published_at"], requested)},
        "path": f"/articles/by-slug/{served}/{cards[served]['slug']}",
    }


def listing(lang: str, limit: int, category: str | None, tag: str | None, start: str | None) -> dict[str, Any]:
    if tag:
        index, partition = "gsi1", keys.tag(tag)
    elif category:
        index, partition = "gsi2", keys.category_index(category)
    else:
        index, partition = "gsi1", keys.PUBLISHED
    query_id = f"list|{partition}|{category if tag else ''}"
    request: dict[str, Any] = {
        "IndexName": index,
        "KeyConditionExpression": Key(f"{index}pk").eq(partition) & Key(f"{index}sk").lte(f"{now_iso()}#~"),
        "ScanIndexForward": False,
        "Limit": limit + 1,
    }
    if tag and category:
        request["FilterExpression"] = Attr("category").eq(category)
    if start_key := cursor.decode(start, query_id):
        request["ExclusiveStartKey"] = start_key
    response = table().query(**request)
    items = response["Items"]
    if len(items) > limit:
        items = items[:limit]
        last_key = {name: items[-1][name] for name in ("pk", "sk", f"{index}pk", f"{index}sk")}
    else:
        last_key = response.get("LastEvaluatedKey") or {}
    return {"items": [card(plain(item), lang) for item in items], "next_cursor": cursor.encode(last_key, query_id)}


def related(article_id: str, lang: str, limit: int) -> dict[str, Any]:
    """Newest published articles of the same category, topped up by shared tags."""
    meta = plain(table().get_item(Key={"pk": keys.article(check_id(article_id)), "sk": keys.META}).get("Item"))
    if not is_public(meta):
        raise NotFound(f"Article {article_id} does not exist or is not published.", code="article_not_found")
    found: dict[str, dict[str, Any]] = {}
    searches = [("gsi2", keys.category_index(meta["category"]))] + [
        ("gsi1", keys.tag(name)) for name in meta["tags"][:RELATED_TAGS]
    ]
    for index, partition in searches:
        if len(found) >= limit:
            break
        response = table().query(
            IndexName=index,
            KeyConditionExpression=Key(f"{index}pk").eq(partition) & Key(f"{index}sk").lte(f"{now_iso()}#~"),
            ScanIndexForward=False,
            Limit=limit + 1,
        )
        for item in response["Items"]:
            if item["id"] != article_id:
                found.setdefault(str(item["id"]), plain(item))
    newest = sorted(found.values(), key=lambda item: item["published_at"], reverse=True)[:limit]
    return {"items": [card(item, lang) for item in newest]}
