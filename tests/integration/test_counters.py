"""Counter routes against DynamoDB Local, with the stream poller adding up the markers."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from devstack.streams import StreamPoller
from haber.counters import most_read, reading
from haber.platform import clock, keys
from haber.platform.db import plain, table
from tests.conftest import Api
from tests.integration.helpers import dynamodb_calls

ARTICLE = "demokeupkargo2ks"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"


@pytest.fixture(autouse=True)
def no_stats_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each call reads the totals, so tests see what the aggregator just wrote."""
    monkeypatch.setattr(reading, "FRESH_SECONDS", 0.0)


@pytest.fixture
def counted(api: Api) -> tuple[Api, StreamPoller]:
    return api, StreamPoller(api.runtime)


def view(api: Api, article: str = ARTICLE, agent: str = FIREFOX, ip: str = "198.51.100.7") -> Any:
    return api.client.post(
        f"/articles/{article}/views", headers={"User-Agent": agent}, environ_base={"REMOTE_ADDR": ip}
    )


def stats(api: Api, poller: StreamPoller, article: str = ARTICLE) -> dict:
    poller.drain()
    response = api.get(f"/articles/{article}/stats")
    assert response.status_code == 200, response.json
    return response.json


def test_a_visitor_counts_once_a_day(counted: tuple[Api, StreamPoller]) -> None:
    api, poller = counted
    first = view(api)
    assert (first.status_code, first.json) == (200, {"views": 1, "counted": True})
    assert view(api).json == {"views": 0, "counted": False}  # the same visitor again (totals not yet added up)
    view(api, ip="198.51.100.8")
    view(api, agent="Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)")
    assert stats(api, poller)["views"] == 3
    assert view(api).json == {"views": 3, "counted": False}


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "WhatsApp/2.23.20.0",
        "TelegramBot (like TwitterBot)",
        "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 Safari/537.36",
        "curl/8.5.0",
        "python-requests/2.32.3",
        "",
    ],
)
def test_bots_and_link_previews_are_not_counted(counted: tuple[Api, StreamPoller], agent: str) -> None:
    api, poller = counted
    assert view(api, agent=agent).json == {"views": 0, "counted": False}
    assert stats(api, poller)["views"] == 0


def test_both_rules_can_be_switched_off(make_api: Any) -> None:
    api = make_api(ViewDeduplication="false", BotFilter="false")
    poller = StreamPoller(api.runtime)
    for agent in (FIREFOX, FIREFOX, "curl/8.5.0"):
        assert view(api, agent=agent).json["counted"] is True
    assert stats(api, poller)["views"] == 3


def test_reactions_once_per_visitor_and_taken_back(counted: tuple[Api, StreamPoller]) -> None:
    api, poller = counted
    like = api.request("POST", f"/articles/{ARTICLE}/reactions", {"type": "like"}, User_Agent=FIREFOX)
    assert like.json == {"type": "like", "reacted": True, "count": 1, "changed": True}
    again = api.request("POST", f"/articles/{ARTICLE}/reactions", {"type": "like"}, User_Agent=FIREFOX)
    assert again.json["changed"] is False
    assert stats(api, poller)["reactions"] == {"like": 1}
    back = api.request("DELETE", f"/articles/{ARTICLE}/reactions/like", User_Agent=FIREFOX)
    assert (back.status_code, back.json["changed"], back.json["count"]) == (200, True, 0)
    assert api.request("DELETE", f"/articles/{ARTICLE}/reactions/like", User_Agent=FIREFOX).json["changed"] is False
    assert stats(api, poller)["reactions"] == {"like": 0}


def test_reaction_types_are_configuration(make_api: Any) -> None:
    api = make_api(ReactionTypes="like,love")
    poller = StreamPoller(api.runtime)
    assert api.request("POST", f"/articles/{ARTICLE}/reactions", {"type": "love"}).status_code == 200
    assert stats(api, poller)["reactions"] == {"like": 0, "love": 1}
    wrong = api.request("POST", f"/articles/{ARTICLE}/reactions", {"type": "angry"})
    assert (wrong.status_code, wrong.json["error"]["code"]) == (400, "unknown_reaction")
    assert wrong.json["error"]["details"] == [{"field": "type", "message": "must be one of like, love"}]


def test_shares_per_network(counted: tuple[Api, StreamPoller]) -> None:
    api, poller = counted
    for network in ("whatsapp", "whatsapp", "x", "copy"):  # the same reader shares to whatsapp twice: counted once
        assert api.request("POST", f"/articles/{ARTICLE}/shares", {"network": network}).status_code == 200
    other_reader = api.request("POST", f"/articles/{ARTICLE}/shares", {"network": "whatsapp"}, User_Agent=FIREFOX)
    assert other_reader.json["counted"]
    shares = stats(api, poller)["shares"]
    assert (shares["total"], shares["whatsapp"], shares["x"], shares["copy"], shares["facebook"]) == (4, 2, 1, 1, 0)
    wrong = api.request("POST", f"/articles/{ARTICLE}/shares", {"network": "myspace"})
    assert (wrong.status_code, wrong.json["error"]["code"]) == (400, "unknown_network")
    assert "facebook, x, whatsapp, telegram, email, copy" in wrong.json["error"]["details"][0]["message"]


def test_stats_include_the_approved_comment_count(counted: tuple[Api, StreamPoller]) -> None:
    api, poller = counted
    assert stats(api, poller) == {
        "id": ARTICLE,
        "views": 0,
        "comments": 3,
        "reactions": {"like": 0},
        "shares": {"total": 0, "facebook": 0, "x": 0, "whatsapp": 0, "telegram": 0, "email": 0, "copy": 0},
        "display": {"views": "0 Aufrufe", "comments": "3 Kommentare", "likes": "0 Likes"},  # the default language
    }


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("GET", "/articles/aaaaaaaaaaaaaaaa/stats", None, 404, "article_not_found"),
        ("POST", "/articles/aaaaaaaaaaaaaaaa/views", None, 404, "article_not_found"),
        ("POST", "/articles/aaaaaaaaaaaaaaaa/shares", {"network": "x"}, 404, "article_not_found"),
        ("POST", "/articles/aaaaaaaaaaaaaaaa/reactions", {"type": "like"}, 404, "article_not_found"),
        ("GET", "/articles/BAD/stats", None, 400, "invalid_id"),
        ("POST", f"/articles/{ARTICLE}/reactions", {"type": 1}, 400, "validation_error"),
        ("POST", f"/articles/{ARTICLE}/reactions", {}, 400, "validation_error"),
        ("POST", f"/articles/{ARTICLE}/shares", "{broken", 400, "malformed_json"),
        ("GET", "/stats?ids=", None, 400, "invalid_ids"),
        ("GET", "/stats?ids=BAD", None, 400, "invalid_id"),
        ("GET", "/articles/popular?window=month", None, 400, "validation_error"),
        ("GET", "/articles/popular?limit=0", None, 400, "validation_error"),
        ("GET", "/articles/popular?lang=xx", None, 400, "unsupported_language"),
    ],
)
def test_bad_counter_requests(api: Api, method: str, path: str, body: Any, status: int, code: str) -> None:
    response = api.request(method, path, body)
    assert (response.status_code, response.json["error"]["code"]) == (status, code)


def test_many_stats_in_one_call(counted: tuple[Api, StreamPoller]) -> None:
    api, poller = counted
    view(api)
    poller.drain()
    ids = f"{ARTICLE},demokoelnsimit27,aaaaaaaaaaaaaaaa,{ARTICLE}"
    with dynamodb_calls(api) as calls:
        body = api.get(f"/stats?ids={ids}").json
    assert calls == ["BatchGetItem"]
    assert [(item["id"], item["views"], item["comments"]) for item in body["items"]] == [
        (ARTICLE, 1, 3),
        ("demokoelnsimit27", 0, 1),
    ]
    assert body["not_found"] == ["aaaaaaaaaaaaaaaa"]
    hundred_and_one = ",".join(["aaaaaaaaaaaaaaaa"] * 101)
    assert api.get(f"/stats?ids={hundred_and_one}").status_code == 400
    hundred = ",".join(f"{n:016d}".translate(str.maketrans("0123456789", "abcdefghij")) for n in range(100))
    with dynamodb_calls(api) as calls:
        assert api.get(f"/stats?ids={hundred}").json["not_found"][:1] == ["aaaaaaaaaaaaaaaa"]
    assert calls == ["BatchGetItem", "BatchGetItem"]


def test_unpublished_articles_have_no_stats(counted: tuple[Api, StreamPoller]) -> None:
    api, _ = counted
    api.request("DELETE", f"/articles/{ARTICLE}", role="editor")
    assert api.get(f"/articles/{ARTICLE}/stats").status_code == 404
    assert view(api).status_code == 404


def test_most_read_of_the_day_and_week(counted: tuple[Api, StreamPoller]) -> None:
    api, poller = counted
    for n in range(3):
        view(api, "demokoelnsimit27", ip=f"203.0.113.{n}")
    view(api, ARTICLE)
    poller.drain()
    for window in ("day", "week"):
        popular = api.get(f"/articles/popular?window={window}&lang=tr").json
        assert [(item["id"], item["views"], item["lang"]) for item in popular["items"]] == [
            ("demokoelnsimit27", 3, "tr"),
            (ARTICLE, 1, "tr"),
        ]
    assert api.get("/articles/popular?limit=1", Accept_Language="en").json["items"][0]["lang"] == "en"
    api.request("DELETE", "/articles/demokoelnsimit27", role="editor")
    assert [item["id"] for item in api.get("/articles/popular").json["items"]] == [ARTICLE]


def test_a_new_day_ranks_its_own_views_and_the_week_adds_them_up(
    counted: tuple[Api, StreamPoller], monkeypatch: pytest.MonkeyPatch
) -> None:
    api, poller = counted
    sunday = datetime(2026, 11, 29, 23, 59, tzinfo=UTC)  # Sunday and Monday: two ISO weeks
    friday = datetime(2026, 11, 27, 23, 59, tzinfo=UTC)  # Friday and Saturday: one
    for first_day in (friday, sunday):
        monkeypatch.setattr(clock, "now", lambda moment=first_day: moment)
        for n in range(3):
            view(api, "demokoelnsimit27", ip=f"203.0.{first_day.day}.{n}")
        view(api, ARTICLE, ip=f"203.1.{first_day.day}.1")
        poller.drain()
        monkeypatch.setattr(clock, "now", lambda moment=first_day: moment + timedelta(minutes=2))
        for n in range(2):
            view(api, ARTICLE, ip=f"203.2.{first_day.day}.{n}")
        poller.drain()
        day = api.get("/articles/popular?window=day").json["items"]
        week = api.get("/articles/popular?window=week").json["items"]
        assert [(item["id"], item["views"]) for item in day] == [(ARTICLE, 2)]  # the new day's only
        totals = {ARTICLE: 3, "demokoelnsimit27": 3} if first_day is friday else {ARTICLE: 6, "demokoelnsimit27": 6}
        assert {item["id"]: item["views"] for item in stats_of(api, list(totals))} == totals
        expected_week = [(ARTICLE, 3), ("demokoelnsimit27", 3)] if first_day is friday else [(ARTICLE, 2)]
        assert [(item["id"], item["views"]) for item in week] == expected_week


def stats_of(api: Api, ids: list[str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = api.get(f"/stats?ids={','.join(ids)}").json["items"]
    return items


def test_most_read_keeps_the_top_hundred_by_views(api: Api) -> None:
    counts = {f"a{n:015d}": n for n in range(1, 131)}
    with api.environment("CountersAggregatorFunction"):
        key = keys.leaderboard("day", clock.now())
        most_read.merge(key, dict(list(counts.items())[:60]), 0)
        most_read.merge(key, dict(list(counts.items())[60:]), 0)
        most_read.merge(key, {"a000000000000001": 5, "a000000000000129": 3}, 0)  # counts only grow
        board: dict[str, Any] = plain(table().get_item(Key=key)["Item"])
    assert len(board["entries"]) == most_read.SIZE
    assert min(board["entries"].values()) == 31 and board["entries"]["a000000000000129"] == 129
    assert board["version"] == 2  # the third merge changed nothing in the top hundred


def test_request_costs(counted: tuple[Api, StreamPoller], monkeypatch: pytest.MonkeyPatch) -> None:
    api, _ = counted
    with dynamodb_calls(api) as calls:
        view(api)
    assert calls == ["BatchGetItem", "UpdateItem"]  # the view joins its address's set of readers
    monkeypatch.setattr(reading, "FRESH_SECONDS", 60.0)
    view(api, ip="192.0.2.1")
    with dynamodb_calls(api) as calls:
        view(api, ip="192.0.2.2")
    assert calls == ["UpdateItem"]  # the totals were read a moment ago by this instance
    with dynamodb_calls(api) as calls:
        api.get(f"/articles/{ARTICLE}/stats")
    assert calls == ["BatchGetItem"]
    with dynamodb_calls(api) as calls:
        api.get("/articles/popular")
    assert calls == ["GetItem"]  # the day's most-read item: nothing ranked yet, no article to load
