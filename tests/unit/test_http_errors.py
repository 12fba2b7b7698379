"""The one place errors become HTTP (haber.platform.http.Api), on a resolver of its own with
no table: domain errors, validation, unknown routes, refused bodies, an unavailable
DynamoDB and bugs, each in the error envelope, the message in the reader's language."""

import json
from typing import Any

from botocore.exceptions import ClientError
from pydantic import BaseModel

from haber.platform.errors import Conflict
from haber.platform.http import Api
from haber.platform.roles import staff

MESSAGES = {("tr", "version_conflict"): "Çakışma", ("tr", "payload_too_large"): "Çok büyük"}
app = Api(lambda lang, code: MESSAGES.get((lang, code)))


class Thing(BaseModel):
    name: str


@app.get("/conflict")
def conflict() -> dict[str, Any]:
    raise Conflict("It changed.", code="version_conflict", headers={"X-Why": "edited"})


@app.post("/things")
def post_thing(thing: Thing) -> dict[str, Any]:
    return {"name": thing.name}


@app.post("/desk", **staff("editor"))
def desk(thing: Thing) -> dict[str, Any]:
    return {"name": thing.name}


@app.get("/busy")
def busy() -> dict[str, Any]:
    raise ClientError({"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow"}}, "GetItem")


@app.get("/bug")
def bug() -> dict[str, Any]:
    raise KeyError("a bug")


def call(method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None) -> dict[str, Any]:
    event = {
        "version": "2.0",
        "routeKey": f"{method} {path}",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {"content-type": "application/json", **(headers or {})},
        "requestContext": {"http": {"method": method, "path": path, "sourceIp": "192.0.2.1"}, "stage": "$default"},
        "body": body,
        "isBase64Encoded": False,
    }
    return app.resolve(event, None)


def error(answer: dict[str, Any]) -> dict[str, Any]:
    assert answer["headers"]["Cache-Control"] == "no-store"
    envelope: dict[str, Any] = json.loads(answer["body"])["error"]
    return envelope


def test_a_domain_error_keeps_its_status_code_and_headers() -> None:
    answer = call("GET", "/conflict")
    assert answer["statusCode"] == 409
    assert answer["headers"]["X-Why"] == "edited"
    assert error(answer) == {"code": "version_conflict", "message": "It changed.", "details": []}


def test_the_message_is_in_the_readers_language_with_the_english_in_details() -> None:
    answer = call("GET", "/conflict", headers={"accept-language": "tr-TR,tr;q=0.9"})
    assert answer["headers"]["Content-Language"] == "tr"
    assert error(answer)["message"] == "Çakışma"
    assert error(answer)["details"] == [{"message": "It changed."}]


def test_without_a_catalog_message_the_english_stays() -> None:
    answer = call("GET", "/conflict", headers={"accept-language": "de"})
    assert error(answer)["message"] == "It changed."
    assert "Content-Language" not in answer["headers"]


def test_a_validation_error_names_field_and_reason() -> None:
    answer = call("POST", "/things", json.dumps({"name": 5}))
    assert answer["statusCode"] == 400
    found = error(answer)
    assert found["code"] == "validation_error"
    assert found["details"] == [
        {"field": "body.name", "message": "Input should be a valid string", "reason": "string_type"}
    ]


def test_a_refused_body_is_answered_before_any_route_in_the_readers_language() -> None:
    answer = call("POST", "/things", json.dumps("x" * 300_000), {"accept-language": "tr"})
    assert answer["statusCode"] == 413
    assert answer["headers"]["Content-Type"] == "application/json"
    assert error(answer)["message"] == "Çok büyük"


def test_an_unknown_route_is_404_route_not_found() -> None:
    answer = call("GET", "/nowhere")
    assert (answer["statusCode"], error(answer)["code"]) == (404, "route_not_found")


def test_a_staff_route_checks_the_role_before_the_body() -> None:
    answer = call("POST", "/desk", json.dumps({"name": 5}))
    assert (answer["statusCode"], error(answer)["code"]) == (401, "unauthorized")


def test_an_unavailable_dynamodb_is_503_with_retry_after() -> None:
    answer = call("GET", "/busy")
    assert (answer["statusCode"], error(answer)["code"]) == (503, "service_unavailable")
    assert answer["headers"]["Retry-After"] == "2"


def test_a_bug_is_500_without_its_details() -> None:
    answer = call("GET", "/bug")
    assert (answer["statusCode"], error(answer)) == (
        500,
        {"code": "internal_error", "message": "Something went wrong on our side; it has been logged.", "details": []},
    )
