"""Reading articles: one document in a language, listings, related articles, slugs.

Each read is one DynamoDB request (by-slug: one more the first time an instance meets the
slug; related: see docs/data-model.md).
"""

from functools import lru_cache
from typing import Any

from boto3.dynamodb.conditions import Attr, Key

from haber import i18n, media
from haber.articles.sanitizing import text_of
from haber.platform import clock, keys, languages, pages
from haber.platform.db import get, plain, query_all, query_page, table
from haber.platform.errors import NotFound
from haber.platform.ids import check_article_id
from haber.platform.publication import is_live
from haber.platform.settings import get_settings

RELATED_TAGS = 3
SLUGS_KEPT = 10_000  # slug → article id per instance: about 1.5 MB

Renditions = dict[str, dict[str, Any]]


def load(article_id: str, with_tags: bool = False) -> tuple[dict[str, Any] | None, Renditions, list[dict[str, Any]]]:
    """The article's item collection: (META, renditions by language, tag items)."""
    condition: Any = Key("pk").eq(keys.article(article_id))
    if not with_tags:  # renditions sort before META, tag entries after it
        condition = condition & Key("sk").between(keys.RENDITION_PREFIX, keys.META)
    items = query_all(KeyConditionExpression=condition)
    meta = _with_images(items)
    renditions = {item["lang"]: item for item in items if item["sk"].startswith(keys.RENDITION_PREFIX)}
    tags = [item for item in items if item["sk"].startswith(keys.TAG_PREFIX)]
    return meta, renditions, tags


def _with_images(items: list[dict[str, Any]]) -> dict[str, Any] | None:
    """META, with the descriptions of the article's images (their own item) as `images`."""
    meta = next((item for item in items if item["sk"] == keys.META), None)
    if meta is not None:
        described = next((item for item in items if item["sk"] == keys.article_media("")["sk"]), None)
        meta["images"] = described["images"] if described else {}
    return meta


def not_found(article_id: str) -> NotFound:
    return NotFound(f"Article {article_id} does not exist or is not published.", code="article_not_found")


def get_live(article_id: str, lang: str) -> dict[str, Any]:
    meta, renditions, _ = load(check_article_id(article_id))
    if meta is None or not is_live(meta):
        raise not_found(article_id)
    return document(meta, renditions, lang)


def get_by_slug(lang: str, slug: str) -> dict[str, Any]:
    """A live article by slug; any other slug (unknown, or an article not live) is answered
    alike, so a guessed slug confirms nothing."""
    meta, renditions, _ = load(article_of(lang, slug))
    if meta is None or not is_live(meta):
        raise no_slug(lang, slug)
    return document(meta, renditions, lang)


def no_slug(lang: str, slug: str) -> NotFound:
    return NotFound(f"No article has the {lang} slug {slug!r}.", code="article_not_found")


def article_of(lang: str, slug: str) -> str:
    """The id of the article that claimed this slug. A claim never changes owner and is
    never deleted, so an instance keeps what it read: a warm read by slug is then the
    article's one Query (unknown slugs are asked each time)."""
    return _claimed(get_settings().table_name, lang, slug)


@lru_cache(maxsize=SLUGS_KEPT)
def _claimed(_table: str, lang: str, slug: str) -> str:
    claim = get(keys.slug(lang, slug))
    if not claim:
        raise no_slug(lang, slug)
    return str(claim["article_id"])


def forget_slugs() -> None:
    """Empty the instance's slug claims (tests that count a new instance's requests)."""
    _claimed.cache_clear()


def page_items(lang: str, slug: str) -> tuple[dict[str, Any], Renditions, dict[str, Any]]:
    """An article page's data: the article's whole item collection (metadata, renditions,
    images and the totals the counters keep beside them), after the slug's claim the first
    time an instance meets the slug."""
    article_id = article_of(lang, slug)
    items = query_all(KeyConditionExpression=Key("pk").eq(keys.article(article_id)))
    meta = _with_images(items)
    if meta is None or not is_live(meta):
        raise no_slug(lang, slug)
    renditions = {item["lang"]: item for item in items if item["sk"].startswith(keys.RENDITION_PREFIX)}
    totals = next((item for item in items if item["sk"] == keys.stats(article_id)["sk"]), {})
    return meta, renditions, totals


def reading_minutes(body: str) -> int:
    """At about 200 words a minute, never less than one."""
    return max(1, round(len(text_of(body).split()) / 200))


def document(meta: dict[str, Any], renditions: Renditions, requested: str) -> dict[str, Any]:
    served = requested if requested in renditions else meta["source_lang"]
    text = renditions[served]
    images = {media_id: media.served(image, served) for media_id, image in (meta.get("images") or {}).items()}
    translation: dict[str, Any] = {"origin": text["origin"]}
    if text["origin"] != "source":
        translation["stale"] = text["source_hash"] != meta["source_hash"]
        if text.get("provider"):
            translation["provider"] = text["provider"]
    order = {code: position for position, code in enumerate(languages.supported())}
    return {
        "id": meta["id"],
        "lang": served,
        "requested_lang": requested,
        "source_lang": meta["source_lang"],
        "title": text["title"],
        "summary": text["summary"],
        "body": media.expand(text["body"], images),
        "image": images.get(meta.get("image", "")),
        "figures": [images[media_id] for media_id in media.figure_ids(text["body"]) if media_id in images],
        "slug": text["slug"],
        "url": pages.article(served, text["slug"]),
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
                "url": pages.article(code, renditions[code]["slug"]),
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
        "url": pages.article(served, cards[served]["slug"]),
    }


def _timeline(index: str, partition: str) -> Any:
    """Live entries of a listing index partition (later ones are scheduled)."""
    return Key(f"{index}pk").eq(partition) & Key(f"{index}sk").lte(keys.timeline_until(clock.now_iso()))


def listing(lang: str, limit: int, category: str | None, tag: str | None, start: str | None) -> dict[str, Any]:
    if tag:
        index, partition = "gsi1", keys.tag(tag)
    elif category:
        index, partition = "gsi2", keys.category_index(category)
    else:
        index, partition = "gsi1", keys.PUBLISHED
    request: dict[str, Any] = {
        "IndexName": index,
        "KeyConditionExpression": _timeline(index, partition),
        "ScanIndexForward": False,
    }
    if tag and category:
        request["FilterExpression"] = Attr("category").eq(category)
    page = query_page(request, limit, start, query_id=f"list|{partition}|{category if tag else ''}")
    return {"items": [card(item, lang) for item in page.items], "next_cursor": page.next_cursor}


def related(article_id: str, lang: str, limit: int) -> dict[str, Any]:
    """Newest published articles of the same category, topped up by shared tags."""
    meta = get(keys.meta(check_article_id(article_id)))
    if meta is None or not is_live(meta):
        raise not_found(article_id)
    found: dict[str, dict[str, Any]] = {}
    searches = [("gsi2", keys.category_index(meta["category"]))] + [
        ("gsi1", keys.tag(name)) for name in meta["tags"][:RELATED_TAGS]
    ]
    for index, partition in searches:
        if len(found) >= limit:
            break
        response = table().query(
            IndexName=index, KeyConditionExpression=_timeline(index, partition), ScanIndexForward=False, Limit=limit + 1
        )
        for item in response["Items"]:
            if item["id"] != article_id:
                found.setdefault(str(item["id"]), plain(item))
    newest = sorted(found.values(), key=lambda item: str(item["published_at"]), reverse=True)[:limit]
    return {"items": [card(item, lang) for item in newest]}
