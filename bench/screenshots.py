"""Screenshots of the article page in each language, at desktop and phone width, and of each
screen of the desk in each language (signed in as `all`), from headless Chromium against
`make dev`'s server: docs/screenshots/, shown in the README and docs/desk.md."""

import json
import urllib.request

import requests
from playwright.sync_api import Browser, ViewportSize, sync_playwright

from bench.lighthouse import desk_screens
from devstack import ROOT
from devstack.dynamodb import DynamoDBLocal, free_port
from devstack.samples import DEMO_ARTICLE
from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path
from tests.browser.test_desk import open_screen, sign_in_at_provider
from tests.live import dev_server

FOLDER = ROOT / "docs" / "screenshots"
SIZES: dict[str, ViewportSize] = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
DESK_SCREENS = ["articles", "new", "write", "languages", "history", "moderation", "media", "image", "people"]
QUEUE = {"de": "Guter Artikel, danke!", "tr": "Elinize sağlık, çok faydalı.", "en": "Which route does the fleet take?"}


def desk(browser: Browser, site: str) -> None:
    """Each screen of the desk in each language, with a few comments waiting in the queue."""
    for lang, text in QUEUE.items():
        comment = {"author": "Leser", "text": text, "lang": lang}
        requests.post(f"{site}/articles/{DEMO_ARTICLE}/comments", json=comment, timeout=30).raise_for_status()
    routes = desk_screens(site)
    for lang in ("de", "tr", "en"):
        context = browser.new_context(viewport=SIZES["desktop"], locale=lang)
        page = context.new_page()
        page.goto(f"{site}/desk/")
        sign_in_at_provider(page, "all")
        page.select_option("#desk-lang", lang)
        page.wait_for_function(f"document.documentElement.lang === '{lang}'")
        for name, route in zip(DESK_SCREENS, routes, strict=True):
            open_screen(page, route)
            page.wait_for_timeout(500)  # the images the screen shows
            path = FOLDER / f"desk-{name}-{lang}.png"
            page.screenshot(path=path)
            print(f"wrote {path.relative_to(ROOT)}")
        context.close()


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    database = DynamoDBLocal(free_port()).start()
    try:
        with dev_server(database.endpoint) as site, sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
            for lang in ("de", "tr", "en"):
                with urllib.request.urlopen(f"{site}/articles/{DEMO_ARTICLE}?lang={lang}") as answer:
                    url = json.loads(answer.read())["url"]
                for size, viewport in SIZES.items():
                    context = browser.new_context(viewport=viewport, locale=lang, is_mobile=size == "phone")
                    page = context.new_page()
                    page.goto(url, wait_until="networkidle")
                    path = FOLDER / f"article-{lang}-{size}.png"
                    page.screenshot(path=path)
                    context.close()
                    print(f"wrote {path.relative_to(ROOT)}")
            desk(browser, site)
            browser.close()
    finally:
        database.stop()


if __name__ == "__main__":
    main()
