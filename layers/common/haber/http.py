"""The HTTP layer every API function shares: resolver, error mapping, caching, auth.

Errors are mapped to JSON once, here: {"error": {"code", "message", "details"}}.
"""

import hashlib
import json
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer

from haber import i18n, languages
from haber.errors import Forbidden, HaberError, PayloadTooLarge, Unauthorized
from haber.observability import logger
from haber.settings import ConfigurationError, get_settings

MAX_BODY_BYTES = 256 * 1024
PUBLIC_CACHE = "public, max-age=60, s-maxage=300, stale-while-revalidate=60"
to_json = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))


def create_app() -> APIGatewayHttpResolver:
    app = APIGatewayHttpResolver(enable_validation=True, serializer=to_json)
    app.configure_openapi(title="Haber API", security_schemes={"bearerAuth": HTTPBearer(bearerFormat="JWT")})
    app.use(middlewares=[_conditional_get])

    def in_reader_language(build: Callable[[Any], Response[str]]) -> Callable[[Any], Response[str]]:
        def handle(error: Any) -> Response[str]:
            event = app.current_event
            return localized(build(error), event.query_string_parameters or {}, event.headers)

        return handle

    app.exception_handler(HaberError)(in_reader_language(_haber_error))
    app.exception_handler(RequestValidationError)(in_reader_language(_validation_error))
    app.exception_handler(NotFoundError)(in_reader_language(_route_not_found))
    app.exception_handler(Exception)(in_reader_language(_unexpected_error))
    return app


def localized(response: Response[str], query: Mapping[str, str], headers: Mapping[str, str]) -> Response[str]:
    """The error's message in the reader's language (`lang`, then Accept-Language), from
    the UI catalog; the precise English explanation stays in `details`."""
    body = json.loads(str(response.body))
    error = body["error"]
    if not i18n.has(f"errors.{error['code']}"):
        return response
    try:
        lang = query.get("lang") if query.get("lang") in languages.supported() else None
        lang = lang or languages.negotiate(headers.get("accept-language"))
    except ConfigurationError:
        return response
    error["details"] = error["details"] or [{"message": error["message"]}]
    error["message"] = i18n.text(str(lang), f"errors.{error['code']}")
    response.body = to_json(body)
    response.headers["Content-Language"] = str(lang)
    return response


def error_response(
    status: int,
    code: str,
    message: str,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[str]:
    return Response(
        status_code=status,
        content_type="application/json",
        body=to_json({"error": {"code": code, "message": message, "details": details or []}}),
        headers={"Cache-Control": "no-store", **(headers or {})},
    )


def require_role(app: APIGatewayHttpResolver, role: str) -> str:
    """Return the caller's subject if the JWT (checked by API Gateway) carries `role`."""
    authorizer = app.current_event.request_context.authorizer
    claims: dict[str, Any] = authorizer.jwt_claim if authorizer else {}
    if not claims:
        raise Unauthorized("Sign in: this route needs a bearer token.")
    if role not in _roles(claims.get(get_settings().role_claim)):
        raise Forbidden(f"This route needs the {role!r} role.")
    return str(claims.get("sub") or claims.get("username") or "unknown")


def _roles(value: Any) -> set[str]:
    # API Gateway flattens JSON arrays in claims to "[editor moderator]".
    if isinstance(value, list):
        return {str(item) for item in value}
    return set(str(value or "").strip("[]").replace(",", " ").split())


def resolve(app: APIGatewayHttpResolver, event: dict[str, Any], context: Any) -> dict[str, Any]:
    """app.resolve, after refusing oversized bodies before anything parses them."""
    body = event.get("body") or ""
    size = len(body) * 3 // 4 if event.get("isBase64Encoded") else len(body.encode())
    if size > MAX_BODY_BYTES:
        too_large = _haber_error(PayloadTooLarge(f"The request body is {size} bytes; the limit is {MAX_BODY_BYTES}."))
        error = localized(too_large, event.get("queryStringParameters") or {}, event.get("headers") or {})
        return {
            "statusCode": error.status_code,
            "headers": {**error.headers, "Content-Type": "application/json"},
            "body": error.body,
        }
    return app.resolve(event, context)


def reader_language(app: APIGatewayHttpResolver, lang: str | None) -> str:
    """The `lang` parameter if given, else the best match for Accept-Language."""
    if lang is not None:
        return languages.check(lang)
    app.context["vary_language"] = True
    return languages.negotiate(app.current_event.headers.get("accept-language"))


def _conditional_get(app: APIGatewayHttpResolver, next_middleware: NextMiddleware) -> Response[Any]:
    response = next_middleware(app)
    if app.current_event.http_method != "GET" or response.status_code != 200:
        return response
    if not isinstance(response.body, str | bytes):
        response.body = to_json(response.body)
    body = response.body.encode() if isinstance(response.body, str) else response.body
    etag = response.headers.get("ETag") or f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    response.headers["ETag"] = etag
    response.headers.setdefault("Cache-Control", app.context.get("cache_control", PUBLIC_CACHE))
    if app.context.get("vary_language"):
        response.headers["Vary"] = "Accept-Language"
    if _matches(app.current_event.headers.get("if-none-match"), str(etag)):
        return Response(status_code=304, headers=response.headers)
    return response


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    wanted = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in wanted or etag.removeprefix("W/") in wanted


def _haber_error(error: HaberError) -> Response[str]:
    return error_response(error.status, error.code, error.message, error.details, error.headers)


def _validation_error(error: RequestValidationError) -> Response[str]:
    errors = error.errors()
    if any(item.get("type") == "json_invalid" for item in errors):
        return error_response(400, "malformed_json", "The request body is not valid JSON.")
    details = [{"field": ".".join(str(part) for part in item["loc"]), "message": item["msg"]} for item in errors]
    return error_response(400, "validation_error", "The request is not valid; see details.", details)


def _route_not_found(_: NotFoundError) -> Response[str]:
    return error_response(404, "route_not_found", "No such route.")


def _unexpected_error(error: Exception) -> Response[str]:
    logger.exception("Unhandled error")
    return error_response(500, "internal_error", "Something went wrong on our side; it has been logged.")
