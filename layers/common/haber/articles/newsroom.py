"""The newsroom's view of its articles: every article in any state, last changed first,
with each language's review state (the desk's list), and one article as it is now."""

from typing import cast

from haber.articles import finding, review, store
from haber.articles.reading import document
from haber.articles.records import Document, Meta, NewsroomEntry, NewsroomList
from haber.platform import publication
from haber.platform.errors import NotFound
from haber.platform.ids import check_article_id


def listing(
    status: str | None,
    source_lang: str | None,
    category: str | None,
    author: str | None,
    q: str | None,
    limit: int,
    start: str | None,
    in_review: tuple[str, list[str]] | None = None,
) -> NewsroomList:
    """`in_review`: only articles with a language in this review state (one of these languages)."""
    words = finding.words(q or "")
    query = f"newsroom|{status or ''}|{source_lang or ''}|{category or ''}|{author or ''}|{' '.join(words)}"
    if in_review:  # a cursor is signed for its query: one of another review filter is refused
        query += f"|{in_review[0]}:{','.join(in_review[1])}"
    found_by = store.newsroom_filter(status, source_lang, category, author, words, in_review)
    page = store.newsroom_page(found_by, limit, start, query)
    return {"items": [entry(cast(Meta, item)) for item in page.items], "next_cursor": page.next_cursor}


def entry(meta: Meta) -> NewsroomEntry:
    return {
        "id": meta["id"],
        "status": publication.status(meta),
        "source_lang": meta["source_lang"],
        "category": meta["category"],
        "author": meta["author"],
        "tags": meta["tags"],
        "published_at": meta["published_at"],
        "updated_at": meta["updated_at"],
        "updated_by": meta["updated_by"],
        "version": meta["version"],
        "languages": {
            lang: {"state": review.of_card(card, meta), "title": card["title"], "slug": card["slug"]}
            for lang, card in meta["cards"].items()
        },
    }


def article(article_id: str, lang: str | None) -> Document:
    """The article in any state, in `lang` (or its source language)."""
    found = store.load(check_article_id(article_id))
    if found is None:
        raise NotFound(f"Article {article_id} does not exist.", code="article_not_found")
    return document(found, lang or found.meta["source_lang"])


def backfill() -> int:
    """List in the newsroom every article written before its list existed (its index keys and
    what `q` finds it by); returns how many (`make newsroom-index`; running it again finds none)."""
    return sum(store.list_in_newsroom(item) for item in store.unlisted_in_newsroom())
