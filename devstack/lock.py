"""One `make dev` per data: a lock on a file in the state directory, held for the life of
the process.

Two dev servers on the same table would seed it at once and serve it from two processes,
one of which owns the DynamoDB Local the other uses. The lock is `flock` on a file under
`.local/`: the kernel drops it when the process ends, however it ends (Ctrl-C, kill -9, a
crash), so no stale pid file ever blocks a start. What the file says (pid, address, data)
only fills in the message a second instance shows; the lock is the truth. A clean stop
removes the file; one that a killed process left behind is simply locked again."""

import fcntl
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path


class AlreadyRunning(Exception):
    """Another live process holds the data's lock; the message says which and how to stop it."""


@dataclass
class DataLock:
    path: Path
    descriptor: int

    def release(self) -> None:
        # Removed while still held: a process that opened the old file before this one lets
        # go finds it gone and takes the new one (see acquire), so two never both hold it.
        self.path.unlink(missing_ok=True)
        os.close(self.descriptor)


def lock_path(state: Path, endpoint: str | None, table: str) -> Path:
    """`.local/dev.lock` for the data under `.local/dynamodb` (DynamoDB Local on port 8000,
    whatever the table: the first server owns that process); one per endpoint and table for
    a DynamoDB given by DYNAMODB_ENDPOINT (as the tests' dev servers do, each on its own)."""
    if endpoint is None:
        return state / "dev.lock"
    return state / f"dev-{hashlib.sha256(f'{endpoint} {table}'.encode()).hexdigest()[:16]}.lock"


def acquire(path: Path, url: str, data: str) -> DataLock:
    """Hold `path`'s lock as the dev server at `url` on `data`; AlreadyRunning if another
    process holds it. Never waits."""
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)  # not inherited by children
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read(descriptor)
            os.close(descriptor)
            raise AlreadyRunning(refusal(holder, data)) from None
        try:
            current = os.stat(path).st_ino == os.fstat(descriptor).st_ino
        except FileNotFoundError:
            current = False
        if current:
            break
        os.close(descriptor)  # the file a stopping server just removed: take the new one
    os.ftruncate(descriptor, 0)
    os.write(descriptor, json.dumps({"pid": os.getpid(), "url": url, "data": data}).encode())
    return DataLock(path, descriptor)


def _read(descriptor: int) -> dict[str, object]:
    try:
        found = json.loads(os.pread(descriptor, 4096, 0) or b"{}")
    except ValueError:  # the holder is between taking the lock and writing who it is
        return {}
    return found if isinstance(found, dict) else {}


def refusal(holder: dict[str, object], data: str) -> str:
    """One line: who holds the data, where it serves, how to stop it."""
    pid, url = holder.get("pid"), holder.get("url")
    who = f"process {pid}" if pid else "another process"
    serving = f", serving {url}" if url else ""
    stop = f"Ctrl-C in its terminal or `kill {pid}`" if pid else "Ctrl-C in its terminal"
    return (
        f"make dev is already running on {data}: {who}{serving}; stop it ({stop}) before starting "
        "another, or give this one other data (DYNAMODB_ENDPOINT, TABLE_NAME)."
    )
