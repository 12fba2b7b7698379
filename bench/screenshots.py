"""Screenshots of the article page in each language, at desktop and phone width, from
headless Chromium against `make dev`'s server: docs/screenshots/, shown in the README."""

import json
import urllib.request

from playwright.sync_api import ViewportSize, sync_playwright

from devstack import ROOT
from devstack.dynamodb import DynamoDBLocal, free_port
from devstack.samples import DEMO_ARTICLE
from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path
from tests.live import dev_server

FOLDER = ROOT / "docs" / "screenshots"
SIZES: dict[str, ViewportSize] = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


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
            browser.close()
    finally:
        database.stop()


if __name__ == "__main__":
    main()
