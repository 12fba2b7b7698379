"""Search: live articles in a language, matched by that language's rules."""

import haber.platform.loading  # first: no cycle collection while the function loads

# isort: split

from datetime import date
from typing import Annotated, Literal

from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from haber import i18n, search
from haber.platform.caching import CACHE_CONTROL
from haber.platform.http import Api
from haber.platform.observability import logger, metrics
from haber.platform.params import Cursor, Lang
from haber.platform.reader import reader_language
from haber.platform.shapes import Event, Json
from haber.platform.text import ID_PATTERN

app = Api(i18n.error_message)
# Shorter than other public answers: an unpublished article leaves results within a minute.
SEARCH_CACHE = "public, max-age=30, s-maxage=30"
Words = Annotated[
    str,
    Query(
        min_length=1,
        max_length=search.MAX_CHARACTERS,
        pattern=rf"^\s*\S+(\s+\S+){{0,{search.MAX_WORDS - 1}}}\s*$",
        description='what to find: words and "quoted phrases" (at most 200 characters, 20 words)',
    ),
]
Filter = Annotated[str | None, Query(pattern=ID_PATTERN)]
Day = Annotated[date | None, Query(description="YYYY-MM-DD (UTC)")]


@app.get("/search", tags=["Search"], summary="Live articles in a language that match a query")
def search_articles(
    q: Words,
    lang: Lang = None,
    category: Filter = None,
    tag: Filter = None,
    author: Annotated[str | None, Query(min_length=1, max_length=120)] = None,
    from_: Annotated[date | None, Query(alias="from", description="published on or after (YYYY-MM-DD, UTC)")] = None,
    to: Day = None,
    sort: Literal["relevance", "newest"] = "relevance",
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=50, description="page size, 1-50")] = 10,
) -> search.Results:
    app.context[CACHE_CONTROL] = SEARCH_CACHE
    filters = search.Filters(category, tag, author, search.day_start(from_), search.day_end(to))
    return search.search(q, reader_language(app, lang), filters, sort, limit, cursor)


search.warm_if_provisioned()


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@metrics.log_metrics(capture_cold_start_metric=True)
def lambda_handler(event: Event, context: LambdaContext) -> Json:
    return app.resolve(event, context)


haber.platform.loading.done()
