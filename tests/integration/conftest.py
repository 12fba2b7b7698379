"""Fixtures of the translation tests: a fake provider on loopback and Apis that use it."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from devstack.streams import StreamPoller
from haber.translation import providers
from tests.conftest import Api
from tests.fakes import FakeProvider, serving

Translating = tuple[Api, FakeProvider, StreamPoller]


@pytest.fixture
def fake() -> Iterator[tuple[FakeProvider, str]]:
    provider = FakeProvider()
    with serving(provider) as url:
        yield provider, url


@pytest.fixture
def with_google(fake: tuple[FakeProvider, str], make_api: Any, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Api]:
    """Makes an Api whose provider is Google, answered by the fake on loopback."""
    monkeypatch.setenv("GOOGLE_TRANSLATE_URL", f"{fake[1]}/m")
    monkeypatch.setattr(providers, "BACKOFF_SECONDS", 0.01)
    return lambda **parameters: make_api(TranslationProvider="google", **parameters)


@pytest.fixture
def translating(fake: tuple[FakeProvider, str], with_google: Callable[..., Api]) -> Translating:
    """An Api translating with Google (the fake), the seeded articles already translated."""
    api = with_google()
    poller = StreamPoller(api.runtime)
    poller.drain()
    fake[0].requests.clear()
    return api, fake[0], poller
