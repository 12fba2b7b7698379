"""What a stream record counts, and a shard's batch summed per article.

View and reaction markers hold sets of visitors: what counts is how the set grew or
shrank. Their removal by TTL counts nothing (they hold yesterday's readers). A share
marker counts once, when it is inserted.
"""

from collections import Counter
from dataclasses import dataclass
from typing import TypedDict, cast

from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord, DynamoDBRecordEventName

from haber.counters import marks
from haber.counters.store import REACTION_TYPE, VIEWS, Marker, reaction_field, share_field


@dataclass(frozen=True)
class Counted:
    """What one record adds: `delta` to the STATS attribute `field` of an article."""

    article_id: str
    field: str
    delta: int


@dataclass(frozen=True)
class Entry:
    """A marker record, its position in the shard and what it counts."""

    record: DynamoDBRecord
    position: str
    counted: Counted


class ItemFailure(TypedDict):
    itemIdentifier: str


def what_it_counts(record: DynamoDBRecord) -> Counted | None:
    """What a marker's change counts; None if it is no marker."""
    change = record.dynamodb
    new = cast(Marker, (change.new_image if change else None) or {})
    old = cast(Marker, (change.old_image if change else None) or {})
    image = new or old
    if "article_id" not in image:
        return None
    marker, article_id = image.get("type"), image["article_id"]
    if record.event_name == DynamoDBRecordEventName.REMOVE:
        return Counted(article_id, VIEWS, 0) if marker in ("view", "reaction", "share") else None
    grown = len(new.get("visitors") or ()) - len(old.get("visitors") or ())
    if marker == "view":
        return Counted(article_id, VIEWS, grown)
    reaction_type = image.get(REACTION_TYPE)
    if marker == "reaction" and reaction_type:
        return Counted(article_id, reaction_field(reaction_type), grown)
    network = image.get("network")
    if marker == "share" and network and record.event_name == DynamoDBRecordEventName.INSERT:
        return Counted(article_id, share_field(network), 1)
    return None


def position(record: DynamoDBRecord) -> str:
    """The record's place in its shard, as the marks compare it."""
    return marks.position(record.dynamodb.sequence_number if record.dynamodb else None)


def by_article(records: list[DynamoDBRecord]) -> tuple[dict[str, list[Entry]], list[DynamoDBRecord]]:
    """A shard's records per article, in stream order, and the records that are no marker."""
    articles: dict[str, list[Entry]] = {}
    strangers: list[DynamoDBRecord] = []
    for at, record in sorted(((position(record), record) for record in records), key=lambda pair: pair[0]):
        counted = what_it_counts(record)
        if counted is None:
            strangers.append(record)
        else:
            articles.setdefault(counted.article_id, []).append(Entry(record, at, counted))
    return articles, strangers


def sums(entries: list[Entry]) -> Counter[str]:
    """What the entries add up to, by STATS attribute."""
    summed = Counter[str]()
    for entry in entries:
        summed[entry.counted.field] += entry.counted.delta
    return summed


def viewed(entries: list[Entry]) -> bool:
    """Did the entries add views (so the most-read must merge)?"""
    return any(entry.counted.field == VIEWS and entry.counted.delta > 0 for entry in entries)


def failure(record: DynamoDBRecord) -> ItemFailure:
    """The partial batch response's name for a record Lambda must deliver again."""
    return {"itemIdentifier": str(record.dynamodb.sequence_number if record.dynamodb else record.event_id)}
