"""The counters' stream aggregator, fed real stream records read from DynamoDB Local."""

import copy
import random
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from devstack.streams import StreamPoller, lambda_record, matches_any, windowed
from haber import counters
from haber.counters import aggregation, decoding, marks, store
from haber.counters import parking as counters_parking
from haber.platform import clock, db, keys, parking
from tests.conftest import Api
from tests.integration.helpers import dynamodb_calls

ARTICLE = "demokeupkargo2ks"
OTHER = "demokoelnsimit27"


def views_of(api: Api, article: str = ARTICLE) -> int:
    with api.environment("CountersFunction"):
        return int(counters.stats(article, "de")["views"])


def add_views(api: Api, count: int, article: str = ARTICLE, first_ip: int = 0) -> None:
    with api.environment("CountersFunction"):
        for n in range(first_ip, first_ip + count):
            assert counters.view(article, f"10.{n // 65536}.{n // 256 % 256}.{n % 256}", "Mozilla/5.0")["counted"]


def stream_records_by_shard(api: Api) -> dict[str, list[dict[str, Any]]]:
    """Every record in the table's stream, as Lambda would deliver them, by shard."""
    poller = StreamPoller(api.runtime)
    by_shard: dict[str, list[dict[str, Any]]] = {}
    for shard in poller._shards():
        iterator = poller.streams.get_shard_iterator(
            StreamArn=poller.stream_arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]
        while iterator:
            response = poller.streams.get_records(ShardIterator=iterator)
            if not response["Records"]:
                break
            records = [lambda_record(record, poller.stream_arn) for record in response["Records"]]
            by_shard.setdefault(shard, []).extend(records)
            iterator = response.get("NextShardIterator")
    return by_shard


def stream_records(api: Api) -> list[dict[str, Any]]:
    return [record for records in stream_records_by_shard(api).values() for record in records]


def marker_batch(api: Api) -> dict[str, Any]:
    """The view markers in the stream as one tumbling-window event (the mapping's), as Lambda
    would send it: DynamoDB Local keeps a new table's stream in one shard."""
    (shard, records), *others = stream_records_by_shard(api).items()
    assert not others
    views = [
        r for r in records if r["eventName"] == "INSERT" and r["dynamodb"]["NewImage"].get("type") == {"S": "view"}
    ]
    return windowed(views, shard, "arn:stream", (0, 900), {})


def markers_batch(api: Api) -> dict[str, Any]:
    """Every record the aggregator's event filter lets through, as one tumbling-window event."""
    filters = next(s for s in api.runtime.stack.streams if s.function == "CountersAggregatorFunction").filters
    (shard, records), *others = stream_records_by_shard(api).items()
    assert not others
    return windowed([r for r in records if matches_any(filters, r)], shard, "arn:stream", (0, 900), {})


def unparkable(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any) -> dict[str, Any]:
        raise RuntimeError("DynamoDB unavailable")

    monkeypatch.setattr(counters_parking, "parked_item", refuse)


def failing_for(monkeypatch: pytest.MonkeyPatch, article: str, times: int) -> None:
    """Adding up `article` fails `times` times (as DynamoDB would after its retries)."""
    real_add_up, failures = aggregation._add_up, list[str]()

    def flaky(shard: str, article_id: str, entries: list[decoding.Entry]) -> Any:
        if article_id == article and len(failures) < times:
            failures.append(article)
            raise RuntimeError("DynamoDB hiccup")
        return real_add_up(shard, article_id, entries)

    monkeypatch.setattr(aggregation, "_add_up", flaky)


def stats_item(api: Api, article: str = ARTICLE) -> dict[str, Any]:
    with api.environment("CountersAggregatorFunction"):
        return store.stats_items([article]).get(article, {})


def marks_of(api: Api, article: str = ARTICLE) -> dict[str, str]:
    return {name: value for name, value in stats_item(api, article).items() if name.startswith(marks.MARK_PREFIX)}


def aggregate(api: Api, event: dict[str, Any]) -> Any:
    return api.runtime.invoke("CountersAggregatorFunction", event)


def test_a_redelivered_batch_is_not_counted_twice(api: Api) -> None:
    add_views(api, 5)
    batch = marker_batch(api)
    assert len(batch["Records"]) == 5
    for _ in range(3):  # a tumbling-window answer must carry a state: Lambda fails it otherwise
        assert aggregate(api, batch) == {"batchItemFailures": [], "state": {}}
    assert views_of(api) == 5
    # Redelivered in another grouping: the part already counted is skipped, the rest counts.
    add_views(api, 2, first_ip=5)
    later = marker_batch(api)
    assert aggregate(api, {**later, "Records": later["Records"][3:]}) == {"batchItemFailures": [], "state": {}}
    assert views_of(api) == 7


def test_a_batch_is_one_update_per_article_then_the_most_read_merges(api: Api) -> None:
    add_views(api, 2)
    batch = marker_batch(api)
    with dynamodb_calls(api) as calls:
        aggregate(api, {**batch, "Records": batch["Records"][:1]})
    # the day's first batch: the refused update brings the item back, whose periods start over
    assert calls == ["UpdateItem", "UpdateItem", *["GetItem", "PutItem"] * 2]
    with dynamodb_calls(api) as calls:
        aggregate(api, {**batch, "Records": batch["Records"][1:]})
    assert calls == ["UpdateItem", *["GetItem", "PutItem"] * 2]
    with api.environment("CountersFunction"):
        assert [(item["id"], item["views"]) for item in counters.popular("de", "week", 5)["items"]] == [(ARTICLE, 2)]


def test_each_shard_keeps_its_own_mark_so_a_batch_redelivered_after_another_shards_counts_once(
    api: Api,
) -> None:
    add_views(api, 3)
    batch = marker_batch(api)
    # Positions of two shards have nothing to do with each other: the other's may be lower.
    first, later = batch["Records"][1:], batch["Records"][:1]
    assert aggregate(api, {**batch, "Records": first})["batchItemFailures"] == []
    assert aggregate(api, {**batch, "shardId": "shardId-other", "Records": later})["batchItemFailures"] == []
    assert views_of(api) == 3
    assert len(marks_of(api)) == 2
    for shard, records in ((batch["shardId"], first), (batch["shardId"], first[1:]), ("shardId-other", later)):
        assert aggregate(api, {**batch, "shardId": shard, "Records": records})["batchItemFailures"] == []
    assert views_of(api) == 3


def dynamodb_size(value: Any) -> int:
    """An attribute value's size as DynamoDB bills it (strings: UTF-8 bytes; numbers: about
    one byte per two significant digits, plus one; maps: 3 bytes, plus 1 per element)."""
    if isinstance(value, str):
        return len(value.encode())
    if isinstance(value, bool):
        return 1
    if isinstance(value, int | Decimal):
        return len(str(abs(value)).strip("0").replace(".", "")) // 2 + 2
    if isinstance(value, dict):
        return 3 + sum(len(name.encode()) + dynamodb_size(item) + 1 for name, item in value.items())
    return sum(dynamodb_size(item) for item in value)  # sets


def test_a_busy_articles_marks_stay_one_write_unit_and_are_dropped_once_no_record_can_be_that_old(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    with api.environment("CountersFunction"):  # a busy article's item has every kind of total
        counters.react(ARTICLE, "like", "10.9.0.1", "Mozilla/5.0", add=True)
        for network in counters.NETWORKS:
            counters.share(ARTICLE, network, "10.9.0.1", "Mozilla/5.0")
    add_views(api, 20)
    batch = markers_batch(api)
    for n, record in enumerate(batch["Records"]):  # the longest sequence numbers streams have: 40 digits
        record["dynamodb"]["SequenceNumber"] = str(10**39 + n)
    start = clock.now()

    def deliver(records: list[dict[str, Any]], shard: int, minutes: float) -> None:
        monkeypatch.setattr(clock, "now", lambda: start + timedelta(minutes=minutes))
        event = {**batch, "shardId": f"shardId-00000001795980000000-{shard:08x}", "Records": records}
        assert aggregate(api, event)["batchItemFailures"] == []

    deliver(batch["Records"][:8], 0, 0)  # the like, the shares and a view
    for n in range(1, 16):  # sixteen shards in five hours: all kept
        deliver([batch["Records"][7 + n]], n, 20 * n)
    assert len(marks_of(api)) == 16
    assert dynamodb_size(stats_item(api)) < 1024  # one write unit per update
    kept = marks.MARKS_KEPT_SECONDS / 60
    deliver([batch["Records"][23]], 16, marks.RECORD_AGE_SECONDS / 60 + 5)  # within the margin
    assert len(marks_of(api)) == 17
    deliver([batch["Records"][24]], 17, kept + 20 * 8 + 1)  # the first nine marks are older than kept
    assert len(marks_of(api)) == 18 - 9
    assert views_of(api) == 18


def test_a_windows_final_call_without_records_answers_with_a_state(api: Api) -> None:
    final = {**windowed([], "shardId-0001", "arn:stream", (0, 900), {}), "isFinalInvokeForWindow": True}
    del final["Records"]
    assert aggregate(api, final) == {"batchItemFailures": [], "state": {}}
    assert aggregate(api, {**final, "Records": []}) == {"batchItemFailures": [], "state": {}}


@pytest.mark.parametrize(
    "damage",
    [{"article_id": None}, {"type": {"S": "reaction"}}, {"type": {"S": "share"}}],
    ids=["no article", "a reaction of no kind", "a share on no network"],
)
def test_a_record_that_is_no_marker_is_parked_and_does_not_hold_the_shard_up(api: Api, damage: dict[str, Any]) -> None:
    add_views(api, 2)
    batch = marker_batch(api)
    stranger = copy.deepcopy(batch["Records"][0])
    stranger["eventID"] = "no-marker"
    image = stranger["dynamodb"]["NewImage"]
    for name, value in damage.items():
        if value is None:
            del image[name]
        else:
            image[name] = value
    stranger["dynamodb"]["SequenceNumber"] = str(int(batch["Records"][0]["dynamodb"]["SequenceNumber"]) - 1)
    answer = aggregate(api, {**batch, "Records": [stranger, *batch["Records"]]})
    assert answer == {"batchItemFailures": [], "state": {}}  # counted what it could; the stranger passed
    assert views_of(api) == 2
    with api.environment("CountersAggregatorFunction"):
        (kept,) = [item for item in parking.parked(counters_parking.CONSUMER) if item["eventID"] == "no-marker"]
    assert kept["dynamodb"]["SequenceNumber"] == stranger["dynamodb"]["SequenceNumber"]


def test_a_record_that_is_no_marker_and_cannot_be_parked_is_the_only_one_retried(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_views(api, 2)
    batch = marker_batch(api)
    stranger = copy.deepcopy(batch["Records"][1])
    stranger["eventID"] = "no-marker"
    del stranger["dynamodb"]["NewImage"]["article_id"]

    def refuse(*args: Any) -> None:
        raise RuntimeError("DynamoDB unavailable")

    monkeypatch.setattr(counters_parking, "park", refuse)
    answer = aggregate(api, {**batch, "Records": [batch["Records"][0], stranger]})
    assert answer["batchItemFailures"] == [{"itemIdentifier": stranger["dynamodb"]["SequenceNumber"]}]
    assert views_of(api) == 1  # the marker before it counted


def test_records_are_added_up_in_the_order_of_the_stream_whatever_order_they_come_in(api: Api) -> None:
    add_views(api, 4)
    batch = marker_batch(api)
    assert aggregate(api, {**batch, "Records": batch["Records"][::-1]})["batchItemFailures"] == []
    assert aggregate(api, batch)["batchItemFailures"] == []
    assert views_of(api) == 4


def test_an_article_whose_totals_cannot_be_written_is_parked_and_the_batch_moves_on(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(4):  # interleaved: A O A O A O A
        add_views(api, 1, ARTICLE, first_ip=n)
        if n < 3:
            add_views(api, 1, OTHER, first_ip=100 + n)
    batch = marker_batch(api)
    assert aggregate(api, {**batch, "Records": batch["Records"][:2]})["batchItemFailures"] == []
    assert (views_of(api, ARTICLE), views_of(api, OTHER)) == (1, 1)  # both have a mark now
    failing_for(monkeypatch, OTHER, times=1)
    assert aggregate(api, batch) == {"batchItemFailures": [], "state": {}}
    assert (views_of(api, ARTICLE), views_of(api, OTHER)) == (4, 1)
    with api.environment("CountersAggregatorFunction"):
        waiting = parking.parked(counters_parking.CONSUMER)
    others = [r for r in batch["Records"] if r["dynamodb"]["NewImage"]["article_id"]["S"] == OTHER]
    assert sorted(r["eventID"] for r in waiting) == sorted(r["eventID"] for r in others[1:])  # past its mark
    assert aggregate(api, batch) == {"batchItemFailures": [], "state": {}}  # delivered again: passed
    assert (views_of(api, ARTICLE), views_of(api, OTHER)) == (4, 1)


def likes_of(api: Api, article: str = ARTICLE) -> int:
    """The total as stored (readers are shown it floored at zero)."""
    return int(stats_item(api, article).get("reaction:like", 0))


def test_records_that_add_up_to_nothing_still_move_the_mark(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    likes = likes_of(api)
    with api.environment("CountersFunction"):
        counters.react(ARTICLE, "like", "10.9.0.2", "Mozilla/5.0", add=True)
    add_views(api, 1, OTHER, first_ip=60)
    with api.environment("CountersFunction"):
        counters.react(ARTICLE, "like", "10.9.0.2", "Mozilla/5.0", add=False)
    batch = markers_batch(api)
    assert len(batch["Records"]) == 3  # the like, OTHER's view, the like taken back
    failing_for(monkeypatch, OTHER, times=1_000)
    unparkable(monkeypatch)
    failed = aggregate(api, batch)["batchItemFailures"]
    assert failed == [{"itemIdentifier": batch["Records"][1]["dynamodb"]["SequenceNumber"]}]
    # Lambda retries from the lowest failed record: OTHER's view and the like taken back.
    aggregate(api, {**batch, "Records": batch["Records"][1:]})
    assert likes_of(api) == likes  # given and taken back: not one less


def test_an_update_that_landed_before_an_error_is_not_parked_nor_counted_again(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_views(api, 3)
    real, raised = db.update_returning, list[bool]()

    def landed_then_failed(request: dict[str, Any]) -> tuple[bool, dict[str, Any]]:
        answer = real(request)
        if answer[0] and not raised:
            raised.append(True)
            raise RuntimeError("connection reset after the write")
        return answer

    monkeypatch.setattr(store, "update_returning", landed_then_failed)
    batch = marker_batch(api)
    assert aggregate(api, batch) == {"batchItemFailures": [], "state": {}}
    assert raised and views_of(api) == 3
    with api.environment("CountersAggregatorFunction"):
        assert parking.parked(counters_parking.CONSUMER) == []
    assert aggregate(api, batch)["batchItemFailures"] == []
    assert views_of(api) == 3


def test_a_new_day_restarts_the_periods_of_an_article_that_has_a_mark(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_views(api, 5)
    batch = marker_batch(api)
    today = clock.now()
    assert aggregate(api, {**batch, "Records": batch["Records"][:2]})["batchItemFailures"] == []
    monkeypatch.setattr(clock, "now", lambda: today + timedelta(days=1))
    for records in (batch["Records"][1:], batch["Records"]):  # regrouped, then again: after midnight
        assert aggregate(api, {**batch, "Records": records})["batchItemFailures"] == []
    item = stats_item(api)
    assert views_of(api) == 5
    assert item["day_period"] == keys.ranking("day", today + timedelta(days=1))
    assert item["day_views"] == 3  # the views added up after midnight


def test_a_batch_over_many_articles_counts_each_once_however_it_is_delivered(api: Api) -> None:
    read = [ARTICLE, OTHER, "demosonnenallee3", "demogurbetposta4", "demomodaengelsz5", "demokoprulabs2k6"]
    for round_ in range(len(read)):  # interleaved: each article's views spread over the batch
        for n, article in enumerate(read[round_:], start=round_):
            add_views(api, 1, article, first_ip=10 * n + round_)
    batch = marker_batch(api)
    half = len(batch["Records"]) // 2  # in stream order: a half, then it all again, and so on
    for records in (batch["Records"][:half], batch["Records"], batch["Records"][half:], batch["Records"]):
        assert aggregate(api, {**batch, "Records": records})["batchItemFailures"] == []
    assert [views_of(api, article) for article in read] == [1, 2, 3, 4, 5, 6]


def drain_with_other_failing(api: Api, monkeypatch: pytest.MonkeyPatch) -> StreamPoller:
    """3 views of ARTICLE and 2 of OTHER, interleaved (A O A O A), through the poller, while
    OTHER's totals cannot be written: every retry also brings ARTICLE's views again."""
    for n in range(3):
        add_views(api, 1, ARTICLE, first_ip=n)
        if n < 2:
            add_views(api, 1, OTHER, first_ip=50 + n)
    failing_for(monkeypatch, OTHER, times=1_000)
    poller = StreamPoller(api.runtime)
    poller.drain()
    return poller


def test_the_poller_retries_what_could_be_neither_counted_nor_parked_then_gives_up(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    unparkable(monkeypatch)
    poller = drain_with_other_failing(api, monkeypatch)
    subscription = next(s for s in api.runtime.stack.streams if s.function == "CountersAggregatorFunction")
    assert subscription.tumbling_window > 0  # events name their shard: the marks' key
    assert poller.invocations[subscription.function] == 1 + subscription.max_retries
    # Lambda gives up on the batch from its first failed record on: ARTICLE's last view, counted, too.
    dead = [r["dynamodb"]["NewImage"]["article_id"]["S"] for r in poller.dead_letters]
    assert dead.count(OTHER) == 2 and dead[0] == OTHER
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
