"""ETags and Cache-Control (haber.platform.caching): the private form of an answer chosen by
Accept-Language, If-None-Match matching, document ETags, and the conditional-GET
middleware on a resolver of its own (no table)."""

from typing import Any

import pytest
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.utilities.typing import LambdaContext

from haber.platform.caching import PUBLIC_CACHE, STAFF_CACHE, _matches, conditional_get, document_etag, private
from haber.platform.reader import reader_language


@pytest.mark.parametrize(
    ("cache_control", "kept"),
    [
        (PUBLIC_CACHE, "private, max-age=50"),
        ("public, max-age=15, s-maxage=30", "private, max-age=15"),
        ("public, s-maxage=300", "private, max-age=60"),  # no max-age of its own: a minute
        (STAFF_CACHE, STAFF_CACHE),  # never stored stays never stored
        ("no-store", "no-store"),
    ],
)
def test_an_answer_chosen_by_accept_language_is_private(cache_control: str, kept: str) -> None:
    assert private(cache_control) == kept


def test_a_public_answer_is_at_most_a_minute_old_anywhere() -> None:
    """An edit reaches every reader within a minute without an invalidation: the CDN keeps a
    copy its s-maxage and serves it stale-while-revalidate longer while it fetches anew; the
    browser counts the CDN's Age against its max-age, then may use it as long again stale."""
    directives = dict(part.split("=") for part in PUBLIC_CACHE.split(", ") if "=" in part)
    cdn = int(directives["s-maxage"]) + int(directives["stale-while-revalidate"])
    browser = int(directives["max-age"]) + int(directives["stale-while-revalidate"])
    assert PUBLIC_CACHE.startswith("public, ") and max(cdn, browser) <= 60
    assert int(directives["s-maxage"]) >= 30  # the CDN still absorbs the reads (docs/cost.md)


@pytest.mark.parametrize(
    ("if_none_match", "etag", "matches"),
    [
        (None, '"a"', False),
        ("", '"a"', False),
        ('"a"', '"a"', True),
        ('"b"', '"a"', False),
        ('"b", "a"', '"a"', True),
        ('"b" ,"a" ', '"a"', True),
        ('W/"a"', '"a"', True),  # weak comparison, as RFC 9110 says for If-None-Match
        ('"a"', 'W/"a"', True),
        ("*", '"a"', True),
        ('"a-1"', '"a"', False),
    ],
)
def test_if_none_match(if_none_match: str | None, etag: str, matches: bool) -> None:
    assert _matches(if_none_match, etag) is matches


def test_a_document_etag_names_its_version_and_content() -> None:
    etag = document_etag(3, {"title": "Haber", "lang": "de"})
    assert etag.startswith('"v3-') and etag.endswith('"') and len(etag) == len('"v3-"') + 12
    assert document_etag(3, {"lang": "de", "title": "Haber"}) == etag  # key order does not count
    assert document_etag(3, {"title": "Haber", "lang": "tr"}) != etag
    assert document_etag(4, {"title": "Haber", "lang": "de"}) != etag


app = APIGatewayHttpResolver()
app.use(middlewares=[conditional_get])


@app.get("/thing")
def thing() -> dict[str, Any]:
    if app.current_event.get_query_string_value("negotiate"):
        return {"lang": reader_language(app, None)}
    return {"ü": 1}


@app.get("/live")
def live() -> Response[str]:
    return Response(200, "application/json", "{}", headers={"Cache-Control": "public, max-age=15"})


@app.post("/thing")
def post_thing() -> dict[str, Any]:
    return {"posted": True}


def call(method: str, path: str, headers: dict[str, str] | None = None, query: str = "") -> dict[str, Any]:
    event = {
        "version": "2.0",
        "routeKey": f"{method} {path}",
        "rawPath": path,
        "rawQueryString": query,
        "queryStringParameters": dict([query.split("=")]) if query else None,
        "headers": headers or {},
        "requestContext": {"http": {"method": method, "path": path, "sourceIp": "192.0.2.1"}, "stage": "$default"},
        "isBase64Encoded": False,
    }
    return app.resolve(event, LambdaContext())


def test_a_get_gets_an_etag_and_the_public_cache() -> None:
    answer = call("GET", "/thing")
    assert answer["statusCode"] == 200
    assert answer["headers"]["Cache-Control"] == PUBLIC_CACHE
    assert answer["headers"]["ETag"].startswith('"') and len(answer["headers"]["ETag"]) == 34
    assert "Vary" not in answer["headers"]


def test_a_client_with_the_etag_gets_304() -> None:
    etag = call("GET", "/thing")["headers"]["ETag"]
    answer = call("GET", "/thing", {"if-none-match": f'W/"other", {etag}'})
    assert answer["statusCode"] == 304
    assert answer["headers"]["ETag"] == etag


def test_a_routes_own_cache_control_is_kept() -> None:
    assert call("GET", "/live")["headers"]["Cache-Control"] == "public, max-age=15"


def test_a_language_chosen_by_accept_language_varies_and_is_private() -> None:
    answer = call("GET", "/thing", {"accept-language": "tr"}, "negotiate=1")
    assert answer["headers"]["Vary"] == "Accept-Language"
    assert answer["headers"]["Cache-Control"] == "private, max-age=50"


def test_only_gets_get_etags() -> None:
    answer = call("POST", "/thing", {"if-none-match": "*"})
    assert answer["statusCode"] == 200
    assert "ETag" not in answer["headers"]
