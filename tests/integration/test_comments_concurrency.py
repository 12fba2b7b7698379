"""200 comments from 16 threads, with retries, approvals and deletions racing each other:
the visible comments, the count and the records must agree exactly afterwards."""

import contextlib
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from boto3.dynamodb.conditions import Key

from devstack.runtime import LambdaContext
from haber import comments
from haber.platform.db import table
from haber.platform.errors import Conflict, NotFound
from haber.platform.idempotency import once
from tests.conftest import Api

ARTICLE = "demokoelnsimit27"
POSTS = 200
THREADS = 16


def persist(action: Callable[[], Any]) -> Any:
    """What a client does with a 409 (in progress, concurrent change): wait and retry."""
    for _ in range(200):
        try:
            return action()
        except Conflict:
            time.sleep(0.01)
    raise AssertionError("still conflicting after 200 tries")


def test_counts_stay_exact_under_concurrency(isolated_api: Any) -> None:
    api: Api = isolated_api(ModerationMode="pre", CommentRatePerMinute="10000", CommentRatePerDay="10000")
    rng = random.Random(7)
    results: dict[int, list[str]] = {}
    lock = threading.Lock()
    to_moderate: list[str] = []

    def post(number: int) -> None:
        client = f"client-{number % 40}"
        payload = {"article": ARTICLE, "n": number}

        def write() -> dict:
            return dict(comments.post(ARTICLE, f"Leser {number}", f"Kommentar {number}", None, None, client))

        context = LambdaContext("CommentsFunction", timeout_ms=60_000)
        result = persist(lambda: once("comments", f"key-{number:05d}", client, payload, write, context))
        with lock:
            results.setdefault(number, []).append(result["id"])
            to_moderate.append(result["id"])

    def moderate(comment_id: str, action: str) -> None:
        with contextlib.suppress(NotFound):  # deleted by a racing moderator first: nothing left to do
            persist(lambda: comments.moderate(ARTICLE, comment_id, action, "moderator"))

    with api.environment("CommentsFunction"), ThreadPoolExecutor(THREADS) as pool:
        jobs = list(range(POSTS)) + rng.sample(range(POSTS), 60)  # 60 retries with the same key
        rng.shuffle(jobs)
        futures = [pool.submit(post, number) for number in jobs]
        moderation = []
        while not all(f.done() for f in futures) or to_moderate:
            with lock:
                batch, to_moderate[:] = list(to_moderate), []
            for comment_id in batch:
                moderation.append(pool.submit(moderate, comment_id, "approve"))
                if rng.random() < 0.3:
                    moderation.append(pool.submit(moderate, comment_id, "approve"))  # a double click
                if rng.random() < 0.25:
                    moderation.append(pool.submit(moderate, comment_id, "delete"))
            time.sleep(0.005)
        for future in futures + moderation:
            future.result()

        records = _query("gsi1", "MOD#approved") + _query("gsi1", "MOD#pending") + _query("gsi1", "MOD#rejected")
        mine = [r for r in records if r["article_id"] == ARTICLE and r["client"].startswith("client-")]
        entries = _query(None, f"COMMENTS#{ARTICLE}")
        header = next(e for e in entries if e["sk"] == "#")

    assert all(len(set(ids)) == 1 for ids in results.values()), "a key produced two comments"
    assert len({ids[0] for ids in results.values()}) == POSTS
    assert {r["id"] for r in mine} <= {ids[0] for ids in results.values()}
    approved = [r for r in mine if r["status"] == "approved"]
    shown = [e for e in entries if e["sk"] != "#" and not e.get("deleted")]
    seeded = 1  # Elif's approved comment on this article
    assert int(header["count"]) == len(approved) + seeded == len(shown)
    assert 0 < len(approved) < POSTS  # some were deleted, the rest approved
    assert not [r for r in mine if r["status"] == "pending"]


def _query(index: str | None, partition: str) -> list[dict]:
    name = f"{index}pk" if index else "pk"
    request: dict[str, Any] = {"KeyConditionExpression": Key(name).eq(partition)}
    if index:
        request["IndexName"] = index
    items: list[dict] = []
    while True:
        response = table().query(**request)
        items += response["Items"]
        if "LastEvaluatedKey" not in response:
            return items
        request["ExclusiveStartKey"] = response["LastEvaluatedKey"]
