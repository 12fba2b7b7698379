"""Bodies and paths no client should send get a clear 4xx with the JSON error envelope,
never a 500: checked before anything parses the body (platform.http.refused_body)."""

from typing import Any

import pytest

from devstack.gateway import MAX_PAYLOAD
from tests.conftest import Api

ARTICLE = "demokeupkargo2ks"
REACTIONS = f"/articles/{ARTICLE}/reactions"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64)"


def send(api: Api, path: str, body: bytes, content_type: str | None) -> Any:
    headers = {"User-Agent": BROWSER, **({"Content-Type": content_type} if content_type else {})}
    return api.client.open(path, method="POST", data=body, headers=headers)


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/xml", "multipart/form-data", "application/x-www-form-urlencoded", "text/json"],
)
def test_a_body_that_is_not_json_by_its_type_is_415(demo_api: Api, content_type: str) -> None:
    response = send(demo_api, REACTIONS, b'{"type":"like"}', content_type)
    assert response.status_code == 415
    assert response.get_json()["error"]["code"] == "unsupported_media_type"


@pytest.mark.parametrize(
    "content_type", ["APPLICATION/JSON", "application/json; charset=utf-8", "application/vnd.api+json", None]
)
def test_json_in_any_casing_and_plus_json_types_are_json(api: Api, content_type: str | None) -> None:
    response = send(api, REACTIONS, b'{"type":"like"}', content_type)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["type"] == "like"


@pytest.mark.parametrize(
    "body",
    [
        b'{"type":"like\xff"}',  # not UTF-8
        b"[" * 10_000 + b"]" * 10_000,  # nested too deep for any parser's stack
        b'{"type": ' + b"9" * 5_000 + b"}",  # a number over Python's 4,300-digit limit
        b'{"type": "like"',  # cut short
    ],
    ids=["invalid-utf8", "deep-nesting", "huge-number", "truncated"],
)
def test_a_body_that_cannot_be_parsed_is_400_malformed_json(demo_api: Api, body: bytes) -> None:
    response = send(demo_api, REACTIONS, body, "application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "malformed_json"


def test_a_body_over_the_gateways_limit_gets_the_same_json_413(demo_api: Api) -> None:
    response = send(demo_api, REACTIONS, b"x" * (MAX_PAYLOAD + 1024), "application/json")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "payload_too_large"


@pytest.mark.parametrize(
    "path",
    [
        "/articles/by-slug/en/" + "a" * 2050,
        "/articles/by-slug/en/Not%20A%20Slug",
        f"/articles/{ARTICLE}/reactions/" + "l" * 2050,
    ],
    ids=["long-slug", "slug-pattern", "long-reaction-type"],
)
def test_path_parameters_out_of_shape_are_400(demo_api: Api, path: str) -> None:
    method = "DELETE" if "/reactions/" in path else "GET"
    response = demo_api.request(method, path, User_Agent=BROWSER)
    assert response.status_code == 400, response.json
    assert response.json["error"]["code"] == "validation_error"
