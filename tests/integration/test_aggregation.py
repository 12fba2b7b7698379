"""The counters' stream aggregator, fed real stream records read from DynamoDB Local."""

import random
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from devstack.streams import StreamPoller, lambda_record, matches_any
from haber import counters
from haber.counters import aggregation
from tests.conftest import Api

ARTICLE = "demokeupkargo2ks"
OTHER = "demokoelnsimit27"


def views_of(api: Api, article: str = ARTICLE) -> int:
    with api.environment("CountersFunction"):
        return int(counters.stats(article, "de")["views"])


def add_views(api: Api, count: int, article: str = ARTICLE, first_ip: int = 0) -> None:
    with api.environment("CountersFunction"):
        for n in range(first_ip, first_ip + count):
            assert counters.view(article, f"10.{n // 65536}.{n // 256 % 256}.{n % 256}", "Mozilla/5.0")["counted"]


def stream_records(api: Api) -> list[dict[str, Any]]:
    """Every record in the table's stream, as Lambda would deliver them."""
    poller = StreamPoller(api.runtime)
    records: list[dict[str, Any]] = []
    for shard in poller._shards():
        iterator = poller.streams.get_shard_iterator(
            StreamArn=poller.stream_arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]
        while iterator:
            response = poller.streams.get_records(ShardIterator=iterator)
            if not response["Records"]:
                break
            records += [lambda_record(record, poller.stream_arn) for record in response["Records"]]
            iterator = response.get("NextShardIterator")
    return records


def markers(api: Api) -> list[dict[str, Any]]:
    return [
        r
        for r in stream_records(api)
        if r["eventName"] == "INSERT" and r["dynamodb"]["NewImage"].get("type", {}).get("S") == "view"
    ]


def test_a_redelivered_batch_is_not_counted_twice(api: Api) -> None:
    add_views(api, 5)
    batch = {"Records": markers(api)}
    assert len(batch["Records"]) == 5
    for _ in range(3):
        assert api.runtime.invoke("CountersAggregatorFunction", batch) == {"batchItemFailures": []}
    assert views_of(api) == 5


def test_a_failing_record_is_retried_alone_and_totals_end_exact(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(4):  # interleaved, so a retry from the first failure brings successes back too
        add_views(api, 1, ARTICLE, first_ip=n)
        if n < 3:
            add_views(api, 1, OTHER, first_ip=100 + n)
    real_apply, failures = aggregation._apply, list[str]()

    def flaky(article_id: str, chunk: Any) -> None:
        if article_id == OTHER and not failures:
            failures.append(article_id)
            raise RuntimeError("DynamoDB hiccup")
        real_apply(article_id, chunk)

    monkeypatch.setattr(aggregation, "_apply", flaky)
    batch = {"Records": markers(api)}
    response = api.runtime.invoke("CountersAggregatorFunction", batch)
    failed = {item["itemIdentifier"] for item in response["batchItemFailures"]}
    other = {r["dynamodb"]["SequenceNumber"] for r in batch["Records"] if OTHER in r["dynamodb"]["NewImage"]["pk"]["S"]}
    assert failed == other  # only the failing article's records are reported
    assert (views_of(api, ARTICLE), views_of(api, OTHER)) == (4, 0)
    # Lambda retries from the lowest failed sequence number: successes after it come again.
    first = next(i for i, r in enumerate(batch["Records"]) if r["dynamodb"]["SequenceNumber"] in failed)
    retry = {"Records": batch["Records"][first:]}
    assert any(ARTICLE in r["dynamodb"]["NewImage"]["pk"]["S"] for r in retry["Records"])
    assert api.runtime.invoke("CountersAggregatorFunction", retry) == {"batchItemFailures": []}
    assert (views_of(api, ARTICLE), views_of(api, OTHER)) == (4, 3)


def drain_with_other_failing(api: Api, monkeypatch: pytest.MonkeyPatch) -> StreamPoller:
    """3 views of ARTICLE and 2 of OTHER through the poller, while OTHER's totals cannot be written."""
    add_views(api, 3, ARTICLE)
    add_views(api, 2, OTHER, first_ip=50)
    real_apply = aggregation._apply

    def broken_for_other(article_id: str, chunk: Any) -> None:
        if article_id == OTHER:
            raise RuntimeError("always failing")
        real_apply(article_id, chunk)

    monkeypatch.setattr(aggregation, "_apply", broken_for_other)
    poller = StreamPoller(api.runtime)
    poller.drain()
    return poller


def test_the_poller_retries_partial_failures_and_gives_up_into_the_dead_letters(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    poller = drain_with_other_failing(api, monkeypatch)
    subscription = next(s for s in api.runtime.stack.streams if s.function == "CountersAggregatorFunction")
    assert poller.invocations[subscription.function] == 1 + subscription.max_retries
    assert {r["dynamodb"]["NewImage"]["article_id"]["S"] for r in poller.dead_letters} >= {OTHER}
    assert views_of(api, ARTICLE) == 3 and views_of(api, OTHER) == 0


def test_the_event_filter_passes_only_counter_markers(api: Api) -> None:
    add_views(api, 1)
    with api.environment("CountersFunction"):
        counters.react(ARTICLE, "like", "1.2.3.4", "Mozilla/5.0", add=True)
        counters.react(ARTICLE, "like", "1.2.3.4", "Mozilla/5.0", add=False)
    records = stream_records(api)
    filters = next(s for s in api.runtime.stack.streams if s.function == "CountersAggregatorFunction").filters
    passed = [
        (r["eventName"], (r["dynamodb"].get("NewImage") or r["dynamodb"]["OldImage"])["type"]["S"])
        for r in records
        if matches_any(filters, r)
    ]
    # taking a reaction back takes the reader out of the address's set: a MODIFY
    assert passed == [("INSERT", "view"), ("INSERT", "reaction"), ("MODIFY", "reaction")]
    assert len(records) > len(passed)  # articles, comments, categories... were filtered out


def test_ten_thousand_views_on_one_article_from_sixteen_threads(isolated_api: Any) -> None:
    api: Api = isolated_api()
    visitors = [f"10.{n // 65536}.{n // 256 % 256}.{n % 256}" for n in range(10_000)]
    repeats = random.Random(3).sample(visitors, 1_000)
    results: list[bool] = []

    def visit(ip: str) -> None:
        results.append(counters.view(ARTICLE, ip, "Mozilla/5.0 (Android 15; Mobile)")["counted"])

    with api.environment("CountersFunction"), ThreadPoolExecutor(16) as pool:
        list(pool.map(visit, visitors + repeats))
    assert results.count(True) == 10_000
    poller = StreamPoller(api.runtime)
    poller.drain()
    assert not poller.dead_letters
    assert views_of(api) == 10_000
    with api.environment("CountersFunction"):
        top = counters.popular("de", "day", 1)["items"][0]
    assert (top["id"], top["views"]) == (ARTICLE, 10_000)
