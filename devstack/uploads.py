"""The local stand-in for S3's event notifications to Lambda: watches the template's
buckets (by its S3 events' key prefixes) in the local S3 emulator and invokes each
subscribed function with an ObjectCreated event, one record per object, like S3 does."""

import logging
import threading
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import quote_plus

from devstack import aws
from devstack.runtime import Runtime
from devstack.template import REGION, UploadSubscription

log = logging.getLogger("devstack.uploads")


class UploadNotifier:
    def __init__(self, runtime: Runtime):
        """Like a bucket's notification configuration, it tells of objects created from now
        on, not of those already there."""
        self.runtime = runtime
        self.s3 = aws.local_client("s3")
        self.seen: set[tuple[str, str, str]] = set()  # (function, key, etag)
        self.delivered: list[tuple[str, str, Any]] = []  # (function, key, answer)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        for subscription, item in self._objects():
            self.seen.add((subscription.function, item["Key"], item["ETag"]))

    def _objects(self) -> Iterator[tuple[UploadSubscription, dict[str, Any]]]:
        for subscription in self.runtime.stack.uploads:
            pages = self.s3.get_paginator("list_objects_v2").paginate(
                Bucket=subscription.bucket, Prefix=subscription.prefix
            )
            for page in pages:
                for item in page.get("Contents", []):
                    yield subscription, item

    def drain(self) -> int:
        """Notify every object created since the last call; returns how many."""
        with self._lock:
            count = 0
            for subscription, item in list(self._objects()):
                marker = (subscription.function, item["Key"], item["ETag"])
                if marker in self.seen:
                    continue
                self.seen.add(marker)
                answer = self._invoke(subscription, {"Records": [object_created(subscription.bucket, item)]})
                self.delivered.append((subscription.function, item["Key"], answer))
                count += 1
            return count

    def _invoke(self, subscription: UploadSubscription, event: dict[str, Any]) -> Any:
        """As Lambda invokes asynchronously: tried again on failure (EventInvokeConfig's
        MaximumRetryAttempts), then given up on (deployed: sent to the dead-letter queue)."""
        for attempt in range(1, subscription.attempts + 1):
            try:
                return self.runtime.invoke(subscription.function, event)
            except Exception:
                log.exception("%s failed (try %d of %d)", subscription.function, attempt, subscription.attempts)
        return None

    def run_in_background(self, interval: float = 0.5) -> threading.Thread:
        def loop() -> None:
            while not self._stop.is_set():
                try:
                    self.drain()
                except Exception:  # a broken poll must not end the dev server
                    log.exception("upload poll failed")
                self._stop.wait(interval)

        thread = threading.Thread(target=loop, name="upload-notifier", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()


def object_created(bucket: str, item: dict[str, Any]) -> dict[str, Any]:
    """An S3 event notification record as Lambda receives it (keys URL-encoded)."""
    modified = item["LastModified"]
    return {
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "awsRegion": REGION,
        "eventTime": modified.isoformat() if isinstance(modified, datetime) else str(modified),
        "eventName": "ObjectCreated:Post",
        "s3": {
            "s3SchemaVersion": "1.0",
            "bucket": {"name": bucket, "arn": f"arn:aws:s3:::{bucket}"},
            "object": {"key": quote_plus(item["Key"], safe="/"), "size": item["Size"], "eTag": item["ETag"].strip('"')},
        },
    }
