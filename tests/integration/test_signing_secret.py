"""The signing secret stays in Secrets Manager (moto's server locally): a function reads it
once and keeps it; without it, a request that signs is a 503, not a 500."""

from typing import Any

import pytest

from devstack import aws
from devstack.dynamodb import client, free_port
from devstack.samples import DEMO_ARTICLE
from haber.platform import cursor, secrets, signing
from tests.conftest import Api


def test_the_secret_is_read_once_and_kept(api: Api) -> None:
    calls: list[str] = []
    with api.environment("CommentsFunction"):
        secret_id = api.runtime.stack.functions["CommentsFunction"].environment["SIGNING_SECRET_ID"]
        client = secrets._provider(aws.endpoint()).client
        client.meta.events.register("before-call.secrets-manager.GetSecretValue", lambda **_: calls.append(secret_id))
        token = cursor.encode({"PK": "x"}, "q")
        for _ in range(3):
            assert cursor.decode(token, "q") == {"PK": "x"}
            signing.visitor_hash("192.0.2.1", "Mozilla/5.0", "2026-11-29")
        assert signing.signing_secret().decode() == api.runtime.stack.secret_values()["SigningSecret"]
    assert calls == [secret_id]


def test_no_function_sees_the_secrets_value(api: Api) -> None:
    values = set(api.runtime.stack.secret_values().values())
    for function in api.runtime.stack.functions.values():
        assert "SIGNING_SECRET" not in function.environment, function.name
        assert not values & set(function.environment.values()), function.name


def test_an_unreachable_secrets_manager_is_a_503_that_writes_nothing(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    unreachable: dict[str, Any] = dict.fromkeys(aws.ENDPOINT_VARIABLES, f"http://127.0.0.1:{free_port()}")
    monkeypatch.setattr(aws, "environment", lambda: unreachable)
    items = client(api.runtime.dynamodb_endpoint).scan(TableName=api.runtime.stack.table_name)["Items"]
    reply = api.request("POST", f"/articles/{DEMO_ARTICLE}/views", User_Agent="Mozilla/5.0 (X11; Linux x86_64)")
    assert reply.status_code == 503
    assert reply.json["error"]["code"] == "service_unavailable"
    assert reply.headers["Retry-After"] == "2"
    assert client(api.runtime.dynamodb_endpoint).scan(TableName=api.runtime.stack.table_name)["Items"] == items
