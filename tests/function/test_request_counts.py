"""DynamoDB requests per route, pinned so they cannot creep up (or drop unnoticed): every
sample event in events/ through its function, on a seeded table, as a new instance would
make them (make bench prints the warm counts). A transaction or a batch is one request;
a stream sample counts what its consumer asks for its records. Where a number is more than
one, the reason is in docs/data-model.md (by-slug and related read a claim or the article
first; posting a comment stores Powertools' idempotency record; a view, reaction or share
reads the totals at most once a second per instance; a page's frame is kept a minute)."""

import json
from pathlib import Path
from typing import Any

import pytest

from devstack import ROOT
from devstack.runtime import Runtime
from haber import articles
from haber.platform.db import low_level_client, resource
from haber.site import navigation
from tests.function.test_events import EVENTS, function_for

PINNED = {
    "articles/approve.json": 2,
    "articles/author.json": 1,
    "articles/authors.json": 1,
    "articles/categories.json": 1,
    "articles/correction.json": 2,
    # The authors and tags it names (a BatchGet: their names for its bylines and tag list),
    # then the transaction.
    "articles/create.json": 2,
    "articles/get-by-slug.json": 2,
    "articles/get.json": 1,
    "articles/languages.json": 0,
    "articles/list-by-author.json": 1,
    "articles/list-by-category.json": 1,
    "articles/list.json": 1,
    "articles/newsroom-get.json": 1,
    "articles/newsroom.json": 1,
    "articles/openapi.json": 0,
    "articles/preview.json": 1,
    "articles/put-category.json": 1,
    # The directory (the item as it was and the slugs the others hold), then one transaction:
    # the item and its address in each language.
    "articles/put-author.json": 2,
    "articles/put-tag.json": 2,
    "articles/related.json": 5,
    # a restore reads the revision, then the article (here nothing differs: nothing written)
    "articles/restore.json": 2,
    "articles/revision-diff.json": 1,
    "articles/revision.json": 1,
    "articles/revisions.json": 1,
    "articles/tag.json": 1,
    "articles/tags.json": 1,
    "articles/unpublish.json": 2,
    # The article, its new tags' names (a BatchGet), the transaction; an update that keeps
    # its authors and tags reads no names: 2.
    "articles/update.json": 3,
    # A META change names the article's slugs and whether readers could see it: no read.
    "cdn/stream-article-unpublished.json": 0,
    "comments/approve.json": 2,
    "comments/delete.json": 3,
    "comments/list-newest.json": 1,
    "comments/list.json": 1,
    "comments/moderation-queue.json": 1,
    "comments/post-reply.json": 2,
    "comments/post.json": 4,
    "comments/reject.json": 3,
    "comments/replies.json": 1,
    "counters/popular.json": 1,
    "counters/reaction-add.json": 2,
    "counters/reaction-remove.json": 2,
    "counters/share.json": 2,
    "counters/stats-many.json": 1,
    "counters/stats.json": 1,
    # The article's first batch of the day: its period counts start (a refused update, which
    # returns the item, then the update again), then two most-read merges (Get + Put each).
    # Later batches: 5 (tests/integration/test_aggregation.py).
    "counters/stream-markers.json": 6,
    "counters/view.json": 2,
    "media/create.json": 1,
    "media/delete.json": 2,
    "media/get.json": 1,
    "media/image.json": 0,
    "media/list.json": 1,
    # An article using the changed image: its collection (Query), then its copy of the
    # image, its revision number and the revision in one transaction.
    "media/stream-media-change.json": 2,
    "media/update.json": 2,
    "media/upload.json": 1,
    # Search reads its index (S3), not the table; the indexer reads the article's collection.
    "search/search.json": 0,
    "search/search-newest.json": 0,
    "search/stream-article-change.json": 1,
    "site/article.json": 11,
    # The author's (or tag's) slug item, then their articles; the frame as for home.
    "site/author.json": 5,
    "site/choose-language.json": 0,
    "site/feed.json": 2,
    "site/home.json": 4,
    # The live articles, then the authors and the tags.
    "site/sitemap.json": 3,
    "site/tag.json": 5,
    "translation/get-glossary.json": 1,
    "translation/i18n.json": 0,
    "translation/put-glossary.json": 1,
    "translation/put-translation.json": 2,
    "translation/refresh.json": 2,
    "translation/stream-source-change.json": 0,
    # Machine translation is off here: the tag's timeline (a Query), then what its three demo
    # articles keep of it (a BatchGet); they keep these names already, so nothing is written
    # (a rename adds one Update per article: tests/integration/test_authors_tags.py).
    "translation/stream-tag-change.json": 2,
}


def requests_of(runtime: Runtime, path: Path) -> int:
    counted: list[str] = []

    def count(model: Any, **_: Any) -> None:
        counted.append(model.name)

    with runtime.environment("ArticlesFunction"):
        clients = [resource(runtime.dynamodb_endpoint).meta.client, low_level_client(runtime.dynamodb_endpoint)]
    for client in clients:
        client.meta.events.register("before-call.dynamodb", count, unique_id="request-count")
    try:
        event = json.loads(path.read_text(encoding="utf-8"))
        runtime.invoke(function_for(event, runtime, path), event)
    finally:
        for client in clients:
            client.meta.events.unregister("before-call.dynamodb", unique_id="request-count")
    return len(counted)


@pytest.mark.parametrize("path", EVENTS, ids=lambda path: str(path.relative_to(ROOT / "events")))
def test_each_route_makes_the_pinned_number_of_dynamodb_requests(path: Path, fresh: Runtime) -> None:
    """On a new instance (the pages' minute-long store and the slug claims it keeps empty:
    tests/integration/test_site.py pins the warm article page at 2)."""
    navigation.forget()
    articles.forget_slugs()
    name = str(path.relative_to(ROOT / "events"))
    assert requests_of(fresh, path) == PINNED[name], name
