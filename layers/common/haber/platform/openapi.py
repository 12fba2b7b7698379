"""The API's OpenAPI document: what a route states about its answers (`documented`), and
the document generated from every function's routes by `make openapi` (devstack/openapi.py)
and shipped in this layer."""

import json
from functools import cache
from pathlib import Path
from typing import Any

from haber.platform.shapes import Json

DOCUMENT = Path(__file__).with_name("openapi.json")
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


@cache
def openapi_document() -> Json:
    document: Json = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    return document
