"""Templates (Jinja2, escaping by default) and the static assets they link, under
content-hashed names so a browser or CDN may keep them for a year."""

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from haber import i18n
from haber.platform.text import without_disallowed

HERE = Path(__file__).parent
ASSET_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}


@dataclass(frozen=True)
class Strings:
    """The catalog in one language, as templates use it: {{ t("comments.heading", count=3) }}."""

    lang: str

    def __call__(self, key: str, **values: Any) -> str:
        return i18n.text(self.lang, key, **values)


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(("html", "xml")),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,  # a missing value is a bug, not an empty string
        auto_reload=False,  # templates ship with the layer: no stat() per render
    )
    env.globals["asset"] = asset_path
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def render_xml(template: str, **context: Any) -> str:
    """A feed or sitemap: well-formed whatever is stored (an item saved before text was
    checked may hold a character XML does not allow; it is left out, not the feed)."""
    return without_disallowed(render(template, **context))


@cache
def _assets() -> dict[str, tuple[str, bytes]]:
    """site.<hash>.css → (content type, bytes), for every file in static/."""
    found = {}
    for path in sorted((HERE / "static").iterdir()):
        content = path.read_bytes()
        digest = hashlib.sha256(content).hexdigest()[:10]
        found[f"{path.stem}.{digest}{path.suffix}"] = (ASSET_TYPES[path.suffix], content)
    return found


def asset_path(name: str) -> str:
    """/assets/site.3f9a0c1d2e.css for "site.css"."""
    stem, _, suffix = name.rpartition(".")
    return next(f"/assets/{key}" for key in _assets() if key.startswith(f"{stem}.") and key.endswith(f".{suffix}"))


def asset(name: str) -> tuple[str, bytes] | None:
    return _assets().get(name)
