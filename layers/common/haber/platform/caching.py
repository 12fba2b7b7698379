"""Conditional GETs and Cache-Control: an ETag on every 200 GET, 304 when the client has
it already, and the cache policy of the answer (public, live, staff, or private when it
was chosen by Accept-Language, which no shared cache keys on)."""

import hashlib
from collections.abc import Mapping
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware

from haber.platform.bodies import to_json

# What anyone may read (articles, lists, pages, feeds): at most a minute old anywhere. The
# browser and the CDN keep it 50 s (the browser counts the CDN's Age), then the CDN may
# serve it 10 s more while it fetches a new copy in the background; an unpublication,
# a deletion and a correction are also invalidated at once (haber.cdn.invalidating).
PUBLIC_CACHE = "public, max-age=50, s-maxage=50, stale-while-revalidate=10"
STAFF_CACHE = "private, no-store"  # a staff answer must never be served from a shared cache
# What a route may set in `app.context`: its own Cache-Control, and that its answer was
# chosen by Accept-Language (haber.platform.reader sets it).
CACHE_CONTROL = "cache_control"
VARY_LANGUAGE = "vary_language"


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
    negotiated = bool(app.context.get(VARY_LANGUAGE))
    cache = str(response.headers.get("Cache-Control") or app.context.get(CACHE_CONTROL, PUBLIC_CACHE))
    response.headers["Cache-Control"] = private(cache) if negotiated else cache
    if negotiated:
        response.headers["Vary"] = "Accept-Language"
    if _matches(app.current_event.headers.get("if-none-match"), str(etag)):
        return Response(status_code=304, headers=response.headers)
    return response


def private(cache_control: str) -> str:
    """An answer chosen by Accept-Language, which no shared cache keys on: only the reader's
    browser may keep it, as long as the route's own max-age (a minute if it has none)."""
    if "no-store" in cache_control:
        return cache_control
    max_age = next((part for part in cache_control.split(", ") if part.startswith("max-age=")), "max-age=60")
    return f"private, {max_age}"


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    wanted = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in wanted or etag.removeprefix("W/") in wanted
