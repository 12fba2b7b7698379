"""Records a stream consumer gave up on are parked in the table with what a replay needs,
and `make redrive` replays them once the cause is gone: nothing lost, nothing counted twice."""

from typing import Any

import pytest

from devstack.redrive import CONSUMERS, redrive
from haber.platform import parking
from tests.conftest import Api, new_article
from tests.integration.conftest import Translating
from tests.integration.test_aggregation import ARTICLE, OTHER, drain_with_other_failing, views_of


def replay(api: Api, consumer: str) -> tuple[int, int]:
    function = CONSUMERS[consumer]
    with api.environment(function):
        return redrive(consumer, lambda event: api.runtime.invoke(function, event))


def parked(api: Api, consumer: str) -> list[dict[str, Any]]:
    with api.environment(CONSUMERS[consumer]):
        return parking.parked(consumer)


def test_counter_markers_that_failed_are_parked_and_replayed_exactly_once(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    poller = drain_with_other_failing(api, monkeypatch)
    assert not poller.dead_letters and views_of(api, OTHER) == 0  # parked, and the stream moved on
    waiting = parked(api, "counters")
    assert {r["dynamodb"]["NewImage"]["article_id"]["S"] for r in waiting} == {OTHER}
    assert len(waiting) == 2
    monkeypatch.undo()  # the cause is gone
    assert replay(api, "counters") == (2, 0)
    assert (views_of(api, ARTICLE), views_of(api, OTHER)) == (3, 2)
    assert parked(api, "counters") == []
    # A replay of a record whose parked copy is gone (replayed already) counts nothing.
    answer = api.runtime.invoke(CONSUMERS["counters"], {"Records": waiting})
    assert answer == {"batchItemFailures": []}
    assert views_of(api, OTHER) == 2


def test_a_parked_record_that_is_no_counter_marker_stays_parked(api: Api) -> None:
    record = {
        "eventID": "not-a-marker",
        "eventName": "INSERT",
        "dynamodb": {"Keys": {"pk": {"S": "X"}, "sk": {"S": "Y"}}, "SequenceNumber": "12", "NewImage": {}},
    }
    with api.environment(CONSUMERS["counters"]):
        parking.park("counters", record, "not a counter marker the aggregator can read")
    assert replay(api, "counters") == (0, 1)
    assert [r["eventID"] for r in parked(api, "counters")] == ["not-a-marker"]


def test_a_translation_that_kept_failing_is_translated_by_a_redrive(
    translating: Translating,
) -> None:
    api, provider, poller = translating
    provider.fail_with = [500] * 1000
    long_body = "<p>" + "Eine lange Geschichte über die Brücke. " * 100 + "</p>"
    response = api.request("POST", "/articles", new_article(body=long_body), role="editor")
    article = response.json["id"]
    poller.drain()
    assert any(r["dynamodb"]["Keys"]["pk"]["S"] == f"ARTICLE#{article}" for r in poller.dead_letters)
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in parked(api, "translation")] == [f"ARTICLE#{article}"]
    kept = parked(api, "translation")[0]["dynamodb"]["NewImage"]
    assert "body" not in kept and kept["type"] == {"S": "rendition"}  # large text stays in the table
    provider.fail_with = []
    assert replay(api, "translation") == (1, 0)
    assert api.get(f"/articles/{article}?lang=en").json["translation"]["origin"] == "machine"
    assert parked(api, "translation") == []
