"""Articles, categories, authors, tags and languages: the reader and editor routes."""

import haber.platform.loading  # first: no cycle collection while the function loads

# isort: split

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Header, Path, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from haber import articles, i18n
from haber.articles import ArticleCreate, ArticleUpdate, AuthorPut, CategoryPut, CorrectionCreate, TagPut
from haber.platform import languages
from haber.platform.caching import document_etag
from haber.platform.http import Api
from haber.platform.observability import logger, metrics
from haber.platform.openapi import documented, openapi_document
from haber.platform.params import ArticleId, Cursor, Lang, Limit
from haber.platform.reader import reader_language
from haber.platform.roles import NEWSROOM, staff, staff_member, staff_name, staff_roles
from haber.platform.settings import get_settings
from haber.platform.shapes import Event, Json
from haber.platform.text import ID_PATTERN, SLUG_PATTERN

app = Api(i18n.error_message)
Filter = Annotated[str | None, Query(pattern=ID_PATTERN)]
ItemId = Annotated[str, Path(pattern=ID_PATTERN)]
IfMatch = Annotated[str | None, Header(alias="If-Match", max_length=100, description='the ETag or version read: "v3"')]
Slug = Annotated[str, Path(pattern=SLUG_PATTERN, description="the article's slug in that language")]
Revision = Annotated[int, Path(ge=1, description="a revision's number")]
SourceByDefault = Annotated[str | None, Query(description="language code; default: the article's source language")]
STATUS_PATTERN = "^(draft|scheduled|published|unpublished)$"


@app.get("/languages", tags=["Languages"], summary="Supported languages")
def list_languages() -> Mapping[str, Any]:
    codes = languages.supported()
    return {
        "default": get_settings().default_language,
        "languages": [{"code": c, "name": languages.display_name(c)} for c in codes],
    }


@app.get("/articles", tags=["Articles"], summary="Published articles, newest first")
def list_articles(
    lang: Lang = None,
    category: Filter = None,
    tag: Filter = None,
    author: Annotated[str | None, Query(pattern=ID_PATTERN, description="an author's id")] = None,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> Mapping[str, Any]:
    return articles.listing(reader_language(app, lang), limit, category, tag, cursor, author)


@app.get("/articles/<id>", tags=["Articles"], summary="One article in the reader's language")
def get_article(id: ArticleId, lang: Lang = None) -> Response[Json]:
    return _article_response(articles.get_live(id, reader_language(app, lang)))


@app.get("/articles/by-slug/<lang>/<slug>", tags=["Articles"], summary="One article by its localized slug")
def get_article_by_slug(lang: str, slug: Slug) -> Response[Json]:
    return _article_response(articles.get_by_slug(languages.check(lang), slug))


@app.get("/articles/<id>/related", tags=["Articles"], summary="Related articles (same category or tags)")
def list_related(id: ArticleId, lang: Lang = None, limit: Annotated[int, Query(ge=1, le=20)] = 5) -> Mapping[str, Any]:
    return articles.related(id, reader_language(app, lang), limit)


@app.get("/categories", tags=["Categories"], summary="Categories with localized names and article counts")
def list_categories(lang: Lang = None) -> Mapping[str, Any]:
    return articles.categories.listing(reader_language(app, lang))


@app.get("/authors", tags=["Authors and tags"], summary="Every author, with their page in the reader's language")
def list_authors(lang: Lang = None) -> Mapping[str, Any]:
    return articles.directory.authors(reader_language(app, lang))


@app.get("/authors/<id>", tags=["Authors and tags"], summary="One author: name, bio, photo, links, page")
def get_author(id: ItemId, lang: Lang = None) -> Mapping[str, Any]:
    return articles.directory.author(id, reader_language(app, lang))


@app.get("/tags", tags=["Authors and tags"], summary="Every named tag, in the reader's language, with its page")
def list_tags(lang: Lang = None) -> Mapping[str, Any]:
    return articles.directory.tags(reader_language(app, lang))


@app.get("/tags/<id>", tags=["Authors and tags"], summary="One tag in the reader's language")
def get_tag(id: ItemId, lang: Lang = None) -> Mapping[str, Any]:
    return articles.directory.tag(id, reader_language(app, lang))


@app.get("/openapi.json", tags=["Meta"], summary="This API's OpenAPI 3 description")
def get_openapi() -> Mapping[str, Any]:
    return openapi_document()


@app.post(
    "/articles",
    tags=["Editing"],
    summary="Create and publish (or schedule) an article; a reporter's is a draft",
    responses=documented(201, 409),
    **staff("reporter", "editor"),
)
def create_article(article: ArticleCreate) -> Response[Json]:
    created = articles.create(article, staff_member(app), editor_name=staff_name(app), roles=staff_roles(app))
    return _written(created, status=201)


@app.put(
    "/articles/<id>",
    tags=["Editing"],
    summary="Update an article (If-Match required): reporters their drafts, translators translations",
    responses=documented(200, 409, 412, 428),
    **staff(*NEWSROOM),
)
def update_article(id: ArticleId, changes: ArticleUpdate, if_match: IfMatch = None) -> Response[Json]:
    version = articles.expected_version(id, if_match)
    updated = articles.update(id, changes, staff_member(app), version, staff_name(app), staff_roles(app))
    return _written(updated)


@app.delete(
    "/articles/<id>",
    tags=["Editing"],
    summary="Unpublish an article (its data is kept)",
    responses=documented(204, 409),
    **staff("editor"),
)
def unpublish_article(id: ArticleId) -> Response[None]:
    articles.unpublish(id, staff_member(app), staff_name(app))
    return Response(status_code=204)


@app.put("/categories/<id>", tags=["Editing"], summary="Create a category or rename it", **staff("editor"))
def put_category(id: Annotated[str, Path(pattern=ID_PATTERN)], category: CategoryPut) -> Mapping[str, Any]:
    return articles.categories.put(id, category.names)


@app.put(
    "/authors/<id>",
    tags=["Authors and tags"],
    summary="Create an author or change one (bio languages left out are machine-translated)",
    responses=documented(200, 409),
    **staff("editor"),
)
def put_author(id: ItemId, author: AuthorPut) -> Mapping[str, Any]:
    return articles.directory.put_author(id, author, staff_member(app))


@app.put(
    "/tags/<id>",
    tags=["Authors and tags"],
    summary="Name a tag (languages left out are machine-translated)",
    responses=documented(200, 409),
    **staff("editor"),
)
def put_tag(id: ItemId, tag: TagPut) -> Mapping[str, Any]:
    return articles.directory.put_tag(id, tag, staff_member(app))


@app.post(
    "/articles/<id>/translations/<lang>/approve",
    tags=["Newsroom"],
    summary="Approve a machine translation (If-Match required)",
    responses=documented(200, 409, 412, 428),
    **staff("translator", "editor"),
)
def approve_translation(id: ArticleId, lang: Annotated[str, Path()], if_match: IfMatch = None) -> Response[Json]:
    version = articles.expected_version(id, if_match)
    approved = articles.approve(id, lang, staff_member(app), version, staff_name(app))
    return _written(approved, lang)


@app.get(
    "/newsroom/articles",
    tags=["Newsroom"],
    summary="Every article in any state, last changed first, with each language's review state",
    **staff(*NEWSROOM),
)
def list_newsroom(
    status: Annotated[str | None, Query(pattern=STATUS_PATTERN)] = None,
    lang: Annotated[str | None, Query(description="the articles' source language")] = None,
    category: Filter = None,
    author: Annotated[str | None, Query(max_length=120, description="the byline")] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description="words every article found has in a title (any language), its byline or its tags;"
            " case and diacritics do not matter (koln finds Köln); at most 10",
        ),
    ] = None,
    review: Annotated[
        Literal["machine", "reviewed", "human", "outdated"] | None,
        Query(description="only articles with a translation in this review state (in review_lang, or any language)"),
    ] = None,
    review_lang: Annotated[str | None, Query(description="the language whose review state `review` asks for")] = None,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> Mapping[str, Any]:
    source_lang = lang and languages.check(lang, "lang")
    target = review_lang and languages.check(review_lang, "review_lang")
    in_review = (review, [target] if target else list(languages.supported())) if review else None
    return articles.newsroom.listing(status, source_lang, category, author, q, limit, cursor, in_review)


@app.get("/newsroom/articles/<id>", tags=["Newsroom"], summary="One article in any state", **staff(*NEWSROOM))
def get_newsroom_article(
    id: ArticleId, lang: Annotated[str | None, Query(description="default: its source language")] = None
) -> Response[Json]:
    return _article_response(articles.newsroom.article(id, lang and languages.check(lang, "lang")))


@app.get(
    "/articles/<id>/revisions", tags=["Newsroom"], summary="An article's revisions, newest first", **staff(*NEWSROOM)
)
def list_revisions(id: ArticleId, limit: Limit = 20, cursor: Cursor = None) -> Mapping[str, Any]:
    return articles.revisions.listing(id, limit, cursor)


@app.get(
    "/articles/<id>/revisions/<number>",
    tags=["Newsroom"],
    summary="The article as a revision left it, every language",
    responses=documented(200),
    **staff(*NEWSROOM),
)
def get_revision(id: ArticleId, number: Revision) -> Mapping[str, Any]:
    return articles.revisions.get(id, number)


@app.get(
    "/articles/<id>/revisions/<number>/diff",
    tags=["Newsroom"],
    summary="Word by word, what changed between two revisions",
    responses=documented(200),
    **staff(*NEWSROOM),
)
def diff_revisions(id: ArticleId, number: Revision, against: Annotated[int, Query(ge=1)]) -> Mapping[str, Any]:
    return articles.revisions.diff(id, number, against)


@app.post(
    "/articles/<id>/revisions/<number>/restore",
    tags=["Newsroom"],
    summary="Restore a revision as a new one (If-Match required)",
    responses=documented(200, 409, 412, 428),
    **staff("editor"),
)
def restore_revision(id: ArticleId, number: Revision, if_match: IfMatch = None) -> Response[Json]:
    version = articles.expected_version(id, if_match)
    restored = articles.restore(id, number, staff_member(app), version, staff_name(app))
    return _written(restored)


@app.post(
    "/articles/<id>/corrections",
    tags=["Newsroom"],
    summary="Publish a correction (shown in every language, never deleted)",
    responses=documented(201, 409),
    **staff("editor"),
)
def add_correction(id: ArticleId, correction: CorrectionCreate) -> Response[Json]:
    corrected = articles.correct(id, correction, staff_member(app), editor_name=staff_name(app))
    return _written(corrected, correction.lang, status=201)


@app.post(
    "/articles/<id>/preview",
    tags=["Newsroom"],
    summary="Signed links (24 h) to the reader page of the article as it is now, draft included;"
    " to an unpublished article, an editor's only",
    responses=documented(201),
    **staff(*NEWSROOM),
)
def create_preview(id: ArticleId) -> Response[Json]:
    links = articles.preview.links(id, staff_roles(app))
    return Response(status_code=201, content_type="application/json", body=dict(links))


def _written(article: articles.Article, lang: str | None = None, status: int = 200) -> Response[Json]:
    """An editor's write answered with the article as it now is, in the language asked
    (default: its source language), with its ETag."""
    return _article_response(articles.document(article, lang or article.meta["source_lang"]), status)


def _article_response(document: Mapping[str, Any], status: int = 200) -> Response[Json]:
    headers = {"ETag": document_etag(document["version"], document)}
    if status == 201:
        headers["Location"] = f"/articles/{document['id']}"
    return Response(status_code=status, content_type="application/json", body=dict(document), headers=headers)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@metrics.log_metrics(capture_cold_start_metric=True)
def lambda_handler(event: Event, context: LambdaContext) -> Json:
    return app.resolve(event, context)


haber.platform.loading.done()
