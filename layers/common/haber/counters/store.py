"""Every DynamoDB request of the counters domain, and the names of what it stores: the
markers a view, reaction or share writes, the STATS item (its totals, periods and shard
marks), parked records replayed, and the most-read items. The rule modules say what to
count; this module says how it is asked of DynamoDB. Plain functions, one per request.

Stored names stay as deployed data has them: a reaction marker keeps its reaction type in
`kind`, a STATS item its totals in `views`, `reaction:<type>` and `share:<network>`.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal, TypedDict, cast

from haber import articles
from haber.platform import clock, keys
from haber.platform.db import Operation, batch_get, plain, put_if, table, transact, update_if, update_returning
from haber.platform.observability import logger
from haber.platform.shapes import Item, Request

MARKER_DAYS = 2  # a day's markers outlive the day they de-duplicate
PERIOD_DAYS = {"day": 8, "week": 35}  # the periods a STATS item counts views in; how long their most-read is kept
ATTEMPTS = 5  # a transaction conflicting with another on the same items
PARKED_PER_TRANSACTION = 99  # DynamoDB's 100 items, with the mark
VIEWS: Final = "views"
REACTION_TYPE: Final = "kind"  # a reaction marker's reaction type, as deployed data stores it


class Marker(TypedDict, total=False):
    """A view, reaction or share marker as the stream carries its image."""

    pk: str
    sk: str
    type: Literal["view", "reaction", "share"]
    article_id: str
    kind: str  # REACTION_TYPE
    network: str
    visitors: set[str]
    expires_at: int


class ShareMarker(TypedDict):
    pk: str
    sk: str
    type: Literal["share"]
    network: str
    article_id: str
    expires_at: int


class MostReadItem(TypedDict):
    """A period's most-read item: views by article id, versioned for optimistic merges."""

    pk: str
    sk: str
    entries: dict[str, int]
    version: int
    expires_at: int


@dataclass(frozen=True)
class StatsChange:
    """Totals to add to a STATS item (by attribute, none zero); for views, the current
    periods (by window) and which of them the item must start again rather than add to."""

    totals: dict[str, int]
    periods: dict[str, str]
    restarting: frozenset[str]


@dataclass(frozen=True)
class MarkMove:
    """A shard's mark in a STATS item moved to `to` (a position and the minute it was set),
    on the condition that it is below `first` (`known` None: not read), absent (`known`
    ""), or exactly `known` as read (marks.py)."""

    name: str
    to: str
    first: str
    known: str | None


Replayed = Literal["counted", "gone", "refused"]


def reaction_field(reaction_type: str) -> str:
    """The STATS attribute totalling a reaction type."""
    return f"reaction:{reaction_type}"


def share_field(network: str) -> str:
    """The STATS attribute totalling a network's shares."""
    return f"share:{network}"


# Markers: one conditional write each, on the request path.


def add_view(article_id: str, day: str, address: str, visitor: str, room: int) -> bool:
    fields = {"type": "view", "article_id": article_id}
    return _join_marker(keys.view(article_id, day, address), visitor, fields, room)


def add_reaction(article_id: str, reaction_type: str, day: str, address: str, visitor: str, room: int) -> bool:
    fields = {"type": "reaction", REACTION_TYPE: reaction_type, "article_id": article_id}
    return _join_marker(keys.reaction(article_id, reaction_type, day, address), visitor, fields, room)


def take_back_reaction(article_id: str, reaction_type: str, day: str, address: str, visitor: str) -> bool:
    key = keys.reaction(article_id, reaction_type, day, address)
    return update_if(
        key, "DELETE visitors :visitors", "contains(visitors, :visitor)", visitors={visitor}, visitor=visitor
    )


def add_share(article_id: str, network: str, day: str, visitor: str) -> bool:
    """Once per visitor, network, article and day."""
    key = keys.share(article_id, network, day, visitor)
    marker: ShareMarker = {
        "pk": key["pk"],
        "sk": key["sk"],
        "type": "share",
        "network": network,
        "article_id": article_id,
        "expires_at": clock.expiry(MARKER_DAYS),
    }
    return put_if({**marker})


def _join_marker(key: keys.Key, visitor: str, fields: dict[str, str], room: int) -> bool:
    """Add a visitor to the set of an address's visitors, unless it is in it or the set is
    full: one conditional UpdateItem, whose stream record the aggregator counts."""
    names = {f"#{name}": name for name in fields}
    assignments = ", ".join(f"#{name} = :{name}" for name in fields)
    return update_if(
        key,
        f"SET {assignments}, expires_at = :expires ADD visitors :visitors",
        "attribute_not_exists(visitors) OR (size(visitors) < :room AND NOT contains(visitors, :visitor))",
        names,
        expires=clock.expiry(MARKER_DAYS),
        room=room,
        **fields,
        visitors={visitor},
        visitor=visitor,
    )


# Reading: one BatchGetItem, or one GetItem.


def stats_and_headers(ids: list[str]) -> dict[str, tuple[Item | None, Item]]:
    """Each article's comment thread header (None if none) and STATS item ({} if none)."""
    wanted = [key for article_id in ids for key in (keys.stats(article_id), keys.thread_header(article_id))]
    by_key = {(item["pk"], item["sk"]): item for item in batch_get(wanted)}
    found = {}
    for article_id in ids:
        stats = keys.stats(article_id)
        header = by_key.get((keys.comment_thread(article_id), keys.THREAD_HEADER))
        found[article_id] = (header, by_key.get((stats["pk"], stats["sk"]), {}))
    return found


def metas(ids: list[str]) -> dict[str, articles.Meta]:
    """The articles' META items (for their cards), by id."""
    return {
        str(item["id"]): cast(articles.Meta, item) for item in batch_get([keys.meta(article_id) for article_id in ids])
    }


def most_read(key: keys.Key, consistent: bool = False) -> MostReadItem | None:
    item: MostReadItem | None = plain(table().get_item(Key=key, ConsistentRead=consistent).get("Item"))
    return item


def put_most_read(item: MostReadItem, version: int) -> bool:
    """Write a most-read item unless its version moved since it was read (`version`)."""
    return put_if({**item}, "attribute_not_exists(pk) OR version = :version", version=version)


# The aggregator: one conditional update per article and batch; parking and replay.


def ready() -> None:
    """Create the table's handle once, before threads share it (their requests use string
    expressions only)."""
    table()


def stats_items(ids: list[str]) -> dict[str, Item]:
    """The articles' STATS items, read consistently (just written by this aggregator)."""
    items = batch_get([keys.stats(article_id) for article_id in ids], consistent=True)
    return {keys.article_id_of(str(item["pk"])): item for item in items}


def periods(stats: Mapping[str, Any]) -> dict[str, tuple[object, int]]:
    """The periods a STATS item counts views in, by window: (period, views)."""
    return {window: (stats.get(f"{window}_period"), int(stats.get(f"{window}_views", 0))) for window in PERIOD_DAYS}


def add_to_stats(article_id: str, change: StatsChange | None, move: MarkMove) -> tuple[bool, Item]:
    """Add the change and move the mark, in one conditional UpdateItem: (True, the item
    after it), or (False, the item as it was) when a condition failed."""
    return update_returning(_stats_update(article_id, change, move))


def drop_marks(article_id: str, marks: dict[str, object]) -> None:
    """Remove these marks unless one moved since it was read."""
    names = {f"#m{i}": name for i, name in enumerate(marks)}
    values = {f"m{i}": value for i, value in enumerate(marks.values())}
    condition = " AND ".join(f"#m{i} = :m{i}" for i in range(len(marks)))
    update_if(keys.stats(article_id), "REMOVE " + ", ".join(names), condition, names, **values)


def park(article_id: str, move: MarkMove, parked: list[Item]) -> bool:
    """Put parked copies of records and move the mark past them, in one transaction; False
    if the mark moved meanwhile."""
    copies: list[Operation] = [("copy", {"Put": {"Item": item}}) for item in parked]
    update = _stats_update(article_id, None, move)
    return _transact([("mark", {"Update": update}), *copies], f"parking for {article_id}") is None


def replay(
    consumer: str, event_id: str, article_id: str, change: StatsChange | None
) -> Literal["counted", "gone", "refused"]:
    """Delete a parked record's copy and add what it counts, in one transaction: counted,
    gone (the copy was replayed already) or refused (a period turned)."""
    copy = {"Key": keys.parked_record(consumer, event_id), "ConditionExpression": "attribute_exists(pk)"}
    operations: list[Operation] = [("copy", {"Delete": copy})]
    operations += [("stats", {"Update": _stats_update(article_id, change, None)})] if change else []
    failed = _transact(operations, f"replay of {event_id}")
    return "counted" if failed is None else "gone" if "copy" in failed else "refused"


def _stats_update(article_id: str, change: StatsChange | None, move: MarkMove | None) -> Request:
    """The UpdateItem parameters of a STATS item (raw, as boto3 takes them): totals ADDed;
    the current periods' views added, or started again, conditioned on which; the mark."""
    names: dict[str, str] = {}
    values: dict[str, object] = {}
    added, assigned, conditions = list[str](), list[str](), list[str]()
    if change:
        fields = list(change.totals)
        names |= {f"#f{i}": name for i, name in enumerate(fields)}
        values |= {f":d{i}": change.totals[name] for i, name in enumerate(fields)}
        added += [f"#f{i} :d{i}" for i in range(len(fields))]
        for window, period in change.periods.items():
            names |= {f"#{window}": f"{window}_period", f"#{window}_views": f"{window}_views"}
            values[f":{window}"] = period
            if window in change.restarting:
                assigned.append(f"#{window} = :{window}, #{window}_views = :d{fields.index(VIEWS)}")
                conditions.append(f"(attribute_not_exists(#{window}) OR #{window} <> :{window})")
            else:
                added.append(f"#{window}_views :d{fields.index(VIEWS)}")
                conditions.append(f"#{window} = :{window}")
    if move:
        names["#mark"], values[":mark"] = move.name, move.to
        assigned.append("#mark = :mark")
        if move.known is None:
            conditions.append("(attribute_not_exists(#mark) OR #mark < :first)")
            values[":first"] = move.first
        elif not move.known:
            conditions.append("attribute_not_exists(#mark)")
        else:
            conditions.append("#mark = :seen")
            values[":seen"] = move.known
    expression = ("ADD " + ", ".join(added) if added else "") + (" SET " + ", ".join(assigned) if assigned else "")
    update: Request = {
        "Key": keys.stats(article_id),
        "UpdateExpression": expression.strip(),
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values,
    }
    if conditions:
        update["ConditionExpression"] = " AND ".join(conditions)
    return update


def _transact(operations: list[Operation], what: str) -> list[str] | None:
    """The transaction, retried while it conflicts with another; the roles whose condition
    failed if it was refused, None once it is written."""
    for attempt in range(ATTEMPTS):
        cancelled = transact(operations)
        if cancelled is None:
            return None
        if cancelled.failed:
            return cancelled.failed
        logger.info("Counters transaction conflicted; retrying", extra={"what": what, "attempt": attempt + 1})
    raise RuntimeError(f"{what}: still conflicting after {ATTEMPTS} attempts")
