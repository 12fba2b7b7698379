"""The HTTP layer every API function shares: resolver, error mapping, caching, staff roles.

Errors are mapped to JSON once, here: {"error": {"code", "message", "details"}}, with the
message in the reader's language where the UI catalog has one (the function passes the
catalog's lookup in, so this layer depends on no domain).
"""

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.event_handler.middlewares.openapi_validation import OpenAPIRequestValidationMiddleware
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

from haber.platform import db, deadline, edge, languages, pages
from haber.platform.errors import (
    BadRequest,
    Forbidden,
    HaberError,
    PayloadTooLarge,
    ServiceUnavailable,
    Unauthorized,
    UnsupportedMediaType,
    field_error,
)
from haber.platform.observability import logger
from haber.platform.settings import ConfigurationError, get_settings

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler.openapi.models import OpenAPI

MAX_BODY_BYTES = 256 * 1024
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
PUBLIC_CACHE = "public, max-age=60, s-maxage=300, stale-while-revalidate=60"
STAFF_CACHE = "private, no-store"  # a staff answer must never be served from a shared cache
to_json = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))
Messages = Callable[[str, str], str | None]  # (lang, error code) -> the message in that language, if any


class Api(APIGatewayHttpResolver):
    """Powertools' HTTP API resolver with Haber's error mapping, conditional GETs and a
    body-size limit applied before anything parses the body."""

    def __init__(self, messages: Messages):
        super().__init__(enable_validation=True, serializer=to_json)
        self.messages = messages
        self.use(middlewares=[conditional_get])
        self.exception_handler(HaberError)(self._in_reader_language(_haber_error))
        self.exception_handler(RequestValidationError)(self._in_reader_language(_validation_error))
        self.exception_handler(NotFoundError)(self._in_reader_language(_route_not_found))
        self.exception_handler(Exception)(self._in_reader_language(_unexpected_error))
        self._request_validation_middleware = RolesFirstValidation()  # type: ignore[no-untyped-call]

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> "OpenAPI":
        """Haber's title and bearer scheme, configured when a schema is generated (`make
        openapi`) rather than at import: Powertools' OpenAPI models cost a cold start about
        40 ms, and serving (validation included) never needs them."""
        from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer  # noqa: PLC0415

        self.configure_openapi(title="Haber API", security_schemes={"bearerAuth": HTTPBearer(bearerFormat="JWT")})
        return super().get_openapi_schema(*args, **kwargs)

    def resolve(self, event: Any, context: Any) -> dict[str, Any]:
        refused = refused_body(event)
        if refused is not None:
            error = self.localized(
                _haber_error(refused), event.get("queryStringParameters") or {}, event.get("headers") or {}
            )
            return {
                "statusCode": error.status_code,
                "headers": {**error.headers, "Content-Type": "application/json"},
                "body": error.body,
            }
        with deadline.invocation(context), pages.serving(event):
            return super().resolve(event, context)

    def _in_reader_language(self, build: Callable[[Any], Response[str]]) -> Callable[[Any], Response[str]]:
        def handle(error: Any) -> Response[str]:
            event = self.current_event
            return self.localized(build(error), event.query_string_parameters or {}, event.headers)

        return handle

    def localized(self, response: Response[str], query: Mapping[str, str], headers: Mapping[str, str]) -> Response[str]:
        """The error's message in the reader's language (`lang`, then Accept-Language), from
        the UI catalog; the precise English explanation stays in `details`."""
        body = json.loads(str(response.body))
        error = body["error"]
        try:
            lang = query.get("lang") if query.get("lang") in languages.supported() else None
            lang = lang or languages.negotiate(headers.get("accept-language"))
        except ConfigurationError:
            return response
        message = self.messages(lang, error["code"])
        if message is None:
            return response
        error["details"] = error["details"] or [{"message": error["message"]}]
        error["message"] = message
        response.body = to_json(body)
        response.headers["Content-Language"] = lang
        return response


def refused_body(event: dict[str, Any]) -> HaberError | None:
    """Why a request body cannot be read, checked before anything parses it: too large, not
    JSON by its content type (415), or not parseable as JSON: invalid UTF-8, broken syntax,
    nesting too deep, numbers too long (400). JSON in any casing and `+json` types count as
    JSON; the event's content type is normalised so the resolver parses them."""
    body = event.get("body") or ""
    size = len(body) * 3 // 4 if event.get("isBase64Encoded") else len(body.encode(errors="surrogatepass"))
    if size > MAX_BODY_BYTES:
        return PayloadTooLarge(f"The request body is {size} bytes; the limit is {MAX_BODY_BYTES}.")
    if not body:
        return None
    headers = event.setdefault("headers", {})
    media_type = str(headers.get("content-type") or "application/json").split(";")[0].strip().lower()
    if not _is_json(media_type):
        return UnsupportedMediaType(
            f"Send the body as JSON (Content-Type: application/json), not {media_type or 'an empty type'}.",
            [field_error("Content-Type", f"is {media_type or 'empty'}; must be application/json")],
        )
    try:
        raw = base64.b64decode(body, validate=True) if event.get("isBase64Encoded") else body.encode()
        parsed = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError, binascii.Error) as problem:  # UnicodeError and JSONDecodeError are ValueErrors
        reason = "it is nested too deeply" if isinstance(problem, RecursionError) else str(problem)[:200]
        return _malformed(f"cannot be read: {reason}")
    # JSON may escape half of a surrogate pair ("\udc00"), which is no character at all;
    # only a body with such an escape is encoded again to find out.
    if _SURROGATE_ESCAPE.search(raw):
        try:
            to_json(parsed).encode("utf-8")
        except UnicodeEncodeError:
            return _malformed("contains a lone surrogate escape (such as \\udc00), which is not text")
    headers["content-type"] = "application/json"
    return None


def _malformed(reason: str) -> BadRequest:
    return BadRequest("The request body is not valid JSON.", [field_error("body", reason)], "malformed_json")


def _is_json(media_type: str) -> bool:
    return media_type == "application/json" or (media_type.startswith("application/") and media_type.endswith("+json"))


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


STATUS_TEXT = {
    201: "Created",
    202: "Accepted",
    204: "No content",
    403: "Not allowed here (for example comments closed)",
    409: "Conflict with the current state; reload and retry",
    412: "If-Match names another version",
    428: "If-Match is missing",
    429: "Too many requests; see Retry-After",
}


def documented(success: int = 200, *errors: int) -> dict[int, Any]:
    """OpenAPI responses of a route: its success status and the errors only it answers.
    `make openapi` adds what every route may answer (400, 503; 404 with a path parameter;
    401/403 on staff routes; 413/415 with a body; 304 on GETs) and the error envelope."""
    body = {"application/json": {"schema": {"type": "object"}}}
    answers: dict[int, Any] = {success: {"description": STATUS_TEXT.get(success, "OK")}}
    if success != 204:
        answers[success]["content"] = body
    answers.update({code: {"description": STATUS_TEXT[code]} for code in errors})
    return answers


def staff(role: str) -> dict[str, Any]:
    """Route options that make a route a staff route, the role stated once: the OpenAPI
    security requirement names the role, and the resolver admits only tokens carrying it
    (API Gateway's JWT authorizer has already checked the token itself)."""
    return {"security": [{"bearerAuth": [role]}]}


class RolesFirstValidation(OpenAPIRequestValidationMiddleware):
    """Powertools validates a request before any middleware of its route runs; a staff
    route checks the caller's role before that, so no one learns a body's schema from a
    route their role may not use."""

    def handler(self, app: Any, next_middleware: NextMiddleware) -> Response[Any]:
        route = app.context.get("_route")
        roles = {role for need in (getattr(route, "security", None) or []) for role in need.get("bearerAuth", [])}
        if roles:
            _admit(app, roles)
        return super().handler(app, next_middleware)


def _admit(app: Api, roles: set[str]) -> None:
    authorizer = app.current_event.request_context.authorizer
    claims: dict[str, Any] = authorizer.jwt_claim if authorizer else {}
    if not claims:
        raise Unauthorized("Sign in: this route needs a bearer token.")
    missing = roles - _roles(claims.get(get_settings().role_claim))
    if missing:
        raise Forbidden(f"This route needs the {' and '.join(sorted(map(repr, missing)))} role.")
    app.context["staff_member"] = str(claims.get("sub") or claims.get("username") or "unknown")
    app.context["cache_control"] = STAFF_CACHE


def staff_member(app: Api) -> str:
    """Who called a staff route (the token's subject)."""
    return str(app.context["staff_member"])


def _roles(value: Any) -> set[str]:
    """The groups a token names. API Gateway hands a claim that is a list to Lambda as
    "[editor moderator]" (group names hold no spaces); any other string is one group, commas
    and all: a Cognito group may be called "viewer,editor"."""
    if isinstance(value, list):
        return {str(item) for item in value}
    text = str(value or "")
    if text.startswith("[") and text.endswith("]"):
        return set(text[1:-1].split())
    return {text} if text else set()


def reader_address(app: APIGatewayHttpResolver) -> str:
    """The reader's IP address (the CDN's word for it, where the CDN proves it is the CDN)."""
    event = app.current_event
    return edge.reader_address(event.request_context.http.source_ip, event.headers)


def reader_language(app: Api, lang: str | None) -> str:
    """The `lang` parameter if given, else the best match for Accept-Language."""
    if lang is not None:
        return languages.check(lang)
    app.context["vary_language"] = True
    return languages.negotiate(app.current_event.headers.get("accept-language"))


def document_etag(version: int, document: Mapping[str, Any]) -> str:
    """A strong ETag for one version of a document as served: its version, and a hash of
    its JSON (language, display fields and alternates differ between renderings)."""
    digest = hashlib.sha256(to_json(document, sort_keys=True).encode()).hexdigest()[:12]
    return f'"v{version}-{digest}"'


def conditional_get(app: APIGatewayHttpResolver, next_middleware: NextMiddleware) -> Response[Any]:
    """ETag and Cache-Control on every 200 GET, and 304 when the client has it already."""
    response = next_middleware(app)
    if app.current_event.http_method != "GET" or response.status_code != 200:
        return response
    if not isinstance(response.body, str | bytes):
        response.body = to_json(response.body)
    body = response.body.encode() if isinstance(response.body, str) else response.body
    etag = response.headers.get("ETag") or f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    response.headers["ETag"] = etag
    negotiated = bool(app.context.get("vary_language"))
    cache = str(response.headers.get("Cache-Control") or app.context.get("cache_control", PUBLIC_CACHE))
    response.headers["Cache-Control"] = private(cache) if negotiated else cache
    if negotiated:
        response.headers["Vary"] = "Accept-Language"
    if _matches(app.current_event.headers.get("if-none-match"), str(etag)):
        return Response(status_code=304, headers=response.headers)
    return response


def private(cache_control: str) -> str:
    """An answer chosen by Accept-Language, which no shared cache keys on: only the reader's
    browser may keep it, as long as the route's own max-age (a minute by default)."""
    if "no-store" in cache_control:
        return cache_control
    max_age = next((part for part in cache_control.split(", ") if part.startswith("max-age=")), "max-age=60")
    return f"private, {max_age}"


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
    # `reason` is the rule a value broke (pydantic's error type, such as string_too_long, or
    # a domain's own, such as too_many_links), for clients that explain it in their words.
    details = [
        {"field": ".".join(str(part) for part in item["loc"]), "message": item["msg"], "reason": item["type"]}
        for item in errors
    ]
    return error_response(400, "validation_error", "The request is not valid; see details.", details)


def _route_not_found(_: NotFoundError) -> Response[str]:
    return error_response(404, "route_not_found", "No such route.")


RETRY_AFTER_SECONDS = 2


def _unexpected_error(error: Exception) -> Response[str]:
    if db.unavailable(error):  # throttled, timed out or down: nothing was written, try again
        logger.warning("DynamoDB unavailable", extra={"error": repr(error)})
        unavailable = ServiceUnavailable(
            "The service is busy right now; nothing was changed. Try again in a few seconds.",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
        return _haber_error(unavailable)
    logger.exception("Unhandled error")
    return error_response(500, "internal_error", "Something went wrong on our side; it has been logged.")
