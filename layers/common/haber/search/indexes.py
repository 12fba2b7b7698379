"""The indexes this instance holds open, one per language: a reader's refreshed from S3 at
most every SEARCH_REFRESH_SECONDS, the writer's brought up to date before each write and
pushed after it (haber.search.files)."""

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import tantivy

from haber.platform.settings import get_settings
from haber.search import engine, files
from haber.search.records import Entry
from haber.search.settings import SearchSettings


@dataclass
class Held:
    index: tantivy.Index
    manifest: files.Manifest | None
    etag: str | None
    checked: float  # time.monotonic() of the last look at S3


_held: dict[Path, Held] = {}
_lock = threading.Lock()  # the local stack serves requests on threads; Lambda does one at a time


def _current(lang: str, refresh_seconds: float) -> tuple[Path, Held]:
    with _lock:
        return _refreshed(lang, refresh_seconds)


def _refreshed(lang: str, refresh_seconds: float) -> tuple[Path, Held]:
    path = files.folder(lang)
    held = _held.get(path)
    if held and time.monotonic() - held.checked < refresh_seconds:
        return path, held
    path.mkdir(parents=True, exist_ok=True)
    manifest, etag = files.pull(lang, path, held.etag if held else None)
    if held is None or manifest is not None:  # a new commit: open it
        held = _held[path] = Held(engine.open_index(path), manifest or (held.manifest if held else None), etag, 0)
    held.etag, held.checked = etag, time.monotonic()
    return path, held


def reading(lang: str) -> tantivy.Index:
    return _current(lang, SearchSettings.load().refresh_seconds)[1].index


def warm_if_provisioned() -> None:
    """On a provisioned instance, copy and open every language's index at init: Lambda runs
    that init ahead of traffic and gives it minutes (130 s or the timeout), so no reader waits
    for a copy. An on-demand instance has ten seconds of init and copies a language's index on
    its first query in it."""
    if os.environ.get("AWS_LAMBDA_INITIALIZATION_TYPE") == "provisioned-concurrency":
        for lang in get_settings().languages:
            reading(lang)


def write(lang: str, removed: set[str], added: list[Entry], fresh: bool = False, publish: bool = True) -> None:
    """One commit of the language's index (`fresh`: of an emptied one), pushed to S3 unless
    more commits follow (a rebuild publishes its last)."""
    path, held = _current(lang, 0)
    if fresh:
        engine.clear(held.index)
    engine.write(held.index, removed, added)
    if publish:
        held.manifest, held.etag = files.push(lang, path, held.manifest)
