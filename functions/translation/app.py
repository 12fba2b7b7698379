"""UI strings for frontends (GET /i18n/{lang}, i18next JSON) and the editors' translation
routes: human translations, fresh machine translations, the glossary."""

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from haber import articles, editing, i18n, languages, translating
from haber.http import create_app, require_role, resolve
from haber.models import ArticleUpdate, Glossary, Rendition
from haber.observability import logger, metrics

app = create_app()
EDITOR: list[dict[str, list[str]]] = [{"bearerAuth": []}]
ArticleId = Annotated[str, Path(description="16-character article id (a-z, 2-7)")]
LONG_CACHE = "public, max-age=300, s-maxage=3600, stale-while-revalidate=600"


@app.get("/i18n/<lang>", tags=["UI strings"], summary="The UI strings of a language (an i18next bundle)")
def get_bundle(lang: Annotated[str, Path(description="language code")]) -> Response[dict[str, Any]]:
    bundle = i18n.bundle(languages.check(lang))
    headers = {"Content-Language": lang, "Cache-Control": LONG_CACHE}
    if bundle.machine:  # no curated entry: machine-translated from the English source
        headers["X-Machine-Translated-Keys"] = str(len(bundle.machine))
    if bundle.untranslated:  # still English; queued for the translation worker
        headers["X-Untranslated-Keys"] = str(len(bundle.untranslated))
        headers["Cache-Control"] = "public, max-age=30, s-maxage=60"
    return Response(status_code=200, content_type="application/json", body=bundle.strings, headers=headers)


@app.put(
    "/articles/<id>/translations/<lang>", tags=["Translation"], summary="Save a human translation", security=EDITOR
)
def put_translation(id: ArticleId, lang: Annotated[str, Path()], translation: Rendition) -> Response[dict[str, Any]]:
    editor = require_role(app, "editor")
    meta, renditions = editing.update(id, ArticleUpdate(translations={lang: translation}), editor, version=None)
    return Response(status_code=200, content_type="application/json", body=articles.document(meta, renditions, lang))


@app.post(
    "/articles/<id>/translations/<lang>/refresh",
    tags=["Translation"],
    summary="Ask for a fresh machine translation (replaces a human one)",
    security=EDITOR,
)
def refresh_translation(id: ArticleId, lang: Annotated[str, Path()]) -> Response[dict[str, Any]]:
    require_role(app, "editor")
    return Response(status_code=202, content_type="application/json", body=translating.request_refresh(id, lang))


@app.get("/glossary", tags=["Translation"], summary="Protected names and term rules", security=EDITOR)
def get_glossary() -> dict[str, Any]:
    require_role(app, "editor")
    app.context["cache_control"] = "no-store"
    return translating.glossary()


@app.put("/glossary", tags=["Translation"], summary="Replace the glossary (bumps its version)", security=EDITOR)
def put_glossary(glossary: Glossary) -> dict[str, Any]:
    require_role(app, "editor")
    return translating.save_glossary(glossary.protected, glossary.terms)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@metrics.log_metrics(capture_cold_start_metric=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return resolve(app, event, context)
