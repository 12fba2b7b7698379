"""A real browser: Debian's Chromium driven by Playwright, against `make dev`'s server."""

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

from tests.live import dev_server

# Headless, as root, and quiet: no calls home that this closed network would refuse.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = shutil.which("chromium")
    assert path, "Debian's chromium is not installed: run `make test` (it installs it) or `apt-get install chromium`"
    return path


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    launched = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
    yield launched
    launched.close()


@pytest.fixture(scope="module")
def site(dynamodb_endpoint: str) -> Iterator[str]:
    with dev_server(dynamodb_endpoint) as url:
        yield url
