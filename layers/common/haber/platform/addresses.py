"""Where the reader pages live: absolute addresses on SITE_URL (template parameter SiteUrl),
or, when that is empty, on the address the request came to (the HTTP API's own)."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import quote

from pydantic import Field, field_validator

from haber.platform.settings import EnvironmentSettings
from haber.platform.shapes import Event

_request_origin: ContextVar[str] = ContextVar("request_origin", default="")


class PageSettings(EnvironmentSettings):
    site_url: str = Field(default="", alias="SITE_URL")

    @field_validator("site_url")
    @classmethod
    def _absolute(cls, url: str) -> str:
        if url and not url.startswith(("https://", "http://")):
            raise ValueError(f"SITE_URL must start with https:// (or http:// locally), not {url!r}")
        return url.rstrip("/")


@contextmanager
def serving(event: Event) -> Iterator[None]:
    """Remember the address a request came to, for pages without a configured SITE_URL."""
    domain = (event.get("requestContext") or {}).get("domainName", "")
    token = _request_origin.set(f"https://{domain}" if domain else "")
    try:
        yield
    finally:
        _request_origin.reset(token)


def origin() -> str:
    return PageSettings.load().site_url or _request_origin.get()


def home(lang: str) -> str:
    return f"{origin()}/{lang}/"


def article(lang: str, slug: str) -> str:
    """An article's page: short, per language, from its localized slug."""
    return f"{origin()}/{lang}/{quote(slug)}"


def preview(lang: str, article_id: str, expires: int, signature: str) -> str:
    """A signed preview link of an article's page (articles/preview.py)."""
    return f"{origin()}/{lang}/preview/{article_id}?expires={expires}&signature={signature}"
