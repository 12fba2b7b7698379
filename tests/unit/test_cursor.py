import base64
import json

import pytest

from haber.platform import cursor
from haber.platform.errors import BadRequest

KEY = {"pk": "ARTICLE#abc", "sk": "META", "gsi1pk": "PUB", "gsi1sk": "2026-11-01T00:00:00Z#abc"}


def test_a_cursor_round_trips_for_its_own_query() -> None:
    token = cursor.encode(KEY, "list|PUB|")
    assert token is not None
    assert cursor.decode(token, "list|PUB|") == KEY


def test_no_key_no_cursor() -> None:
    assert cursor.encode(None, "q") is None
    assert cursor.decode(None, "q") is None


def forged() -> str:
    payload = base64.urlsafe_b64encode(json.dumps({"k": {**KEY, "pk": "ARTICLE#other"}, "q": "list|PUB|"}).encode())
    signature = cursor.encode(KEY, "list|PUB|").split(".")[1]  # type: ignore[union-attr]
    return f"{payload.decode().rstrip('=')}.{signature}"


@pytest.mark.parametrize(
    "bad",
    ["garbage", "", ".", "a.b", "ünïcödé.sig", "x" * 5000, "forged"],
)
def test_garbled_or_forged_cursors_are_a_400(bad: str) -> None:
    with pytest.raises(BadRequest) as refused:
        cursor.decode(forged() if bad == "forged" else bad, "list|PUB|")
    assert refused.value.code == "invalid_cursor"


def test_a_cursor_of_another_query_is_refused() -> None:
    token = cursor.encode(KEY, "list|CAT#economy|")
    with pytest.raises(BadRequest):
        cursor.decode(token, "list|PUB|")


def test_a_cursor_signed_with_another_secret_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    token = cursor.encode(KEY, "q")
    monkeypatch.setenv("SIGNING_SECRET", "a-different-secret-0123456789")
    with pytest.raises(BadRequest):
        cursor.decode(token, "q")
