"""Domain errors. Each maps to one HTTP status and a stable machine-readable code."""

from typing import NotRequired, TypedDict


class FieldError(TypedDict):
    """One thing wrong with a request: where (a body field, parameter or header) and what."""

    field: NotRequired[str]
    message: str
    reason: NotRequired[str]  # the rule broken, for clients that say it in their own words


class HaberError(Exception):
    status = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        details: list[FieldError] | None = None,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.details = details or []
        self.headers = headers or {}
        if code:
            self.code = code


class BadRequest(HaberError):
    pass


class Unauthorized(HaberError):
    status, code = 401, "unauthorized"


class Forbidden(HaberError):
    status, code = 403, "forbidden"


class NotFound(HaberError):
    status, code = 404, "not_found"


class Conflict(HaberError):
    status, code = 409, "conflict"


class PreconditionFailed(HaberError):
    status, code = 412, "precondition_failed"


class PayloadTooLarge(HaberError):
    status, code = 413, "payload_too_large"


class UnsupportedMediaType(HaberError):
    status, code = 415, "unsupported_media_type"


class ServiceUnavailable(HaberError):
    status, code = 503, "service_unavailable"


class PreconditionRequired(HaberError):
    status, code = 428, "precondition_required"


class TooManyRequests(HaberError):
    status, code = 429, "rate_limited"


def field_error(field: str, message: str) -> FieldError:
    return {"field": field, "message": message}
