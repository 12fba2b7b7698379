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
import tempfile
import urllib.request
from pathlib import Path

from devstack import ROOT
from devstack.__main__ import local_issuer, local_stack
from devstack.dynamodb import DynamoDBLocal, free_port
from devstack.samples import DEMO_ARTICLE
from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path
from tests.live import dev_server

MODULES = ROOT / ".local" / "lighthouse" / "node_modules"
LIGHTHOUSE = MODULES / "lighthouse" / "cli" / "index.js"
REQUIRED = {"seo": 100, "accessibility": 95, "best-practices": 95}
REQUIRED_OF_SEARCH = {"accessibility": 100, "best-practices": 95}
REQUIRED_OF_DESK = {"accessibility": 95, "best-practices": 95}
SEARCHES = {"de": "/de/suche?q=Lastenrad", "tr": "/tr/arama?q=koln", "en": "/en/search?q=cologne"}
PROFILES = {"de": "/de/autor/elif-karahan", "tr": "/tr/yazar/elif-karahan", "en": "/en/author/elif-karahan"}
TAGS = {"de": "/de/thema/kleinunternehmen", "tr": "/tr/etiket/kucuk-isletmeler", "en": "/en/tag/small-business"}


def audit(url: str, report: Path, required: dict[str, int] = REQUIRED) -> dict[str, int]:
    flags = " ".join(["--headless=new", *CHROMIUM_FLAGS])
    command = [
        "node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
        f"--only-categories={','.join(required)}", f"--chrome-flags={flags}",
    ]  # fmt: skip
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": chromium_path()})
    result = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: round(category["score"] * 100) for name, category in result["categories"].items()}
    for name, category in result["categories"].items():
        if scores[name] < required[name]:
            for ref in category["auditRefs"]:
                found = result["audits"][ref["id"]]
                if ref["weight"] and found["score"] is not None and found["score"] < 1:
                    print(f"  {name}: {found['title']}", file=sys.stderr)
    return scores


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
    environment = {
        **os.environ,
        "LIGHTHOUSE_MODULES": str(MODULES),
        "CHROME_PATH": chromium_path(),
        "CHROME_FLAGS": " ".join(["--headless=new", *CHROMIUM_FLAGS]),
    }
    screens = desk_screens(site)
    command = ["node", str(ROOT / "bench" / "desk_audit.mjs"), site, json.dumps(screens)]
    lines = subprocess.run(command, check=True, env=environment, capture_output=True, text=True).stdout.splitlines()
    failed = False
    for line in lines:
        result = json.loads(line)
        scores = result["scores"]
        print(f"desk {result['screen']:46} {scores['accessibility']:5} {scores['best-practices']:15}")
        if any(scores[name] < minimum for name, minimum in REQUIRED_OF_DESK.items()):
            failed = True
            for title in result["failing"]:
                print(f"  {title}", file=sys.stderr)
    return failed or len(lines) != 3 * len(screens)


def main() -> None:
    database = DynamoDBLocal(free_port()).start()
    failed = False
    try:
        with dev_server(database.endpoint) as site, tempfile.TemporaryDirectory() as folder:
            print(f"{'page':10} {'SEO':>5} {'a11y':>5} {'best practices':>15}")
            for lang in ("de", "tr", "en"):
                with urllib.request.urlopen(f"{site}/articles/{DEMO_ARTICLE}?lang={lang}") as answer:
                    url = json.loads(answer.read())["url"]
                scores = audit(url, Path(folder) / f"{lang}.json")
                print(f"article {lang:2} {scores['seo']:5} {scores['accessibility']:5} {scores['best-practices']:15}")
                failed |= any(scores[name] < minimum for name, minimum in REQUIRED.items())
            for name, paths in (("author", PROFILES), ("tag", TAGS)):
                for lang, path in paths.items():
                    scores = audit(site + path, Path(folder) / f"{name}-{lang}.json")
                    shown = f"{scores['seo']:5} {scores['accessibility']:5} {scores['best-practices']:15}"
                    print(f"{name:7}{lang:3} {shown}")
                    failed |= any(scores[key] < minimum for key, minimum in REQUIRED.items())
            for lang, path in SEARCHES.items():
                scores = audit(site + path, Path(folder) / f"search-{lang}.json", REQUIRED_OF_SEARCH)
                print(f"search {lang:3} {'-':>5} {scores['accessibility']:5} {scores['best-practices']:15}")
                failed |= any(scores[name] < minimum for name, minimum in REQUIRED_OF_SEARCH.items())
            failed |= audit_desk(site)
    finally:
        database.stop()
    if failed:
        sys.exit(f"below the required scores {REQUIRED}, search {REQUIRED_OF_SEARCH}, desk {REQUIRED_OF_DESK}")


if __name__ == "__main__":
    main()
