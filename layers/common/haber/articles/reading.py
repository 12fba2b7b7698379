"""Reading articles: one document in a language, listings, related articles, slugs.

Each read is one DynamoDB request (by-slug: one more the first time an instance meets the
slug; related: see docs/data-model.md).
"""

from functools import lru_cache

from haber import i18n, media
from haber.articles import directory, review, store
from haber.articles.records import (
    Article,
    Correction,
    CorrectionItem,
    Document,
    Listed,
    Listing,
    Meta,
    Related,
    Translation,
)
from haber.articles.sanitizing import text_of
from haber.platform import addresses, keys, languages, publication
from haber.platform.errors import NotFound
from haber.platform.ids import check_article_id
from haber.platform.publication import is_live
from haber.platform.settings import get_settings
from haber.platform.shapes import Item

RELATED_TAGS = 3
SLUGS_KEPT = 10_000  # slug → article id per instance: about 1.5 MB


def metadata(article_id: str) -> Meta | None:
    """An article's metadata in any state (None: no such article)."""
    return store.meta(article_id)


def published() -> list[Meta]:
    """Every live article's listing entry, newest first (scheduled ones are not live yet)."""
    return store.timeline_all("gsi1", keys.PUBLISHED)


def not_found(article_id: str) -> NotFound:
    return NotFound(f"Article {article_id} does not exist or is not published.", code="article_not_found")


def live(article_id: str) -> Article:
    article = store.load(check_article_id(article_id))
    if article is None or not is_live(article.meta):
        raise not_found(article_id)
    return article


def get_live(article_id: str, lang: str) -> Document:
    return document(live(article_id), lang)


def get_by_slug(lang: str, slug: str) -> Document:
    """A live article by slug; any other slug (unknown, or an article not live) is answered
    alike, so a guessed slug confirms nothing."""
    article = store.load(article_of(lang, slug))
    if article is None or not is_live(article.meta):
        raise no_slug(lang, slug)
    return document(article, lang)


def no_slug(lang: str, slug: str) -> NotFound:
    return NotFound(f"No article has the {lang} slug {slug!r}.", code="article_not_found")


def article_of(lang: str, slug: str) -> str:
    """The id of the article that claimed this slug. A claim never changes owner and is
    never deleted, so an instance keeps what it read: a warm read by slug is then the
    article's one Query (unknown slugs are asked each time)."""
    return _claimed(get_settings().table_name, lang, slug)


@lru_cache(maxsize=SLUGS_KEPT)
def _claimed(_table: str, lang: str, slug: str) -> str:
    owner = store.slug_owner(lang, slug)
    if owner is None:
        raise no_slug(lang, slug)
    return owner


def forget_slugs() -> None:
    """Empty the instance's slug claims (tests that count a new instance's requests)."""
    _claimed.cache_clear()


def page_items(lang: str, slug: str) -> tuple[Article, Item]:
    """An article page's data: the article's whole item collection (metadata, texts,
    images and the totals the counters keep beside them), after the slug's claim the first
    time an instance meets the slug."""
    article, totals = store.load_with_totals(article_of(lang, slug))
    if article is None or not is_live(article.meta):
        raise no_slug(lang, slug)
    return article, totals


def reading_minutes(body: str) -> int:
    """At about 200 words a minute, never less than one."""
    return max(1, round(len(text_of(body).split()) / 200))


def document(article: Article, requested: str) -> Document:
    meta, texts = article.meta, article.texts
    live = review.live_texts(meta, texts)
    served = requested if requested in live else meta["source_lang"]
    text = texts[served]
    images = {media_id: media.served(image, served) for media_id, image in article.images.items()}
    translation = Translation(origin=text["origin"])
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
        "url": addresses.article(served, text["slug"]),
        "category": meta["category"],
        "tags": meta["tags"],
        # Tags and authors have their own names and pages per language: the reader's.
        "tag_details": directory.tag_links(meta, requested),
        "author": meta["author"],
        "authors": directory.author_links(meta, requested),
        "published_at": meta["published_at"],
        "updated_at": meta["updated_at"],
        "status": publication.status(meta),
        "comments_open": meta.get("comments_open", True),
        "version": meta["version"],
        "translation": translation,
        "review": review.of_texts(meta, texts),
        "corrections": [_correction(item, served) for item in article.corrections],
        "display": {
            "published": i18n.moment(meta["published_at"], requested),
            "updated": i18n.moment(meta["updated_at"], requested),
        },
        "alternates": [
            {
                "lang": code,
                "slug": texts[code]["slug"],
                "path": f"/articles/by-slug/{code}/{texts[code]['slug']}",
                "url": addresses.article(code, texts[code]["slug"]),
            }
            for code in sorted(live, key=lambda code: order.get(code, len(order)))
        ],
    }


def _correction(item: CorrectionItem, served: str) -> Correction:
    """In the served language once translated, else in the language it was written in."""
    lang = served if served in item["texts"] else item["lang"]
    text = item["texts"][lang]
    return {"text": text["text"], "at": item["at"], "lang": lang, "origin": text["origin"]}


def card(item: Meta, requested: str) -> Listed:
    """An article as a listing shows it, in the requested language if it has it."""
    cards = item["cards"]
    served = requested if requested in review.live_languages(item) else item["source_lang"]
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
        "url": addresses.article(served, cards[served]["slug"]),
    }


def listing(
    lang: str, limit: int, category: str | None, tag: str | None, start: str | None, author: str | None = None
) -> Listing:
    if author:
        index, partition = "gsi1", keys.byline(author)
    elif tag:
        index, partition = "gsi1", keys.tag(tag)
    elif category:
        index, partition = "gsi2", keys.category_index(category)
    else:
        index, partition = "gsi1", keys.PUBLISHED
    page = store.timeline_page(index, partition, category if tag or author else None, limit, start)
    return {"items": [card(item, lang) for item in page.items], "next_cursor": page.next_cursor}  # type: ignore[arg-type]


def related(article_id: str, lang: str, limit: int) -> Related:
    """Newest published articles of the same category, topped up by shared tags."""
    meta = store.meta(check_article_id(article_id))
    if meta is None or not is_live(meta):
        raise not_found(article_id)
    found: dict[str, Meta] = {}
    searches = [("gsi2", keys.category_index(meta["category"]))] + [
        ("gsi1", keys.tag(name)) for name in meta["tags"][:RELATED_TAGS]
    ]
    for index, partition in searches:
        if len(found) >= limit:
            break
        for item in store.timeline_newest(index, partition, limit + 1):
            if item["id"] != article_id:
                found.setdefault(item["id"], item)
    newest = sorted(found.values(), key=lambda item: str(item["published_at"]), reverse=True)[:limit]
    return {"items": [card(item, lang) for item in newest]}
