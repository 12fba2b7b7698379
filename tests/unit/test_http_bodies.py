"""Request body pre-checks (haber.platform.bodies.refused_body), as pure logic: each refusal
with its status, code and the field it names, and what passes (normalised)."""

import base64
import json
from typing import Any

import pytest

from haber.platform.bodies import MAX_BODY_BYTES, refused_body
from haber.platform.errors import HaberError


def event(body: str | None, content_type: str | None = "application/json", encoded: bool = False) -> dict[str, Any]:
    headers = {} if content_type is None else {"content-type": content_type}
    return {"body": body, "headers": headers, "isBase64Encoded": encoded}


def refusal(request: dict[str, Any]) -> HaberError:
    refused = refused_body(request)
    assert refused is not None
    return refused


def test_a_body_over_the_limit_is_refused_with_413_naming_its_size() -> None:
    body = json.dumps("x" * MAX_BODY_BYTES)  # the quotes take it over
    refused = refusal(event(body))
    assert (refused.status, refused.code) == (413, "payload_too_large")
    assert str(MAX_BODY_BYTES + 2) in refused.message


def test_a_body_at_the_limit_passes() -> None:
    assert refused_body(event(json.dumps("x" * (MAX_BODY_BYTES - 2)))) is None


def test_the_size_counts_utf8_bytes_not_characters() -> None:
    body = json.dumps("ü" * (MAX_BODY_BYTES // 2), ensure_ascii=False)  # 2 bytes each, plus quotes
    assert refusal(event(body)).status == 413


def test_a_base64_body_is_measured_decoded() -> None:
    raw = json.dumps("x" * (MAX_BODY_BYTES - 10)).encode()
    assert refused_body(event(base64.b64encode(raw).decode(), encoded=True)) is None
    too_large = json.dumps("x" * MAX_BODY_BYTES).encode()
    assert refusal(event(base64.b64encode(too_large).decode(), encoded=True)).status == 413


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
def test_a_body_that_is_not_json_by_its_type_is_refused_with_415(content_type: str) -> None:
    refused = refusal(event('{"a": 1}', content_type))
    assert (refused.status, refused.code) == (415, "unsupported_media_type")
    assert refused.details == [{"field": "Content-Type", "message": f"is {content_type}; must be application/json"}]


def test_a_content_type_without_a_media_type_is_named_as_empty() -> None:
    refused = refusal(event('{"a": 1}', "; charset=utf-8"))
    assert refused.status == 415
    assert refused.details[0]["message"] == "is empty; must be application/json"


@pytest.mark.parametrize(
    "content_type", ["application/json", "Application/JSON; charset=utf-8", "application/merge-patch+json", "", None]
)
def test_json_in_any_casing_and_plus_json_types_pass_normalised(content_type: str | None) -> None:
    request = event('{"a": 1}', content_type)
    assert refused_body(request) is None
    assert request["headers"]["content-type"] == "application/json"


def test_no_body_passes_untouched() -> None:
    request = event(None, "text/plain")
    assert refused_body(request) is None
    assert request["headers"] == {"content-type": "text/plain"}


@pytest.mark.parametrize("body", ['{"a": ', "{'a': 1}", "[1, 2,]", "NaNx", '{"a": 1} trailing'])
def test_malformed_json_is_refused_with_400_naming_the_body(body: str) -> None:
    refused = refusal(event(body))
    assert (refused.status, refused.code) == (400, "malformed_json")
    assert refused.details[0]["field"] == "body"
    assert refused.details[0]["message"].startswith("cannot be read: ")


def test_invalid_utf8_is_malformed() -> None:
    body = base64.b64encode(b'{"a": "\xff\xfe"}').decode()
    refused = refusal(event(body, encoded=True))
    assert refused.code == "malformed_json"
    assert "utf-8" in refused.details[0]["message"]


def test_invalid_base64_is_malformed() -> None:
    assert refusal(event("not base64!", encoded=True)).code == "malformed_json"


@pytest.mark.parametrize("escape", ["\\udc00", "\\ud800", "\\uDBFF", "x\\ud83dy"])
def test_a_lone_surrogate_escape_is_refused(escape: str) -> None:
    refused = refusal(event(f'{{"text": "{escape}"}}'))
    assert refused.code == "malformed_json"
    assert "lone surrogate" in refused.details[0]["message"]


def test_a_surrogate_pair_escape_is_a_character_and_passes() -> None:
    assert refused_body(event('{"text": "\\ud83d\\ude00"}')) is None


def test_deep_nesting_is_refused_saying_so() -> None:
    depth = 100_000  # within the size limit, beyond any parser's recursion
    refused = refusal(event("[" * depth + "]" * depth))
    assert refused.code == "malformed_json"
    assert refused.details[0]["message"] == "cannot be read: it is nested too deeply"
