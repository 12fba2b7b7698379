"""The mark protocol: how an article's STATS item knows which records of a stream shard it
has counted, exactly once and without a transaction.

The update that adds an article's records also sets a mark in its STATS item, the position
of the last record it added from that shard, on the condition that the mark is below the
first record it adds. Lambda delivers a shard's records in order, one batch at a time, and
delivers again only what it has not passed, so a record at or below the article's mark for
its shard is counted already. When the condition fails, the item as it was (DynamoDB
returns it with the refusal) says which records are left. Lambda names the shard only in
tumbling-window events, so the template gives the mapping a window (its state is not used).

Marks older than the mapping's MaximumRecordAgeInSeconds are dropped (Lambda delivers no
record that old), so a busy article's item keeps a few and stays one write unit.
"""

import hashlib
import string
from collections.abc import Mapping

from haber.counters.store import MarkMove

RECORD_AGE_SECONDS = 6 * 3600  # the mapping's MaximumRecordAgeInSeconds (a test checks)
MARKS_KEPT_SECONDS = RECORD_AGE_SECONDS + 600  # with a margin for clocks
MARK_PREFIX = "mark_"
BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase  # ascending in ASCII, as DynamoDB compares


def position(sequence_number: str | None) -> str:
    """A sequence number (up to 40 decimal digits) as a short string that sorts as the
    number does: its base-62 digits (in ASCII order) after their count."""
    number, digits = int(sequence_number or 0), ""
    while True:
        number, digit = divmod(number, 62)
        digits = BASE62[digit] + digits
        if not number:
            return f"{len(digits):02d}{digits}"


def mark_name(shard: str) -> str:
    """The STATS attribute holding a shard's mark: short, as a busy article holds several."""
    return MARK_PREFIX + hashlib.sha256(shard.encode()).hexdigest()[:10]  # no two shards of a few hours alike


def move(shard: str, first: str, last: str, known: str | None, now: float) -> MarkMove:
    """The shard's mark moved past the records from `first` to `last`, set at `now`."""
    return MarkMove(mark_name(shard), f"{last}@{int(now) // 60}", first, known)


def beyond(known: str | None, position: str) -> bool:
    """Is the record at `position` past the mark as read (None, "": no mark)?"""
    return not known or position > position_of(known)


def position_of(mark: str) -> str:
    return mark.partition("@")[0]


def time_of(mark: object) -> float:
    """When the mark was set, in epoch seconds (it keeps minutes)."""
    return float(str(mark).partition("@")[2] or 0) * 60


def old_marks(item: Mapping[str, object], now: float) -> dict[str, object]:
    """The marks of a STATS item that no redelivery can need any more, by name."""
    oldest = now - MARKS_KEPT_SECONDS
    return {name: item[name] for name in sorted(item) if name.startswith(MARK_PREFIX) and time_of(item[name]) < oldest}
