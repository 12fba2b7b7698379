"""Comments against DynamoDB Local: threads, moderation, validation, abuse protection."""

import json
import zlib
from datetime import timedelta
from typing import Any

import pytest
from boto3.dynamodb.types import Binary

from haber.platform import clock
from haber.platform.db import table
from haber.platform.observability import metrics
from tests.conftest import Api
from tests.integration.helpers import dynamodb_calls

ARTICLE = "demokeupkargo2ks"  # German source; seeded with 3 approved comments, 1 pending
THREAD = f"/articles/{ARTICLE}/comments"
ROOMY = {"CommentRatePerMinute": "1000", "CommentRatePerDay": "1000"}


@pytest.fixture
def post_mode(make_api: Any) -> Api:
    return make_api(ModerationMode="post", **ROOMY)


@pytest.fixture
def pre_mode(make_api: Any) -> Api:
    return make_api(ModerationMode="pre", **ROOMY)


def say(api: Api, text: str = "Guter Artikel!", article: str = ARTICLE, **fields: Any) -> Any:
    return api.request("POST", f"/articles/{article}/comments", {"author": "Leser", "text": text, **fields})


def visible(api: Api, article: str = ARTICLE, **query: str) -> dict:
    params = "&".join(f"{name}={value}" for name, value in {"limit": "50", **query}.items())
    response = api.get(f"/articles/{article}/comments?{params}")
    assert response.status_code == 200, response.json
    return response.json


def test_the_seeded_thread(post_mode: Api) -> None:
    thread = visible(post_mode)
    assert thread["count"] == 3
    assert [(c["author"], c["lang"], c["reply_count"]) for c in thread["items"]] == [
        ("Mehmet K.", "de", 1),
        ("Tom W.", "en", 0),
    ]
    replies = post_mode.get(thread["items"][0]["replies_path"]).json["items"]
    assert [(r["author"], r["lang"], r["parent_id"]) for r in replies] == [
        ("Ayşe Demir", "tr", thread["items"][0]["id"])
    ]


def test_post_moderation_shows_a_comment_at_once(post_mode: Api) -> None:
    response = say(post_mode, "Sehr informativ.")
    assert response.status_code == 201
    assert response.json["status"] == "approved"
    thread = visible(post_mode)
    assert (thread["count"], thread["items"][-1]["text"], thread["items"][-1]["lang"]) == (4, "Sehr informativ.", "de")


def test_pre_moderation_waits_for_a_moderator(pre_mode: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    counted: list[str] = []
    monkeypatch.setattr(metrics, "add_metric", lambda name, **_: counted.append(name))
    posted = say(pre_mode, "Bitte freischalten.", lang="en").json
    assert posted["status"] == "pending"
    assert visible(pre_mode)["count"] == 3
    queue = pre_mode.request("GET", "/comments?status=pending", role="moderator").json["items"]
    assert [c["id"] for c in queue][-1] == posted["id"]
    approved = pre_mode.request("POST", f"{THREAD}/{posted['id']}/approve", role="moderator")
    assert approved.json == {"id": posted["id"], "status": "approved"}
    thread = visible(pre_mode)
    assert (thread["count"], thread["items"][-1]["id"]) == (4, posted["id"])
    assert (
        pre_mode.request("POST", f"{THREAD}/{posted['id']}/approve", role="moderator").status_code == 200
    )  # again: no-op
    assert visible(pre_mode)["count"] == 4
    assert counted == ["CommentsHeld", "CommentsModerated"]  # the dashboard's moderation workload


def test_reject_and_delete_take_comments_away_at_once(post_mode: Api) -> None:
    top, reply = say(post_mode, "Oben").json["id"], None
    reply = say(post_mode, "Antwort", parent_id=top).json["id"]
    assert visible(post_mode)["count"] == 5
    assert post_mode.request("POST", f"{THREAD}/{reply}/reject", role="moderator").json["status"] == "rejected"
    thread = visible(post_mode)
    assert thread["count"] == 4
    assert next(c for c in thread["items"] if c["id"] == top)["reply_count"] == 0
    assert post_mode.request("DELETE", f"{THREAD}/{top}", role="moderator").json["status"] == "deleted"
    assert top not in [c["id"] for c in visible(post_mode)["items"]]
    assert visible(post_mode)["count"] == 3
    rejected = post_mode.request("GET", "/comments?status=rejected", role="moderator").json["items"]
    assert [c["id"] for c in rejected] == [reply]


def test_deleting_a_comment_with_replies_leaves_a_placeholder(post_mode: Api) -> None:
    thread = visible(post_mode)
    parent = thread["items"][0]
    assert post_mode.request("DELETE", f"{THREAD}/{parent['id']}", role="moderator").status_code == 200
    after = visible(post_mode)
    placeholder = after["items"][0]
    assert (placeholder["id"], placeholder["deleted"], placeholder["author"], placeholder["text"]) == (
        parent["id"],
        True,
        None,
        None,
    )
    assert placeholder["reply_count"] == 1
    assert after["count"] == 2  # the reply and Tom's comment
    assert len(post_mode.get(parent["replies_path"]).json["items"]) == 1
    blocked = say(post_mode, "Noch eine Antwort", parent_id=parent["id"])
    assert (blocked.status_code, blocked.json["error"]["code"]) == (400, "invalid_parent")


def test_pages_in_both_orders(post_mode: Api) -> None:
    posted = [say(post_mode, f"Kommentar {n}").json["id"] for n in range(7)]
    for order in ("oldest", "newest"):
        seen, cursor, counts = [], None, set()
        while True:
            page = visible(post_mode, limit="3", order=order, **({"cursor": cursor} if cursor else {}))
            seen += [c["id"] for c in page["items"]]
            counts.add(page["count"])
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert counts == {10}
        assert len(seen) == len(set(seen)) == 9  # 7 new + Mehmet + Tom (replies sit under their parent)
        assert seen == (sorted(seen) if order == "oldest" else sorted(seen, reverse=True))
        assert set(posted) <= set(seen)


def test_a_cursor_of_one_order_is_refused_by_the_other(post_mode: Api) -> None:
    cursor = visible(post_mode, limit="1")["next_cursor"]
    response = post_mode.get(f"{THREAD}?order=newest&cursor={cursor}")
    assert (response.status_code, response.json["error"]["code"]) == (400, "invalid_cursor")


def test_replies_are_one_level_and_paged(post_mode: Api) -> None:
    top = say(post_mode, "Frage?").json["id"]
    replies = [say(post_mode, f"Antwort {n}", parent_id=top).json["id"] for n in range(5)]
    assert next(c for c in visible(post_mode)["items"] if c["id"] == top)["reply_count"] == 5
    first = post_mode.get(f"{THREAD}/{top}/replies?limit=3").json
    second = post_mode.get(f"{THREAD}/{top}/replies?limit=3&cursor={first['next_cursor']}").json
    assert [r["id"] for r in first["items"] + second["items"]] == replies
    assert second["next_cursor"] is None
    nested = say(post_mode, "Antwort auf Antwort", parent_id=replies[0])
    assert (nested.status_code, nested.json["error"]["code"]) == (400, "invalid_parent")


def test_a_reply_to_a_pending_comment_is_refused(pre_mode: Api) -> None:
    pending = say(pre_mode, "Wartet noch").json["id"]
    response = say(pre_mode, "Antwort", parent_id=pending)
    assert (response.status_code, response.json["error"]["details"][0]["field"]) == (400, "parent_id")
    assert pre_mode.get(f"{THREAD}/{pending}/replies").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"author": "", "text": "Hallo"}, "body.author"),
        ({"author": "   ", "text": "Hallo"}, "body.author"),
        ({"author": "x" * 61, "text": "Hallo"}, "body.author"),
        ({"author": "Leser", "text": ""}, "body.text"),
        ({"author": "Leser", "text": " \n\t "}, "body.text"),
        ({"author": "Leser", "text": "x" * 2001}, "body.text"),
        (
            {"author": "Leser", "text": "https://a.example https://b.example http://c.example www.d.example"},
            "body.text",
        ),
        ({"author": "Leser", "text": 42}, "body.text"),
        ({"author": "Leser"}, "body.text"),
        ({"author": "Leser", "text": "Hallo", "lang": "fr"}, "lang"),
        ({"author": "Leser", "text": "Hallo", "parent_id": "not-an-id"}, "parent_id"),
        ({"author": "Leser", "text": "Hallo", "parent_id": "0000000000000000"}, "parent_id"),
        ({"author": "Leser", "text": "Hallo", "html": "<b>"}, "body.html"),
    ],
)
def test_invalid_comments_are_refused_naming_the_field(post_mode: Api, body: dict, field: str) -> None:
    response = post_mode.request("POST", THREAD, body)
    assert response.status_code == 400, response.json
    assert field in [detail["field"] for detail in response.json["error"]["details"]]
    assert visible(post_mode)["count"] == 3


def test_lengths_count_after_normalisation(post_mode: Api) -> None:
    decomposed = "e\u0301" * 2000  # NFC makes each pair one character
    assert say(post_mode, decomposed).status_code == 201
    padded = "  " + "x" * 2000 + "\n\n"
    assert say(post_mode, padded).status_code == 201


def test_hidden_characters_are_stripped(post_mode: Api) -> None:
    say(post_mode, "Hallo\x00 Welt\u202e!\x1b[31m", author="Le\u200bser\tName")
    last = visible(post_mode)["items"][-1]
    assert last["text"] == "Hallo Welt![31m"
    assert last["author"] == "Leser Name"  # zero-width characters go too (they hide spoofing)


def test_comments_need_a_published_open_article(post_mode: Api) -> None:
    assert say(post_mode, article="aaaaaaaaaaaaaaaa").status_code == 404
    assert say(post_mode, article="NOPE").status_code == 400
    assert post_mode.get("/articles/aaaaaaaaaaaaaaaa/comments").status_code == 404
    closed = post_mode.request("PUT", f"/articles/{ARTICLE}", {"comments_open": False}, role="editor", If_Match="1")
    assert (closed.status_code, closed.json["comments_open"]) == (200, False)
    response = say(post_mode)
    assert (response.status_code, response.json["error"]["code"]) == (403, "comments_closed")
    assert visible(post_mode)["count"] == 3  # existing comments stay readable
    post_mode.request("DELETE", f"/articles/{ARTICLE}", role="editor")
    assert post_mode.get(THREAD).status_code == 404


def test_the_language_defaults_to_the_articles(post_mode: Api) -> None:
    say(post_mode, "Hallo")
    say(post_mode, "Merhaba", article="demogurbetposta4")
    assert visible(post_mode)["items"][-1]["lang"] == "de"
    assert visible(post_mode, article="demogurbetposta4")["items"][-1]["lang"] == "tr"


XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">klick</a>',
    '"><svg/onload=alert(1)>',
    "{{constructor.constructor('alert(1)')()}}",
    "'; DROP TABLE comments; --",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]


@pytest.mark.parametrize("payload", XSS)
def test_markup_comes_back_as_the_same_inert_text(post_mode: Api, payload: str) -> None:
    assert say(post_mode, payload, author=payload[:60]).status_code == 201
    last = visible(post_mode)["items"][-1]
    assert (last["text"], last["author"]) == (payload, payload[:60].strip())


def test_the_honeypot_keeps_nothing(post_mode: Api) -> None:
    response = say(post_mode, "Buy now", website="https://spam.example")
    assert (response.status_code, response.json["status"]) == (201, "pending")
    assert visible(post_mode)["count"] == 3
    pending = post_mode.request("GET", "/comments?status=pending", role="moderator").json["items"]
    assert [c["author"] for c in pending] == ["Jonas"]  # the seeded one only


def test_rate_limit_per_minute_and_its_reset(make_api: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    api = make_api(ModerationMode="post", CommentRatePerMinute="2", CommentRatePerDay="3")
    start = clock.now().replace(second=5)
    monkeypatch.setattr(clock, "now", lambda: start)
    assert [say(api).status_code for _ in range(2)] == [201, 201]
    limited = say(api)
    assert (limited.status_code, limited.json["error"]["code"]) == (429, "rate_limited")
    assert 1 <= int(limited.headers["Retry-After"]) <= 55
    other_client = api.request(
        "POST", THREAD, {"author": "B", "text": "Ich bin jemand anderes"}, User_Agent="Other/1.0"
    )
    assert other_client.status_code == 201
    monkeypatch.setattr(clock, "now", lambda: start + timedelta(minutes=1))
    assert say(api).status_code == 201  # a new minute
    daily = say(api)
    assert (daily.status_code, daily.json["error"]["code"]) == (429, "rate_limited")
    assert int(daily.headers["Retry-After"]) > 60
    assert visible(api)["count"] == 3 + 4


def test_a_retry_with_the_same_idempotency_key_creates_nothing(post_mode: Api) -> None:
    body = {"author": "Leser", "text": "Nur einmal bitte"}
    first = post_mode.request("POST", THREAD, body, Idempotency_Key="retry-key-0001")
    again = post_mode.request("POST", THREAD, body, Idempotency_Key="retry-key-0001")
    assert (first.status_code, again.status_code, again.json) == (201, 201, first.json)
    assert visible(post_mode)["count"] == 4
    reused = post_mode.request("POST", THREAD, {**body, "text": "Etwas anderes"}, Idempotency_Key="retry-key-0001")
    assert (reused.status_code, reused.json["error"]["code"]) == (409, "idempotency_key_reused")
    bad = post_mode.request("POST", THREAD, body, Idempotency_Key="no spaces allowed")
    assert (bad.status_code, bad.json["error"]["code"]) == (400, "invalid_idempotency_key")


def test_moderator_routes_need_the_moderator_role(post_mode: Api) -> None:
    pending = "01m6nb8e10dem004"
    assert post_mode.request("GET", "/comments").status_code == 401
    assert post_mode.request("GET", "/comments", role="editor").status_code == 403
    assert post_mode.request("POST", f"{THREAD}/{pending}/approve", role="reader").status_code == 403
    assert post_mode.request("POST", f"{THREAD}/{pending}/approve", role="moderator").status_code == 200


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        (f"{THREAD}/0000000000000000/approve", 404, "comment_not_found"),
        (f"{THREAD}/bad/approve", 400, "invalid_id"),
        ("/articles/demokoelnsimit27/comments/01m6nb8e10dem004/approve", 404, "comment_not_found"),
    ],
)
def test_moderating_unknown_comments(post_mode: Api, path: str, status: int, code: str) -> None:
    response = post_mode.request("POST", path, role="moderator")
    assert (response.status_code, response.json["error"]["code"]) == (status, code)


def test_bad_thread_parameters(post_mode: Api) -> None:
    for query in ("order=random", "limit=0", "limit=51", "cursor=garbage"):
        assert post_mode.get(f"{THREAD}?{query}").status_code == 400, query
    assert post_mode.request("GET", "/comments?status=deleted", role="moderator").status_code == 400


def test_request_counts(post_mode: Api) -> None:
    with dynamodb_calls(post_mode) as calls:
        page = visible(post_mode, limit="1")
    assert calls == ["Query"]
    with dynamodb_calls(post_mode) as calls:
        visible(post_mode, limit="1", cursor=page["next_cursor"])
    assert calls == ["Query", "GetItem"]
    with dynamodb_calls(post_mode) as calls:
        say(post_mode)
    assert calls == ["GetItem", "TransactWriteItems"]


def test_stored_records_hold_no_ip_address(post_mode: Api) -> None:
    say(post_mode, "Privat", User_Agent="Mozilla/5.0 Test")
    with post_mode.environment("CommentsFunction"):
        pages = table().meta.client.get_paginator("scan").paginate(TableName=table().name)
        items = [item for page in pages for item in page["Items"]]
    assert items
    assert "127.0.0.1" not in json.dumps(items, default=readable)


def readable(value: object) -> str:
    """Numbers as text, a binary attribute as the text it holds (a revision's snapshot is
    compressed JSON)."""
    if not isinstance(value, Binary):
        return str(value)
    data: bytes = value.value  # type: ignore[attr-defined]  # the stubs leave the attribute out
    try:
        return zlib.decompress(data).decode()
    except zlib.error:
        return data.decode("latin-1")
