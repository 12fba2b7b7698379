"""DynamoDB failing under the handlers: throttled, erroring or not answering. Every route
answers 503 with Retry-After and the JSON error envelope, nothing is half-written, and the
same request succeeds once DynamoDB is back. Faults are injected into the real botocore
clients (a `before-send` hook answers in DynamoDB's place), or come from a socket that
accepts connections and never answers."""

import json
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse
from botocore.compat import HTTPHeaders

from devstack.runtime import Runtime
from haber.platform.db import low_level_client, resource
from tests.conftest import Api, new_article

ARTICLE = "demokeupkargo2ks"
BROWSER = {"User_Agent": "Mozilla/5.0 (X11; Linux x86_64)"}


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.data


@contextmanager
def dynamodb_answers(api: Api, status: int, code: str) -> Iterator[list[str]]:
    """Every DynamoDB request of this Api's functions gets `status` with error `code`."""
    endpoint = api.runtime.dynamodb_endpoint
    with api.environment():
        clients = [resource(endpoint).meta.client, low_level_client(endpoint)]
    refused: list[str] = []

    def answer(request: Any, **_: Any) -> AWSResponse:
        refused.append(request.headers.get("X-Amz-Target", b"").decode())
        body = json.dumps({"__type": f"com.amazonaws.dynamodb.v20120810#{code}", "message": "injected"}).encode()
        headers = HTTPHeaders()
        headers["x-amzn-ErrorType"] = code
        return AWSResponse(request.url, status, headers, _Body(body))

    for client in clients:
        hooks: Any = client.meta.events  # a hook may answer instead of DynamoDB (botocore's typing says None)
        hooks.register_first("before-send.dynamodb", answer, unique_id="fault")
    try:
        yield refused
    finally:
        for client in clients:
            client.meta.events.unregister("before-send.dynamodb", unique_id="fault")


def write_requests(api: Api) -> list[tuple[str, str, Any, str | None, dict[str, str]]]:
    """One request per write path: (method, path, body, role, headers)."""
    version = api.get(f"/articles/{ARTICLE}").json["version"]
    comment = {"author": "Leser", "text": "Ein Kommentar"}
    translation = {"title": "T", "summary": "S", "body": "<p>B</p>"}
    return [
        ("POST", "/articles", new_article(), "editor", {}),
        ("PUT", f"/articles/{ARTICLE}", {"author": "Neu"}, "editor", {"If_Match": f'"v{version}"'}),
        ("DELETE", f"/articles/{ARTICLE}", None, "editor", {}),
        ("PUT", "/categories/science", {"names": {"de": "Wissenschaft"}}, "editor", {}),
        ("POST", f"/articles/{ARTICLE}/comments", comment, None, BROWSER),
        ("POST", f"/articles/{ARTICLE}/comments", comment, None, {**BROWSER, "Idempotency_Key": "fault-key-1"}),
        ("POST", f"/articles/{ARTICLE}/views", None, None, BROWSER),
        ("POST", f"/articles/{ARTICLE}/reactions", {"type": "like"}, None, BROWSER),
        ("DELETE", f"/articles/{ARTICLE}/reactions/like", None, None, BROWSER),
        ("POST", f"/articles/{ARTICLE}/shares", {"network": "x"}, None, BROWSER),
        ("PUT", f"/articles/{ARTICLE}/translations/en", translation, "editor", {}),
        ("POST", f"/articles/{ARTICLE}/translations/en/refresh", None, "editor", {}),
        ("PUT", "/glossary", {"protected": ["OpenAI"]}, "editor", {}),
    ]


@pytest.mark.parametrize(
    ("status", "code"),
    [(400, "ProvisionedThroughputExceededException"), (400, "ThrottlingException"), (500, "InternalServerError")],
)
def test_every_write_path_answers_503_when_dynamodb_cannot_serve(api: Api, status: int, code: str) -> None:
    before = api.get(f"/articles/{ARTICLE}/stats").json
    requests = write_requests(api)
    with dynamodb_answers(api, status, code) as refused:
        for method, path, body, role, headers in requests:
            response = api.request(method, path, body, role=role, **headers)
            assert response.status_code == 503, (method, path, response.json)
            assert response.json["error"]["code"] == "service_unavailable"
            assert response.json["error"]["message"].startswith("Der Dienst ist gerade ausgelastet")
            assert "nothing was changed" in response.json["error"]["details"][0]["message"]
            assert int(response.headers["Retry-After"]) >= 1
    assert refused  # the requests really reached DynamoDB's client
    after = api.get(f"/articles/{ARTICLE}/stats").json
    assert (after["views"], after["comments"], after["reactions"]) == (
        before["views"],
        before["comments"],
        before["reactions"],
    )
    assert api.get(f"/articles/{ARTICLE}").json["author"] != "Neu"  # nothing half-written
    method, path, body, role, headers = requests[4]  # and once DynamoDB is back, the same request works
    assert api.request(method, path, body, role=role, **headers).status_code == 201


@pytest.fixture
def silent_endpoint() -> Iterator[str]:
    """Accepts TCP connections (the kernel completes the handshake) and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()


def test_an_unresponsive_dynamodb_is_a_503_not_a_gateway_timeout(
    demo: Runtime, issuer_key: Any, silent_endpoint: str
) -> None:
    api = Api(Runtime(demo.stack, silent_endpoint), issuer_key)
    response = api.get(f"/articles/{ARTICLE}")
    assert response.status_code == 503
    assert response.json["error"]["code"] == "service_unavailable"
    assert response.headers["Retry-After"] == "2"
