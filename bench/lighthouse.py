"""Lighthouse (npm, with Debian's Chromium) on the article page, an author's page and a tag's
page in each language, against `make dev`'s server: SEO 100, accessibility and best
practices at least 95, or exit 1; and on the search page with results in each language:
accessibility 100, best practices at least 95 (it is `noindex`, which Lighthouse's SEO
score counts against it); and on each screen of the desk in each language, signed in:
accessibility and best practices at least 95 (bench/desk_audit.mjs, Lighthouse snapshots).

Run by `make lighthouse` (part of `make test`); the scores go to docs/benchmarks.md."""

import json
import os
import subprocess
import sys
import urllib.request

from devstack import ROOT
from devstack.__main__ import local_issuer, local_stack
from devstack.dynamodb import DynamoDBLocal, free_port
from devstack.samples import DEMO_ARTICLE
from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path
from tests.live import dev_server

MODULES = ROOT / ".local" / "lighthouse" / "node_modules"
REQUIRED = {"seo": 100, "accessibility": 95, "best-practices": 95}
REQUIRED_OF_SEARCH = {"accessibility": 100, "best-practices": 95}
REQUIRED_OF_DESK = {"accessibility": 95, "best-practices": 95}
SEARCHES = {"de": "/de/suche?q=Lastenrad", "tr": "/tr/arama?q=koln", "en": "/en/search?q=cologne"}
PROFILES = {"de": "/de/autor/elif-karahan", "tr": "/tr/yazar/elif-karahan", "en": "/en/author/elif-karahan"}
TAGS = {"de": "/de/thema/kleinunternehmen", "tr": "/tr/etiket/kucuk-isletmeler", "en": "/en/tag/small-business"}


def lighthouse_environment() -> dict[str, str]:
    return {
        **os.environ,
        "LIGHTHOUSE_MODULES": str(MODULES),
        "CHROME_PATH": chromium_path(),
        "CHROME_FLAGS": " ".join(["--headless=new", *CHROMIUM_FLAGS]),
    }


def audit_pages(pages: dict[str, str]) -> bool:
    """Each reader page (label -> URL) in one browser; True when one is below its scores."""
    command = ["node", str(ROOT / "bench" / "page_audit.mjs"), json.dumps(list(pages.values()))]
    output = subprocess.run(command, check=True, env=lighthouse_environment(), stdout=subprocess.PIPE, text=True).stdout
    results = [json.loads(line) for line in output.splitlines()]
    failed = len(results) != len(pages)
    for label, result in zip(pages, results, strict=False):
        scores, required = result["scores"], REQUIRED_OF_SEARCH if label.startswith("search") else REQUIRED
        seo = scores["seo"] if "seo" in required else "-"
        print(f"{label:10} {seo:>5} {scores['accessibility']:5} {scores['best-practices']:15}")
        if any(scores[name] < minimum for name, minimum in required.items()):
            failed = True
            for title in result["failing"]:
                print(f"  {title}", file=sys.stderr)
    return failed


def desk_screens(site: str) -> list[str]:
    """Every screen of the desk, on the demo's first article and first image."""
    token = local_issuer(local_stack()).token("editor")
    request = urllib.request.Request(f"{site}/media?status=ready&limit=1", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request) as answer:
        image = json.loads(answer.read())["items"][0]["id"]
    article = f"#/articles/{DEMO_ARTICLE}"
    return [
        "#/articles", "#/articles/new", article, f"{article}/languages", f"{article}/history",
        "#/moderation", "#/media", f"#/media/{image}", "#/people",
    ]  # fmt: skip


def audit_desk(site: str) -> bool:
    """Each desk screen in each language; True when one is below the required scores."""
    screens = desk_screens(site)
    command = ["node", str(ROOT / "bench" / "desk_audit.mjs"), site, json.dumps(screens)]
    output = subprocess.run(command, check=True, env=lighthouse_environment(), stdout=subprocess.PIPE, text=True).stdout
    lines = output.splitlines()
    failed = False
    for line in lines:
        result = json.loads(line)
        scores = result["scores"]
        print(f"desk {result['name']:46} {scores['accessibility']:5} {scores['best-practices']:15}")
        if any(scores[name] < minimum for name, minimum in REQUIRED_OF_DESK.items()):
            failed = True
            for title in result["failing"]:
                print(f"  {title}", file=sys.stderr)
    return failed or len(lines) != 3 * len(screens)


def main() -> None:
    database = DynamoDBLocal(free_port()).start()
    failed = False
    try:
        with dev_server(database.endpoint) as site:
            pages = {}
            for lang in ("de", "tr", "en"):
                with urllib.request.urlopen(f"{site}/articles/{DEMO_ARTICLE}?lang={lang}") as answer:
                    pages[f"article {lang}"] = json.loads(answer.read())["url"]
            for name, paths in (("author", PROFILES), ("tag", TAGS), ("search", SEARCHES)):
                pages.update({f"{name:6} {lang}": site + path for lang, path in paths.items()})
            print(f"{'page':10} {'SEO':>5} {'a11y':>5} {'best practices':>15}")
            failed |= audit_pages(pages)
            failed |= audit_desk(site)
    finally:
        database.stop()
    if failed:
        sys.exit(f"below the required scores {REQUIRED}, search {REQUIRED_OF_SEARCH}, desk {REQUIRED_OF_DESK}")


if __name__ == "__main__":
    main()
