"""Opaque, tamper-proof pagination cursors.

A cursor is DynamoDB's LastEvaluatedKey plus the query it belongs to, signed with
HMAC-SHA256. A garbled, forged or foreign cursor is a 400, never another query.
"""

import base64
import hashlib
import hmac
import json

from haber.platform.errors import BadRequest, field_error
from haber.platform.shapes import Item
from haber.platform.signing import derived_key

MAX_LENGTH = 2048


def encode(last_key: Item | None, query: str) -> str | None:
    if not last_key:
        return None
    payload = base64.urlsafe_b64encode(json.dumps({"k": last_key, "q": query}, separators=(",", ":")).encode())
    return f"{payload.decode().rstrip('=')}.{_sign(payload.rstrip(b'='))}"


def decode(cursor: str | None, query: str) -> Item | None:
    if cursor is None:
        return None
    payload, _, signature = cursor.partition(".")
    if len(cursor) > MAX_LENGTH or not hmac.compare_digest(signature.encode(), _sign(payload.encode()).encode()):
        raise _invalid()
    try:
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except ValueError:
        raise _invalid() from None
    if not isinstance(data, dict) or data.get("q") != query or not isinstance(data.get("k"), dict):
        raise _invalid()
    key: Item = data["k"]
    return key


def _sign(payload: bytes) -> str:
    digest = hmac.new(derived_key("cursor"), payload, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:20]).decode().rstrip("=")


def _invalid() -> BadRequest:
    return BadRequest(
        "The cursor is not valid for this query; start again without it.",
        [field_error("cursor", "is garbled, forged or belongs to another query")],
        code="invalid_cursor",
    )
