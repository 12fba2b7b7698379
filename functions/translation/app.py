"""UI strings for frontends (GET /i18n/{lang}, i18next JSON) and the editors' translation
routes: human translations, fresh machine translations, the glossary."""

import haber.platform.loading  # first: no cycle collection while the function loads

# isort: split

from collections.abc import Mapping
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from haber import articles, i18n, translation
from haber.articles import ArticleUpdate, Rendition
from haber.platform import languages
from haber.platform.http import Api
from haber.platform.observability import logger, metrics
from haber.platform.openapi import documented
from haber.platform.params import ArticleId
from haber.platform.roles import NEWSROOM, staff, staff_member, staff_name, staff_roles
from haber.platform.shapes import Event, Json
from haber.translation import Glossary

app = Api(i18n.error_message)
LONG_CACHE = "public, max-age=300, s-maxage=3600, stale-while-revalidate=600"


@app.get("/i18n/<lang>", tags=["UI strings"], summary="The UI strings of a language (an i18next bundle)")
def get_bundle(lang: Annotated[str, Path(description="language code")]) -> Response[Json]:
    bundle = i18n.bundle(languages.check(lang))
    headers = {"Content-Language": lang, "Cache-Control": LONG_CACHE}
    if bundle.machine:  # no curated entry: machine-translated from the English source
        headers["X-Machine-Translated-Keys"] = str(len(bundle.machine))
    if bundle.untranslated:  # still English; queued for the translation worker
        headers["X-Untranslated-Keys"] = str(len(bundle.untranslated))
        headers["Cache-Control"] = "public, max-age=30, s-maxage=60"
    return Response(status_code=200, content_type="application/json", body=bundle.strings, headers=headers)


@app.put(
    "/articles/<id>/translations/<lang>",
    tags=["Translation"],
    summary="Save a human translation (a reporter: on a draft)",
    responses=documented(200, 409),
    **staff(*NEWSROOM),
)
def put_translation(id: ArticleId, lang: Annotated[str, Path()], rendition: Rendition) -> Response[Json]:
    changes = ArticleUpdate(translations={lang: rendition})
    updated = articles.update(id, changes, staff_member(app), None, staff_name(app), staff_roles(app))
    return Response(status_code=200, content_type="application/json", body=dict(articles.document(updated, lang)))


@app.post(
    "/articles/<id>/translations/<lang>/refresh",
    tags=["Translation"],
    summary="Ask for a fresh machine translation (replaces a human one)",
    responses=documented(202),
    **staff("translator", "editor"),
)
def refresh_translation(id: ArticleId, lang: Annotated[str, Path()]) -> Response[Json]:
    return Response(status_code=202, content_type="application/json", body=dict(translation.request_refresh(id, lang)))


@app.get("/glossary", tags=["Translation"], summary="Protected names and term rules", **staff(*NEWSROOM))
def get_glossary() -> Mapping[str, Any]:
    return translation.glossary()


@app.put("/glossary", tags=["Translation"], summary="Replace the glossary (bumps its version)", **staff("editor"))
def put_glossary(glossary: Glossary) -> Mapping[str, Any]:
    return translation.save_glossary(glossary.protected, glossary.terms)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@metrics.log_metrics(capture_cold_start_metric=True)
def lambda_handler(event: Event, context: LambdaContext) -> Json:
    return app.resolve(event, context)


haber.platform.loading.done()
