"""UI strings for frontends: GET /i18n/{lang} in i18next's JSON format."""

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from haber import i18n, languages
from haber.http import create_app, resolve
from haber.observability import logger, metrics

app = create_app()
LONG_CACHE = "public, max-age=300, s-maxage=3600, stale-while-revalidate=600"


@app.get("/i18n/<lang>", tags=["UI strings"], summary="The UI strings of a language (an i18next bundle)")
def get_bundle(lang: Annotated[str, Path(description="language code")]) -> Response[dict[str, Any]]:
    strings, untranslated = i18n.bundle(languages.check(lang))
    headers = {"Content-Language": lang, "Cache-Control": LONG_CACHE}
    if untranslated:  # served from the English source until the language's catalog has them
        headers["X-Untranslated-Keys"] = str(len(untranslated))
    return Response(status_code=200, content_type="application/json", body=strings, headers=headers)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@metrics.log_metrics(capture_cold_start_metric=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return resolve(app, event, context)
