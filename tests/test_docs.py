"""The docs keep up with the code: every route, every template parameter, every link.

docs/api.md names each route of the OpenAPI document, docs/configuration.md each parameter
of template.yaml, every relative link in README.md and docs/*.md reaches a file (and a
heading, if it names one), and the README stays a page a newcomer reads.
"""

import json
import re
from pathlib import Path

from devstack import ROOT
from devstack.openapi import DOCUMENT
from devstack.template import load_template

README = ROOT / "README.md"
DOCS = ROOT / "docs"
README_MAX_LINES = 200

_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE_CODE = re.compile(r"`+[^`]*`+")
_LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def pages() -> list[Path]:
    return [README, *sorted(DOCS.glob("*.md"))]


def prose(text: str) -> list[str]:
    """The lines of a Markdown text outside fenced code blocks."""
    lines, fenced = [], False
    for line in text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            lines.append(line)
    return lines


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lowercase, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link's text stays
    text = re.sub(r"[^\w\- ]", "", text.lower())
    return text.replace(" ", "-")


def anchors(text: str) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    for line in prose(text):
        match = _HEADING.match(line)
        if not match:
            continue
        base = slug(match.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def broken_links(page: Path) -> list[str]:
    """Each relative link of the page whose file, or heading, does not exist."""
    broken = []
    for line in prose(page.read_text(encoding="utf-8")):
        for target in _LINK.findall(_INLINE_CODE.sub("", line)):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto:
                continue
            path, _, anchor = target.partition("#")
            file = (page.parent / path).resolve() if path else page
            if not file.exists():
                broken.append(f"{target} (no file {path})")
            elif anchor and file.suffix == ".md" and anchor not in anchors(file.read_text(encoding="utf-8")):
                broken.append(f"{target} (no heading #{anchor} in {file.name})")
    return broken


def openapi_routes() -> set[str]:
    document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    return {f"{method.upper()} {path}" for path, operations in document["paths"].items() for method in operations}


def unnamed_routes(text: str, routes: set[str]) -> list[str]:
    """Routes the text never names as `METHOD /path` (a longer path does not count)."""
    return sorted(route for route in routes if not re.search(rf"(?<![A-Za-z]){re.escape(route)}(?![\w/{{}}-])", text))


def unnamed_parameters(text: str, parameters: set[str]) -> list[str]:
    return sorted(name for name in parameters if f"`{name}`" not in text)


def test_the_api_page_names_every_route_of_the_openapi_document() -> None:
    routes = openapi_routes()
    assert len(routes) > 30
    assert unnamed_routes((DOCS / "api.md").read_text(encoding="utf-8"), routes) == []


def test_a_route_named_only_as_part_of_a_longer_one_counts_as_missing() -> None:
    routes = {"GET /articles/{id}", "GET /articles/{id}/related", "GET /articles", "GET /stats"}
    text = "`GET /articles/{id}/related?lang=` and `GET /articles?lang=`; `GET /statsd`"
    assert unnamed_routes(text, routes) == ["GET /articles/{id}", "GET /stats"]


def test_the_configuration_page_names_every_template_parameter() -> None:
    parameters = set(load_template()["Parameters"])
    assert len(parameters) > 20
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    assert unnamed_parameters(text, parameters) == []
    assert unnamed_parameters(text, {"NoSuchParameter"}) == ["NoSuchParameter"]


def test_every_relative_link_reaches_a_file_and_heading() -> None:
    assert len(pages()) > 10
    broken = {page.name: links for page in pages() if (links := broken_links(page))}
    assert broken == {}


def test_a_broken_link_or_anchor_is_found(tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text("# Other page\n\n## Reading (public)\n\n```\n# not a heading\n```\n")
    page = tmp_path / "page.md"
    page.write_text(
        "[fine](other.md#reading-public) [also](#a-heading) ![img](other.md) [web](https://example.com)\n"
        "[gone](missing.md) [no heading](other.md#not-a-heading) [`code`](other.md#nowhere)\n"
        "`[in code](missing.md)`\n\n## A heading\n\n```\n[in a block](missing.md)\n```\n"
    )
    assert broken_links(page) == [
        "missing.md (no file missing.md)",
        "other.md#not-a-heading (no heading #not-a-heading in other.md)",
        "other.md#nowhere (no heading #nowhere in other.md)",
    ]


def test_headings_become_githubs_anchors() -> None:
    assert slug("Editing (JWT with the `editor` role)") == "editing-jwt-with-the-editor-role"
    assert slug("Media (images; editor routes)") == "media-images-editor-routes"
    assert slug("What it would take to reach $1.00, and $0.50") == "what-it-would-take-to-reach-100-and-050"
    assert anchors("## Same\n\n## Same\n") == {"same", "same-1"}


def test_the_readme_is_a_page_a_newcomer_reads() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines; move detail into docs/"
