"""JSON bodies: the form every answer is written in (`to_json`), and the checks a request
body passes before anything parses it (`refused_body`)."""

import base64
import binascii
import json
import re
from functools import partial

from haber.platform.errors import BadRequest, HaberError, PayloadTooLarge, UnsupportedMediaType, field_error
from haber.platform.shapes import Event

MAX_BODY_BYTES = 256 * 1024
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
to_json = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))


def refused_body(event: Event) -> HaberError | None:
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
