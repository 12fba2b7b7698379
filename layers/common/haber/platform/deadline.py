"""The invocation's deadline: every outbound call that may be slow (a translation provider)
takes its time from what the invocation has left, so a slow dependency ends in a clear
answer or a retry, never in Lambda's timeout.

`invocation(context)` spans one invocation (the HTTP layer and the translation worker
use it); outside one, as in a test calling the layer directly, there is no deadline.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_ends_at: float | None = None
MARGIN_SECONDS = 1.0  # kept back to answer, log and report after the last call


@contextmanager
def invocation(context: Any) -> Iterator[None]:
    global _ends_at  # noqa: PLW0603 - one invocation at a time per process, as on Lambda
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    _ends_at = time.monotonic() + remaining() / 1000 if remaining else None
    try:
        yield
    finally:
        _ends_at = None


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """A shorter deadline for part of the invocation (one stream record, a read-path call)."""
    global _ends_at  # noqa: PLW0603
    saved = _ends_at
    limit = time.monotonic() + seconds + MARGIN_SECONDS
    _ends_at = min(saved, limit) if saved is not None else limit
    try:
        yield
    finally:
        _ends_at = saved


def remaining(at_most: float) -> float:
    """Seconds the next call may take: `at_most`, or less if the invocation ends sooner."""
    if _ends_at is None:
        return at_most
    return max(0.0, min(at_most, _ends_at - time.monotonic() - MARGIN_SECONDS))
