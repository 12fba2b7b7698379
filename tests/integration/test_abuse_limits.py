"""One client with many faces: a changed User-Agent is a new client, but not a new address.
Views and reactions count at most READERS_PER_ADDRESS clients of one address (IPv4, or an
IPv6 /64) per article and day; shares count once per client, network and day; comments
are rate-limited per address as well as per client."""

from typing import Any

import pytest

from devstack.streams import StreamPoller
from haber.counters import reading
from haber.platform.signing import subscriber_address
from tests.conftest import Api

ARTICLE = "demokeupkargo2ks"


@pytest.fixture(autouse=True)
def no_stats_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "FRESH_SECONDS", 0.0)


def agent(number: int) -> str:
    return f"Mozilla/5.0 (X11; Linux x86_64) Firefox/{100 + number}.0"


def send(api: Api, method: str, path: str, number: int, ip: str, body: Any = None) -> Any:
    return api.client.open(
        path, method=method, json=body, headers={"User-Agent": agent(number)}, environ_base={"REMOTE_ADDR": ip}
    )


def totals(api: Api) -> dict:
    StreamPoller(api.runtime).drain()
    return api.get(f"/articles/{ARTICLE}/stats").json


def test_twenty_user_agents_of_one_address_count_as_the_cap(make_api: Any) -> None:
    api = make_api(ReadersPerAddress="3")
    views = [send(api, "POST", f"/articles/{ARTICLE}/views", n, "203.0.113.9").json["counted"] for n in range(20)]
    likes = [
        send(api, "POST", f"/articles/{ARTICLE}/reactions", n, "203.0.113.9", {"type": "like"}).json["changed"]
        for n in range(20)
    ]
    assert views == [True] * 3 + [False] * 17
    assert likes == [True] * 3 + [False] * 17
    assert send(api, "POST", f"/articles/{ARTICLE}/views", 0, "203.0.113.10").json["counted"]  # another address
    numbers = totals(api)
    assert (numbers["views"], numbers["reactions"]["like"]) == (4, 3)


def test_a_reaction_taken_back_frees_its_place_and_counts_down(make_api: Any) -> None:
    api = make_api(ReadersPerAddress="2")
    reactions = f"/articles/{ARTICLE}/reactions"
    for number in (1, 2):
        assert send(api, "POST", reactions, number, "203.0.113.20", {"type": "like"}).json["changed"]
    assert not send(api, "POST", reactions, 3, "203.0.113.20", {"type": "like"}).json["changed"]  # full
    assert totals(api)["reactions"]["like"] == 2
    assert send(api, "DELETE", f"{reactions}/like", 1, "203.0.113.20").json["changed"]
    assert not send(api, "DELETE", f"{reactions}/like", 1, "203.0.113.20").json["changed"]  # already taken back
    assert totals(api)["reactions"]["like"] == 1
    assert send(api, "POST", reactions, 3, "203.0.113.20", {"type": "like"}).json["changed"]  # room again
    assert totals(api)["reactions"]["like"] == 2


def test_an_ipv6_household_is_its_slash_64(make_api: Any) -> None:
    api = make_api(ReadersPerAddress="2")
    household = ["2001:db8:1:2::1", "2001:db8:1:2:aaaa::7", "2001:db8:1:2:ffff:ffff:ffff:ffff"]
    counted = [send(api, "POST", f"/articles/{ARTICLE}/views", n, ip).json["counted"] for n, ip in enumerate(household)]
    assert counted == [True, True, False]
    assert send(api, "POST", f"/articles/{ARTICLE}/views", 9, "2001:db8:1:3::1").json["counted"]  # the next /64
    assert subscriber_address("2001:db8:1:2:aaaa::7") == "2001:db8:1:2::/64"
    assert subscriber_address("::ffff:198.51.100.7") == "198.51.100.7"
    assert totals(api)["views"] == 3


def test_shares_count_once_per_client_network_and_day(api: Api) -> None:
    shares = f"/articles/{ARTICLE}/shares"
    answers = [send(api, "POST", shares, 1, "198.51.100.30", {"network": "x"}).json for _ in range(20)]
    assert [answer["counted"] for answer in answers] == [True] + [False] * 19
    assert send(api, "POST", shares, 1, "198.51.100.30", {"network": "whatsapp"}).json["counted"]
    assert send(api, "POST", shares, 2, "198.51.100.30", {"network": "x"}).json["counted"]  # another reader
    numbers = totals(api)["shares"]
    assert (numbers["x"], numbers["whatsapp"], numbers["total"]) == (2, 1, 3)


def test_comments_are_limited_per_address_whatever_the_user_agent(make_api: Any) -> None:
    api = make_api(CommentAddressRatePerMinute="3", CommentRatePerMinute="5")
    comments = f"/articles/{ARTICLE}/comments"
    answers = [
        send(api, "POST", comments, n, "198.51.100.40", {"author": f"Leser {n}", "text": "Guter Artikel"})
        for n in range(12)
    ]
    assert [answer.status_code for answer in answers] == [201] * 3 + [429] * 9
    refused = answers[-1]
    assert refused.get_json()["error"]["code"] == "rate_limited" and 1 <= int(refused.headers["Retry-After"]) <= 60
    other = send(api, "POST", comments, 0, "198.51.100.41", {"author": "Jemand", "text": "Guter Artikel"})
    assert other.status_code == 201
