"""Records a stream consumer gave up on are parked in the table with what a replay needs,
and `make redrive` replays them once the cause is gone: nothing lost, nothing counted twice."""

from typing import Any

import pytest

from devstack.redrive import CONSUMERS, redrive
from haber.counters import aggregation
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
    real_apply = aggregation._apply
    poller = drain_with_other_failing(api, monkeypatch)
    assert poller.dead_letters and views_of(api, OTHER) == 0
    waiting = parked(api, "counters")
    assert {r["dynamodb"]["NewImage"]["article_id"]["S"] for r in waiting} == {OTHER}
    assert len(waiting) == 2  # one per record, however often it was retried
    monkeypatch.setattr(aggregation, "_apply", real_apply)
    assert replay(api, "counters") == (2, 0)
    assert (views_of(api, ARTICLE), views_of(api, OTHER)) == (3, 2)
    assert parked(api, "counters") == []
    # A record replayed although it was counted meanwhile (its receipt exists) counts nothing.
    with api.environment(CONSUMERS["counters"]):
        for record in waiting:
            parking.park("counters", record, "replayed twice on purpose")
    assert replay(api, "counters") == (2, 0)
    assert views_of(api, OTHER) == 2


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
