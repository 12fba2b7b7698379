"""`make dev`'s data. One dev server per data: a second is refused while the first lives,
and a dead one's lock is gone with it. The demo seed, all or nothing: a seed interrupted
anywhere (Ctrl-C, a crash) is finished on the next start, a seeded table is left alone,
and so is a table someone filled without the demo. The interruption is a KeyboardInterrupt
raised from a `before-send` hook of the real botocore clients, at the DynamoDB request
named. (The refusal of a real second `python -m devstack dev`: tests/e2e/test_http.py.)"""

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from devstack import ROOT, lock
from devstack.dynamodb import client, ensure_table
from devstack.runtime import Runtime
from devstack.seed import DEMO, MARKER, seed
from devstack.template import Stack
from haber import articles
from haber.platform import keys
from haber.platform.db import get, low_level_client, resource, table
from tests.conftest import SECRET, Api, new_article

demo = json.loads(DEMO.read_text(encoding="utf-8"))
ARTICLES = [article["id"] for article in demo["articles"]]


def empty(endpoint: str) -> Runtime:
    stack = Stack(table_name=f"haber-{uuid.uuid4().hex[:12]}", secret=SECRET, parameters={})
    ensure_table(stack, endpoint)
    return Runtime(stack, endpoint)


@contextmanager
def interrupted(runtime: Runtime, target: str, text: str, nth: int = 1) -> Iterator[None]:
    """The seed stops, as at Ctrl-C, at the `nth` DynamoDB `target` request that mentions `text`."""
    endpoint = runtime.dynamodb_endpoint
    with runtime.environment("ArticlesFunction"):
        clients = [resource(endpoint).meta.client, low_level_client(endpoint)]
    seen = []

    def stop(request: Any, **_: Any) -> None:
        if target in request.headers.get("X-Amz-Target", b"").decode() and text.encode() in (request.body or b""):
            seen.append(request)
            if len(seen) == nth:
                raise KeyboardInterrupt

    for each in clients:
        hooks: Any = each.meta.events
        hooks.register_first("before-send.dynamodb", stop, unique_id="interrupt")
    try:
        with pytest.raises(KeyboardInterrupt):
            yield
    finally:
        for each in clients:
            each.meta.events.unregister("before-send.dynamodb", unique_id="interrupt")


def items(runtime: Runtime) -> list[dict[str, Any]]:
    found = client(runtime.dynamodb_endpoint).scan(TableName=runtime.stack.table_name)["Items"]
    return sorted(found, key=lambda item: (item["pk"]["S"], item["sk"]["S"]))


def assert_seeded_in_full(runtime: Runtime) -> None:
    with runtime.environment("ArticlesFunction"):
        for article in demo["articles"]:
            found = articles.load(article["id"])
            assert found is not None, article["id"]
            assert sorted(found.texts) == ["de", "en", "tr"], article["id"]
            for role in ("leadim", "figure"):
                image = get(keys.media(article["id"][4:14] + role))
                assert image is not None and image["status"] == "ready" and image["texts"], image
        spare = get(keys.media("sparelibraryimag"))
        assert spare is not None and spare["status"] == "ready"
        comments = [item for item in items(runtime) if item["pk"]["S"].startswith("COMMENT#")]
        posted = {item["id"]["S"][-6:]: item["status"]["S"] for item in comments}
        assert posted == {comment["id_suffix"]: comment["status"] for comment in demo["comments"]}
        assert get(MARKER) == {**MARKER, "state": "seeded"}


def test_a_seed_interrupted_after_the_categories_is_finished_on_the_next_start(tables_endpoint: str) -> None:
    """What two `make dev` at once left before the lock: the demo's categories, authors,
    tags and first images, no article, no marker (the seed of a version before it)."""
    runtime = empty(tables_endpoint)
    with interrupted(runtime, "TransactWriteItems", f"ARTICLE#{ARTICLES[0]}"):  # the first article
        seed(runtime)
    with runtime.environment("ArticlesFunction"):
        assert len(articles.categories.listing("de")["items"]) == len(demo["categories"])
        assert articles.load(ARTICLES[0]) is None
        table().delete_item(Key=MARKER)
    assert seed(runtime) == len(ARTICLES)
    assert_seeded_in_full(runtime)
    kept = items(runtime)
    assert seed(runtime) == 0
    assert items(runtime) == kept


def test_a_seed_interrupted_between_a_comment_and_its_approval_is_finished(tables_endpoint: str) -> None:
    runtime = empty(tables_endpoint)
    # The second transaction naming the third comment: its approval, after its posting.
    with interrupted(runtime, "TransactWriteItems", "dem003", nth=2):
        seed(runtime)
    assert seed(runtime) == 0  # every article was there
    assert_seeded_in_full(runtime)


@pytest.mark.parametrize("marked", [True, False], ids=["seeded", "seeded-before-the-marker"])
def test_a_seeded_table_is_left_alone(fresh: Runtime, marked: bool) -> None:
    with fresh.environment("ArticlesFunction"):
        if not marked:
            table().delete_item(Key=MARKER)
        before = [item for item in items(fresh) if item["pk"]["S"] != MARKER["pk"]]
        assert seed(fresh) == 0
        assert get(MARKER) == {**MARKER, "state": "seeded"}
    assert [item for item in items(fresh) if item["pk"]["S"] != MARKER["pk"]] == before


def test_a_table_filled_without_the_demo_is_left_alone(tables_endpoint: str, issuer_key: Path) -> None:
    """One of the demo's category ids, but an article of its own: not the demo's, not wiped,
    not added to."""
    api = Api(empty(tables_endpoint), issuer_key)
    assert api.request("PUT", "/categories/politics", {"names": {"de": "Politik"}}, role="editor").status_code == 200
    assert api.request("POST", "/articles", new_article(), role="editor").status_code == 201
    before = items(api.runtime)
    assert seed(api.runtime) == 0
    assert items(api.runtime) == before


HOLDER = """
import sys
from pathlib import Path
from devstack import lock
lock.acquire(Path(sys.argv[1]), "http://127.0.0.1:3999", ".local/dynamodb")
print("held", flush=True)
sys.stdin.read()
"""


def test_a_second_server_on_the_same_data_is_refused_until_the_first_dies(tmp_path: Path) -> None:
    path = tmp_path / "dev.lock"
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE
    ) as first:
        try:
            assert first.stdout is not None
            assert first.stdout.readline() == b"held\n"
            with pytest.raises(lock.AlreadyRunning) as refused:
                lock.acquire(path, "http://127.0.0.1:3000", ".local/dynamodb")
            assert str(refused.value) == (
                f"make dev is already running on .local/dynamodb: process {first.pid}, serving "
                f"http://127.0.0.1:3999; stop it (Ctrl-C in its terminal or `kill {first.pid}`) before "
                "starting another, or give this one other data (DYNAMODB_ENDPOINT, TABLE_NAME)."
            )
            assert first.poll() is None
        finally:
            first.kill()  # no clean release: the kernel's is enough
    assert path.exists()
    held = lock.acquire(path, "http://127.0.0.1:3000", ".local/dynamodb")
    held.release()
    assert not path.exists()


def test_each_data_has_its_own_lock(tmp_path: Path) -> None:
    """`.local/dynamodb` (on port 8000) is one, whatever the table; another DynamoDB's
    table (a test's dev server) is another."""
    assert lock.lock_path(tmp_path, None, "haber") == lock.lock_path(tmp_path, None, "other") == tmp_path / "dev.lock"
    endpoint = "http://127.0.0.1:8123"
    paths = {lock.lock_path(tmp_path, endpoint, table) for table in ("haber", "haber-live-1", "haber-live-2")}
    assert len(paths | {tmp_path / "dev.lock"}) == 4
    held = [lock.acquire(path, "http://127.0.0.1:3000", "data") for path in paths]
    for each in held:
        each.release()
