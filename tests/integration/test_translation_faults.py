"""Translation under failing providers: what was sent is what is charged, each target
language stands alone, and no record or read waits past its deadline."""

import time
from typing import Any

import pytest

from haber.platform import keys
from haber.platform.clock import now
from haber.platform.db import get
from haber.translation import providers
from tests.conftest import Api, new_article
from tests.integration.conftest import Translating


def charged(api: Api) -> int:
    with api.environment("TranslationWorkerFunction"):
        return int((get(keys.budget(now())) or {}).get("characters", 0))


def publish(api: Api, **changes: Any) -> dict:
    response = api.request("POST", "/articles", new_article(**changes), role="editor")
    assert response.status_code == 201, response.json
    return response.json


def test_one_failing_language_does_not_hold_back_the_others(
    translating: Translating,
) -> None:
    api, provider, poller = translating
    before = charged(api)
    provider.failing_targets = {"tr"}
    article = publish(api)
    poller.drain()
    assert api.get(f"/articles/{article['id']}?lang=en").json["translation"]["origin"] == "machine"
    assert api.get(f"/articles/{article['id']}?lang=tr").json["lang"] == "de"  # still pending
    # The record was retried for Turkish and finally dead-lettered, with English done once.
    assert any(r["dynamodb"]["Keys"]["pk"]["S"] == f"ARTICLE#{article['id']}" for r in poller.dead_letters)
    english = [r for r in provider.requests if r["target"] == "en"]
    assert charged(api) - before == sum(len(r["text"]) for r in english)  # Turkish failed: not charged
    provider.failing_targets = set()
    api.request("POST", f"/articles/{article['id']}/translations/tr/refresh", role="editor")
    poller.drain()
    assert api.get(f"/articles/{article['id']}?lang=tr").json["translation"]["origin"] == "machine"


def test_failed_attempts_are_refunded(translating: Translating) -> None:
    api, provider, poller = translating
    before = charged(api)
    provider.fail_with = [500] * 1000
    publish(api)
    poller.drain()  # the first delivery and every retry fail
    assert provider.requests == []  # answered 500 before any translation
    assert charged(api) == before


def test_a_hung_provider_cannot_make_the_worker_time_out(
    translating: Translating, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every call gets what the invocation has left: a batch of articles against a provider
    that never answers in time ends before the function's timeout, its records reported
    as failures (retried later), not lost with the whole batch."""
    api, provider, poller = translating
    worker = api.runtime.stack.functions["TranslationWorkerFunction"]
    monkeypatch.setattr(worker, "timeout_seconds", 4)
    monkeypatch.setitem(worker.environment, "TRANSLATION_TIMEOUT_SECONDS", "1")
    monkeypatch.setattr(providers, "BACKOFF_SECONDS", 0.01)
    provider.delay = 3.0  # longer than any call may wait
    articles = [publish(api, title=f"Langsam {n}") for n in range(3)]
    durations: list[float] = []
    real_invoke = api.runtime.invoke

    def timed(function: str, event: dict) -> Any:
        started = time.monotonic()
        try:
            return real_invoke(function, event)
        finally:
            if function == worker.name:
                durations.append(time.monotonic() - started)

    monkeypatch.setattr(api.runtime, "invoke", timed)
    poller.drain()
    assert durations and max(durations) < worker.timeout_seconds  # Lambda would have killed a longer one
    dead = {r["dynamodb"]["Keys"]["pk"]["S"] for r in poller.dead_letters}
    assert {f"ARTICLE#{article['id']}" for article in articles} <= dead


def test_comment_translations_wait_at_most_the_read_path_deadline(
    translating: Translating, monkeypatch: pytest.MonkeyPatch
) -> None:
    api, provider, _ = translating
    monkeypatch.setattr(providers, "BACKOFF_SECONDS", 0.01)
    provider.delay = 6.0  # under the comments' 2 s per call, this is a provider that hangs
    started = time.monotonic()
    response = api.get("/articles/demokeupkargo2ks/comments?translate_to=en")
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert all("translation" not in comment for comment in response.json["items"])
    assert elapsed < 10  # the function's timeout: the reader got an answer, untranslated
