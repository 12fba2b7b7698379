"""Where the indexes live, and every S3 request of the search domain.

An index is a folder of files tantivy never changes once written (segments), a few it
rewrites (meta.json, .managed.json) and lock files. The one writer (the indexer) commits
into its folder and copies to S3 (SEARCH_BUCKET, under <table>/<lang>/) the files S3 lacks,
then `manifest.json`, the list of every file of that commit, last. A reader (the search
function) fetches the manifest once on its first query and then at most every
SEARCH_REFRESH_SECONDS (a conditional GET: unchanged costs no transfer), copies the files
it lacks and opens the new commit. Files of the commit before last are deleted from S3,
so a reader copying the previous commit still finds its files.
"""

import json
import os
from pathlib import Path
from typing import TypedDict

from botocore.exceptions import ClientError

from haber.platform import storage
from haber.platform.settings import get_settings
from haber.search.settings import SearchSettings

MANIFEST = "manifest.json"
LAST = "meta.json"  # tantivy opens a commit by this file: it is copied after the rest
LOCKS = {".tantivy-writer.lock", ".tantivy-meta.lock"}

Files = dict[str, int]  # file name -> size


class Manifest(TypedDict):
    files: Files  # this commit's
    previous: Files  # the commit before (deleted from S3 by the next push)


def folder(lang: str) -> Path:
    """This instance's copy of a language's index: per table (the local stack hosts several
    tests' tables in one process) and, with a bucket, per function (the indexer's and the
    search function's copies are apart, as on Lambda)."""
    settings = SearchSettings.load()
    where = Path(settings.folder) / (settings.function if settings.bucket else "shared")
    return where / get_settings().table_name / lang


def _prefix(lang: str) -> str:
    return f"{get_settings().table_name}/{lang}/"


def local_files(path: Path) -> Files:
    return {item.name: item.stat().st_size for item in path.iterdir() if item.is_file() and item.name not in LOCKS}


def pull(lang: str, path: Path, seen: str | None) -> tuple[Manifest | None, str | None]:
    """Bring the folder to the last pushed commit. Returns its manifest (None: unchanged, or
    nothing pushed yet) and the manifest's ETag, for the next conditional GET."""
    bucket = SearchSettings.load().bucket
    if not bucket:
        return None, seen
    try:
        key = _prefix(lang) + MANIFEST
        if seen:
            answer = storage.client().get_object(Bucket=bucket, Key=key, IfNoneMatch=seen)
        else:
            answer = storage.client().get_object(Bucket=bucket, Key=key)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in {"304", "NotModified", "NoSuchKey", "404"}:
            return None, seen
        raise
    manifest: Manifest = json.loads(answer["Body"].read())
    wanted, have = manifest["files"], local_files(path)
    missing = [name for name, size in wanted.items() if have.get(name) != size or name in {LAST, ".managed.json"}]
    for name in sorted(missing, key=lambda name: name == LAST):
        _download(bucket, _prefix(lang) + name, path / name)
    for name in have.keys() - wanted.keys():
        (path / name).unlink(missing_ok=True)
    return manifest, answer["ETag"]


def _download(bucket: str, key: str, target: Path) -> None:
    partial = target.with_name(target.name + ".partial")
    storage.client().download_file(bucket, key, str(partial))
    os.replace(partial, target)


def push(lang: str, path: Path, before: Manifest | None) -> tuple[Manifest, str | None]:
    """Copy a commit to S3: its new files, then the manifest; then delete the files only the
    commit before `before` had. Returns the manifest and its ETag."""
    now, previous = local_files(path), before["files"] if before else {}
    manifest = Manifest(files=now, previous=previous)
    bucket = SearchSettings.load().bucket
    if not bucket:
        return manifest, None
    for name, size in now.items():
        if previous.get(name) != size or name in {LAST, ".managed.json"}:
            storage.client().upload_file(str(path / name), bucket, _prefix(lang) + name)
    answer = storage.client().put_object(
        Bucket=bucket, Key=_prefix(lang) + MANIFEST, Body=json.dumps(manifest).encode()
    )
    for name in (before["previous"] if before else {}).keys() - previous.keys() - now.keys():
        storage.client().delete_object(Bucket=bucket, Key=_prefix(lang) + name)
    return manifest, answer["ETag"]
