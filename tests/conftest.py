"""Shared fixtures: one DynamoDB Local per test session (in memory, on a free port),
tables created from template.yaml, the demo content seeded through the real code."""

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from werkzeug.datastructures import Headers
from werkzeug.test import Client

from devstack.auth import LocalIssuer
from devstack.dynamodb import DynamoDBLocal, client, ensure_table, free_port
from devstack.gateway import Gateway
from devstack.runtime import Runtime
from devstack.seed import seed
from devstack.template import Stack

SECRET = "test-secret-not-for-production-0123456789"


@pytest.fixture(scope="session")
def dynamodb_endpoint() -> Iterator[str]:
    server = DynamoDBLocal(free_port()).start()
    yield server.endpoint
    server.stop()


@pytest.fixture(scope="session")
def issuer_key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("jwt") / "key.pem"


def make_runtime(endpoint: str, items: list[dict[str, Any]] | None = None, **parameters: str) -> Runtime:
    """A table of its own, seeded through the real code, or (faster) with a copy of the
    items such a seeding wrote."""
    stack = Stack(table_name=f"haber-{uuid.uuid4().hex[:12]}", secret=SECRET, parameters=parameters)
    ensure_table(stack, endpoint)
    runtime = Runtime(stack, endpoint)
    if items is None:
        seed(runtime)
        return runtime
    dynamodb = client(endpoint)
    for start in range(0, len(items), 25):
        batch = [{"PutRequest": {"Item": item}} for item in items[start : start + 25]]
        dynamodb.batch_write_item(RequestItems={stack.table_name: batch})
    return runtime


@pytest.fixture(scope="session")
def demo(dynamodb_endpoint: str) -> Runtime:
    """A table seeded through the real code, which no test writes to."""
    return make_runtime(dynamodb_endpoint)


@pytest.fixture(scope="session")
def seeded_items(demo: Runtime, dynamodb_endpoint: str) -> list[dict[str, Any]]:
    return client(dynamodb_endpoint).scan(TableName=demo.stack.table_name)["Items"]


@pytest.fixture(scope="module")
def tables_endpoint() -> Iterator[str]:
    """A DynamoDB Local per test module for the tables tests change. DynamoDB Local slows
    down with every table it has had, deleted or not (0.25 s to make and fill a table at
    first, 1.1 s after 150): a second to start one per module is cheaper."""
    server = DynamoDBLocal(free_port()).start()
    yield server.endpoint
    server.stop()


@pytest.fixture
def fresh(tables_endpoint: str, seeded_items: list[dict[str, Any]]) -> Iterator[Runtime]:
    """A seeded table of this test's own, free to change (dropped afterwards)."""
    runtime = make_runtime(tables_endpoint, seeded_items)
    yield runtime
    client(tables_endpoint).delete_table(TableName=runtime.stack.table_name)


@dataclass
class Reply:
    status_code: int
    headers: Headers
    json: Any
    data: bytes


class Api:
    """The local gateway, driven in-process through Werkzeug's WSGI test client."""

    def __init__(self, runtime: Runtime, key_file: Path):
        settings = runtime.stack.authorizer("StaffJwt")
        self.runtime = runtime
        self.issuer = LocalIssuer(key_file, settings["issuer"], settings["audience"])
        self.client = Client(Gateway(runtime, self.issuer))

    def token(self, role: str = "editor") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.issuer.token(role)}"}

    def request(self, method: str, path: str, body: Any = None, role: str | None = None, **headers: str) -> Reply:
        all_headers = {name.replace("_", "-"): value for name, value in headers.items()}
        if role:
            all_headers.update(self.token(role))
        data = body if isinstance(body, str | bytes) or body is None else json.dumps(body)
        content_type = "application/json" if data is not None else None
        response = self.client.open(path, method=method, data=data, headers=all_headers, content_type=content_type)
        return Reply(response.status_code, response.headers, response.get_json(silent=True), response.get_data())

    def get(self, path: str, **headers: str) -> Reply:
        return self.request("GET", path, **headers)

    def environment(self, function: str = "ArticlesFunction") -> Any:
        return self.runtime.environment(function)


@pytest.fixture(scope="session")
def demo_api(demo: Runtime, issuer_key: Path) -> Api:
    return Api(demo, issuer_key)


@pytest.fixture
def api(fresh: Runtime, issuer_key: Path) -> Api:
    return Api(fresh, issuer_key)


def new_article(**changes: Any) -> dict[str, Any]:
    article = {
        "source_lang": "de",
        "title": "Neue Brücke über den Rhein eröffnet",
        "summary": "Die Brücke verbindet Deutz und die Altstadt.",
        "body": "<p>Die neue <strong>Fußgängerbrücke</strong> ist fertig.</p><p>Sie kostete 40 Millionen Euro.</p>",
        "category": "politics",
        "tags": ["cologne"],
        "author": "Test Redaktion",
    }
    article.update(changes)
    return article


@pytest.fixture
def isolated_api(issuer_key: Path, seeded_items: list[dict[str, Any]]) -> Iterator[Any]:
    """Like make_api, on a DynamoDB Local of its own: load tests leave the emulator slow for
    whatever runs after them (tens of thousands of items and stream records)."""
    server = DynamoDBLocal(free_port()).start()

    def make(**parameters: str) -> Api:
        return Api(make_runtime(server.endpoint, seeded_items, **parameters), issuer_key)

    yield make
    server.stop()


@pytest.fixture
def make_api(tables_endpoint: str, issuer_key: Path, seeded_items: list[dict[str, Any]]) -> Iterator[Any]:
    """An Api over a fresh seeded table, with template parameters of the test's choosing."""

    made: list[Runtime] = []

    def make(**parameters: str) -> Api:
        made.append(make_runtime(tables_endpoint, seeded_items, **parameters))
        return Api(made[-1], issuer_key)

    yield make
    for runtime in made:
        client(tables_endpoint).delete_table(TableName=runtime.stack.table_name)
