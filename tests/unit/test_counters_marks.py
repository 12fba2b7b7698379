"""The counters' aggregation rules as pure logic, without DynamoDB: positions, marks, what a
stream record counts, a batch summed per article, the STATS update's periods and request."""

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

from haber.counters import decoding, marks, store
from haber.counters.stats_update import current_periods, periods_to_restart, stats_change

ARTICLE = "demokeupkargo2ks"
NOW = datetime(2026, 11, 5, 12, 30, tzinfo=UTC)


def record(
    sequence: int,
    new: dict[str, Any] | None = None,
    old: dict[str, Any] | None = None,
    event: str = "MODIFY",
) -> DynamoDBRecord:
    """A stream record as Lambda delivers it (images in DynamoDB's JSON)."""
    change: dict[str, Any] = {"SequenceNumber": str(sequence), "Keys": {"pk": {"S": "VIEW#x"}, "sk": {"S": "VIEW"}}}
    if new is not None:
        change["NewImage"] = new
    if old is not None:
        change["OldImage"] = old
    return DynamoDBRecord({"eventID": f"e{sequence}", "eventName": event, "dynamodb": change})


def view(visitors: int) -> dict[str, Any]:
    image: dict[str, Any] = {"type": {"S": "view"}, "article_id": {"S": ARTICLE}}
    if visitors:
        image["visitors"] = {"SS": [f"v{n}" for n in range(visitors)]}
    return image


def reaction(visitors: int, reaction_type: str = "like", article: str = ARTICLE) -> dict[str, Any]:
    image = {"type": {"S": "reaction"}, "kind": {"S": reaction_type}, "article_id": {"S": article}}
    return image | ({"visitors": {"SS": [f"v{n}" for n in range(visitors)]}} if visitors else {})


SHARE = {"type": {"S": "share"}, "network": {"S": "x"}, "article_id": {"S": ARTICLE}}


# Positions: sequence numbers of up to 40 digits as short strings that sort alike.


def test_positions_sort_as_the_sequence_numbers_do() -> None:
    draw = random.Random(62)
    numbers = [0, 1, 61, 62, 63, 10**20, 10**21 - 1, 10**40 - 1, 10**39, 10**39 + 1]
    numbers += [draw.randrange(10 ** draw.randint(1, 40)) for _ in range(2_000)]
    assert sorted(numbers, key=lambda n: marks.position(str(n))) == sorted(numbers)


def test_a_position_is_its_base62_digits_after_their_count() -> None:
    assert marks.position("0") == marks.position(None) == "010"
    assert marks.position("61") == "01z"
    assert marks.position("62") == "0210"
    forty_nines = marks.position("9" * 40)
    assert forty_nines.startswith("23") and len(forty_nines) == 25  # 62**23 > 10**40 > 62**22
    assert all(digit in marks.BASE62 for digit in forty_nines[2:])


def test_a_longer_number_sorts_after_a_shorter_one_whatever_its_digits() -> None:
    assert marks.position("9" * 21) < marks.position("1" + "0" * 21)
    assert marks.position(str(62**5 - 1)) < marks.position(str(62**5))


# Marks: one per shard, moved past what was counted, dropped when no record can be that old.


def test_each_shard_has_its_own_short_mark_name() -> None:
    names = {marks.mark_name(f"shardId-{n:020d}-{n:08x}") for n in range(500)}
    assert len(names) == 500
    assert all(name.startswith(marks.MARK_PREFIX) and len(name) == 15 for name in names)
    assert marks.mark_name("shardId-1") == marks.mark_name("shardId-1")


def test_a_move_keeps_the_last_position_and_the_minute() -> None:
    moved = marks.move("shardId-1", "0210", "0215", None, NOW.timestamp())
    assert moved.to == f"0215@{int(NOW.timestamp()) // 60}"
    assert (moved.name, moved.first, moved.known) == (marks.mark_name("shardId-1"), "0210", None)
    assert marks.position_of(moved.to) == "0215"
    assert marks.time_of(moved.to) == NOW.timestamp() // 60 * 60


def test_only_records_beyond_the_mark_are_left() -> None:
    assert marks.beyond(None, "0210") and marks.beyond("", "0210")  # not read, or no mark
    assert marks.beyond("0215@29000000", "0216")
    assert not marks.beyond("0215@29000000", "0215")
    assert not marks.beyond("0215@29000000", "0214")
    assert not marks.beyond("0215@29000000", "01z")  # shorter: smaller


def test_marks_older_than_any_record_lambda_delivers_are_old() -> None:
    now = NOW.timestamp()

    def set_ago(seconds: float) -> str:
        return f"0210@{int(now - seconds) // 60}"

    item = {
        "pk": "ARTICLE#x",
        "views": 7,
        "mark_aaaaaaaaaa": set_ago(marks.MARKS_KEPT_SECONDS + 120),
        "mark_bbbbbbbbbb": set_ago(marks.RECORD_AGE_SECONDS + 60),  # within the margin for clocks
        "mark_cccccccccc": set_ago(0),
        "mark_dddddddddd": "0210",  # set before marks kept their minute: old
    }
    assert marks.old_marks(item, now) == {"mark_aaaaaaaaaa": item["mark_aaaaaaaaaa"], "mark_dddddddddd": "0210"}
    assert marks.old_marks({"views": 1}, now) == {}
    assert marks.RECORD_AGE_SECONDS < marks.MARKS_KEPT_SECONDS


# What a stream record counts.


def test_a_view_marker_counts_the_visitors_it_gained() -> None:
    assert decoding.what_it_counts(record(1, view(1), event="INSERT")) == decoding.Counted(ARTICLE, "views", 1)
    assert decoding.what_it_counts(record(2, view(3), view(2))) == decoding.Counted(ARTICLE, "views", 1)
    assert decoding.what_it_counts(record(3, view(2), view(2))) == decoding.Counted(ARTICLE, "views", 0)


def test_a_reaction_counts_per_reaction_type_and_may_be_taken_back() -> None:
    given = decoding.what_it_counts(record(1, reaction(1, "heart"), event="INSERT"))
    assert given == decoding.Counted(ARTICLE, "reaction:heart", 1)
    taken_back = decoding.what_it_counts(record(2, reaction(0), reaction(1)))
    assert taken_back == decoding.Counted(ARTICLE, "reaction:like", -1)
    assert decoding.what_it_counts(record(3, {**reaction(1), "kind": {"S": ""}}, event="INSERT")) is None


def test_a_share_counts_once_when_inserted() -> None:
    assert decoding.what_it_counts(record(1, SHARE, event="INSERT")) == decoding.Counted(ARTICLE, "share:x", 1)
    assert decoding.what_it_counts(record(2, SHARE, SHARE)) is None


def test_a_markers_removal_by_ttl_counts_nothing_but_is_a_marker() -> None:
    for image in (view(4), reaction(2), SHARE):
        assert decoding.what_it_counts(record(1, old=image, event="REMOVE")) == decoding.Counted(ARTICLE, "views", 0)


def test_records_that_are_no_markers_count_nothing() -> None:
    assert decoding.what_it_counts(record(1, {"type": {"S": "view"}}, event="INSERT")) is None  # no article
    assert decoding.what_it_counts(record(2, {"type": {"S": "rendition"}, "article_id": {"S": ARTICLE}})) is None
    assert (
        decoding.what_it_counts(record(3, old={"type": {"S": "meta"}, "article_id": {"S": "a"}}, event="REMOVE"))
        is None
    )
    assert decoding.what_it_counts(DynamoDBRecord({"eventID": "e", "eventName": "MODIFY"})) is None


def test_a_failure_names_the_record_by_its_sequence_number() -> None:
    assert decoding.failure(record(12345, view(1))) == {"itemIdentifier": "12345"}
    assert decoding.failure(DynamoDBRecord({"eventID": "only-an-id", "eventName": "MODIFY"})) == {
        "itemIdentifier": "only-an-id"
    }


# A batch summed per article, in stream order.


def test_a_batch_is_grouped_per_article_in_stream_order_and_summed() -> None:
    other = "demokoelnsimit27"
    batch = [
        record(10**30 + 5, reaction(0, article=other), reaction(1, article=other)),
        record(7, view(1), event="INSERT"),
        record(10**30, reaction(1, article=other), event="INSERT"),
        record(9, view(2), view(1)),
        record(8, {"type": {"S": "meta"}}, event="INSERT"),
        record(11, reaction(1), event="INSERT"),
        record(12, SHARE, event="INSERT"),
    ]
    by_article, strangers = decoding.by_article(batch)
    assert [r.sequence_number for r in (r.dynamodb for r in strangers) if r] == ["8"]
    assert list(by_article) == [ARTICLE, other]
    assert [entry.position for entry in by_article[ARTICLE]] == sorted(entry.position for entry in by_article[ARTICLE])
    assert [e.record.event_id for e in by_article[other]] == [f"e{10**30}", f"e{10**30 + 5}"]
    assert decoding.sums(by_article[ARTICLE]) == Counter({"views": 2, "reaction:like": 1, "share:x": 1})
    assert decoding.sums(by_article[other]) == Counter({"reaction:like": 0})
    assert decoding.viewed(by_article[ARTICLE]) and not decoding.viewed(by_article[other])


# The STATS update: what it adds, which periods it starts again, and the request it makes.


def test_a_change_that_adds_up_to_nothing_is_none() -> None:
    assert stats_change(Counter({"reaction:like": 0}), set(), NOW) is None
    assert stats_change(Counter(), set(), NOW) is None


def test_views_add_to_the_current_periods_other_totals_do_not() -> None:
    change = stats_change(Counter({"views": 3, "reaction:like": 0, "share:x": 1}), {"week"}, NOW)
    assert change is not None
    assert change.totals == {"views": 3, "share:x": 1}
    assert change.periods == current_periods(NOW) and change.restarting == {"week"}
    only_shares = stats_change(Counter({"share:x": 1}), set(), NOW)
    assert only_shares is not None and only_shares.periods == {}


def test_periods_to_restart_are_those_the_item_does_not_count_yet() -> None:
    day, week = current_periods(NOW)["day"], current_periods(NOW)["week"]
    assert periods_to_restart(store.periods({"day_period": day, "week_period": week}), NOW) == set()
    assert periods_to_restart(store.periods({"day_period": day, "week_period": "old"}), NOW) == {"week"}
    assert periods_to_restart(store.periods({}), NOW) == {"day", "week"}
    tomorrow = NOW + timedelta(days=1)
    assert "day" in periods_to_restart(store.periods({"day_period": day, "week_period": week}), tomorrow)


@pytest.mark.parametrize("known", [None, "", "0215@1"])
def test_the_stats_request_adds_starts_periods_and_moves_the_mark_under_one_condition(known: str | None) -> None:
    change = stats_change(Counter({"reaction:like": 1, "views": 2}), {"day"}, NOW)
    request = store._stats_update(ARTICLE, change, marks.move("s", "0216", "0219", known, NOW.timestamp()))
    names, values = request["ExpressionAttributeNames"], request["ExpressionAttributeValues"]
    assert request["Key"] == {"pk": f"ARTICLE#{ARTICLE}", "sk": "STATS"}
    assert request["UpdateExpression"] == (
        "ADD #f0 :d0, #f1 :d1, #week_views :d1 SET #day = :day, #day_views = :d1, #mark = :mark"
    )
    assert [names[f"#f{i}"] for i in range(2)] == ["reaction:like", "views"] and values[":d1"] == 2
    mark_condition = {
        None: "(attribute_not_exists(#mark) OR #mark < :first)",
        "": "attribute_not_exists(#mark)",
        "0215@1": "#mark = :seen",
    }[known]
    assert request["ConditionExpression"] == (
        f"(attribute_not_exists(#day) OR #day <> :day) AND #week = :week AND {mark_condition}"
    )
    assert values.get(":first") == ("0216" if known is None else None)
    assert values.get(":seen") == (known or None)


def test_records_that_add_up_to_nothing_only_move_the_mark() -> None:
    request = store._stats_update(ARTICLE, None, marks.move("s", "0216", "0219", None, NOW.timestamp()))
    assert request["UpdateExpression"] == "SET #mark = :mark"
    assert request["ConditionExpression"] == "(attribute_not_exists(#mark) OR #mark < :first)"


def test_a_replayed_share_adds_without_any_condition() -> None:
    request = store._stats_update(ARTICLE, stats_change(Counter({"share:x": 1}), set(), NOW), None)
    assert request["UpdateExpression"] == "ADD #f0 :d0"
    assert "ConditionExpression" not in request
