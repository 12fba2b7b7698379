"""The one clock: every "now" in Haber comes from here, so tests can move time in one place.

Timestamps are stored as sortable UTC strings, 2026-01-11T20:27:00Z.
"""

from datetime import UTC, datetime, timedelta


def now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def now_iso() -> str:
    return iso(now())


def today() -> str:
    """The UTC calendar day, 2026-11-29: the period of daily salts, markers and rankings."""
    return now().strftime("%Y-%m-%d")


def epoch_seconds() -> int:
    return int(now().timestamp())


def expiry(days: float) -> int:
    """Epoch seconds `days` from now: the value of a TTL attribute (`expires_at`)."""
    return int((now() + timedelta(days=days)).timestamp())
