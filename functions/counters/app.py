"""Views, reactions, shares, stats and most-read."""

import haber.platform.loading  # first: no cycle collection while the function loads

# isort: split

from collections.abc import Mapping
from typing import Annotated, Literal

from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from haber import counters, i18n
from haber.counters import NewReaction, NewShare
from haber.platform.http import Api
from haber.platform.observability import logger, metrics
from haber.platform.params import ArticleId, LabelsLang
from haber.platform.reader import reader_address, reader_language
from haber.platform.shapes import Event, Json

app = Api(i18n.error_message)
ReactionType = Annotated[str, Path(max_length=40, description="reaction type")]
LIVE = "public, max-age=15, s-maxage=30"  # counts move; a CDN may still absorb bursts


def _reader() -> tuple[str, str]:
    """The reader's address and user agent, which the visitor hash is made of."""
    event = app.current_event
    return reader_address(app), event.headers.get("user-agent", "")


@app.post("/articles/<id>/views", tags=["Counters"], summary="Count a view (once per visitor and day)")
def count_view(id: ArticleId) -> Mapping[str, object]:
    return counters.view(id, *_reader())


@app.post("/articles/<id>/reactions", tags=["Counters"], summary="React to an article")
def add_reaction(id: ArticleId, reaction: NewReaction) -> Mapping[str, object]:
    return counters.react(id, reaction.type, *_reader(), add=True)


@app.delete("/articles/<id>/reactions/<type>", tags=["Counters"], summary="Take a reaction back")
def remove_reaction(id: ArticleId, type: ReactionType) -> Mapping[str, object]:
    return counters.react(id, type, *_reader(), add=False)


@app.post("/articles/<id>/shares", tags=["Counters"], summary="Count a share (once per visitor, network and day)")
def count_share(id: ArticleId, share: NewShare) -> Mapping[str, object]:
    return counters.share(id, share.network, *_reader())


@app.get("/articles/<id>/stats", tags=["Counters"], summary="Views, comments, reactions and shares")
def get_stats(id: ArticleId, lang: LabelsLang = None) -> Mapping[str, object]:
    app.context["cache_control"] = LIVE
    return counters.stats(id, reader_language(app, lang))


@app.get("/stats", tags=["Counters"], summary="Stats of up to 100 articles")
def get_many_stats(
    ids: Annotated[str, Query(max_length=2000, description="comma-separated article ids")],
    lang: LabelsLang = None,
) -> Mapping[str, object]:
    app.context["cache_control"] = LIVE
    wanted = [article_id.strip() for article_id in ids.split(",") if article_id.strip()]
    return counters.many(wanted, reader_language(app, lang))


@app.get("/articles/popular", tags=["Counters"], summary="Most-read articles of the day or week")
def most_read(
    lang: LabelsLang = None,
    window: Annotated[Literal["day", "week"], Query()] = "day",
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> Mapping[str, object]:
    app.context["cache_control"] = LIVE
    return counters.popular(reader_language(app, lang), window, limit)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@metrics.log_metrics(capture_cold_start_metric=True)
def lambda_handler(event: Event, context: LambdaContext) -> Json:
    return app.resolve(event, context)


haber.platform.loading.done()
