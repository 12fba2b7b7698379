"""The resolver every API function shares (`Api`), and the one place errors become HTTP:
{"error": {"code", "message", "details"}}, with the message in the reader's language where
the UI catalog has one (the function passes the catalog's lookup in, so this layer depends
on no domain).

Beside it, each concern of a request has its own module: `bodies` (JSON, body checks),
`caching` (ETags, conditional GETs, Cache-Control), `roles` (staff routes), `reader` (the
reader's address and language), `params` (route parameters), `openapi` (`documented`)."""

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

from haber.platform import addresses, db, deadline, languages
from haber.platform.bodies import refused_body, to_json
from haber.platform.caching import conditional_get
from haber.platform.errors import FieldError, HaberError, ServiceUnavailable
from haber.platform.observability import logger
from haber.platform.roles import RolesFirstValidation
from haber.platform.settings import ConfigurationError
from haber.platform.shapes import Json

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler.openapi.models import OpenAPI

Messages = Callable[[str, str], str | None]  # (lang, error code) -> the message in that language, if any
RETRY_AFTER_SECONDS = 2


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

    def resolve(self, event: Any, context: Any) -> Json:
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
        with deadline.invocation(context), addresses.serving(event):
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


def error_response(
    status: int,
    code: str,
    message: str,
    details: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[str]:
    return Response(
        status_code=status,
        content_type="application/json",
        body=to_json({"error": {"code": code, "message": message, "details": details or []}}),
        headers={"Cache-Control": "no-store", **(headers or {})},
    )


def _haber_error(error: HaberError) -> Response[str]:
    return error_response(error.status, error.code, error.message, error.details, error.headers)


def _validation_error(error: RequestValidationError) -> Response[str]:
    errors = error.errors()
    if any(item.get("type") == "json_invalid" for item in errors):
        return error_response(400, "malformed_json", "The request body is not valid JSON.")
    # `reason` is the rule a value broke (pydantic's error type, such as string_too_long, or
    # a domain's own, such as too_many_links), for clients that explain it in their words.
    details = [
        FieldError(field=".".join(str(part) for part in item["loc"]), message=item["msg"], reason=item["type"])
        for item in errors
    ]
    return error_response(400, "validation_error", "The request is not valid; see details.", details)


def _route_not_found(_: NotFoundError) -> Response[str]:
    return error_response(404, "route_not_found", "No such route.")


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
