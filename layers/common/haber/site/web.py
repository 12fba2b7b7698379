"""The site's resolver: Powertools' HTTP API router without request validation (the pages
take no bodies), with conditional GETs like the API, errors as pages in the reader's
language (a 404 page, or a 503 when DynamoDB is busy), and the security headers of every
answer, set here once (docs/pages.md, "Security headers")."""

from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError

from haber.platform import addresses, db, deadline, languages
from haber.platform.caching import conditional_get
from haber.platform.errors import NotFound
from haber.platform.observability import logger
from haber.platform.shapes import Json
from haber.site import pages
from haber.site.rendering import asset

HTML = "text/html; charset=utf-8"
# Every answer: no guessing of types (a feed or a script is what it says), and other sites
# learn the origin a reader came from, never the page.
EVERY_ANSWER = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin"}
# A page loads the site's stylesheet, script, icon and images (the media library's: a body
# keeps no <img> of its own), and calls the API on its own origin; its
# forms go to the site's search page (on SiteUrl); nothing may frame it, nothing inline
# runs (JSON-LD and the page's data are <script type="application/…json">: data, not
# script), and no script may write HTML into it (Trusted Types: site.js sets text only).
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'{site}; "
    "connect-src 'self'; form-action 'self'{site}; base-uri 'none'; frame-ancestors 'none'; "
    "require-trusted-types-for 'script'"
)


class Site(APIGatewayHttpResolver):
    def __init__(self) -> None:
        super().__init__()
        self.use(middlewares=[conditional_get])
        self.exception_handler(NotFoundError)(self._not_found)
        self.exception_handler(NotFound)(self._not_found)
        self.exception_handler(Exception)(self._failed)

    def resolve(self, event: Any, context: Any) -> Json:
        with deadline.invocation(context), addresses.serving(event):
            answer = super().resolve(event, context)
        answer["headers"] = secured(answer.get("headers") or {})
        return answer

    def reader_language(self) -> str:
        """The page's language from its path, else the reader's from Accept-Language."""
        first = self.current_event.path.strip("/").split("/")[0]
        return (
            first
            if first in languages.supported()
            else languages.negotiate(self.current_event.headers.get("accept-language"))
        )

    def _not_found(self, _: Exception) -> Response[str]:
        """The 404 page for readers (a path under a language, or a browser asking for HTML);
        for API clients the HTTP API's own answer to an unknown route. Under a language the
        path alone decides the answer, so a shared cache may keep it; elsewhere Accept and
        Accept-Language decide, which no shared cache keys on."""
        first = self.current_event.path.strip("/").split("/")[0]
        if first in languages.supported():
            page = pages.not_found(first)
            return Response(page.status, HTML, page.html, {"Cache-Control": "public, max-age=60"})
        negotiated = {"Cache-Control": "private, max-age=60", "Vary": "Accept, Accept-Language"}
        if "text/html" not in self.current_event.headers.get("accept", ""):
            return Response(404, "application/json", '{"message":"Not Found"}', negotiated)
        page = pages.not_found(self.reader_language())
        return Response(page.status, HTML, page.html, negotiated)

    def _failed(self, error: Exception) -> Response[str]:
        """The 503 page when DynamoDB is busy (Retry-After), else the 500 page: both in the
        reader's language, `noindex`, never cached."""
        unavailable = db.unavailable(error)
        if unavailable:
            logger.warning("DynamoDB unavailable", extra={"error": repr(error)})
        else:
            logger.exception("Unexpected error")
        headers = {"Cache-Control": "no-store", **({"Retry-After": "2"} if unavailable else {})}
        page = pages.failed(self.reader_language(), unavailable)
        return Response(page.status, HTML, page.html, headers)


def secured(headers: dict[str, str]) -> dict[str, str]:
    """An answer's headers with the site's security headers: on every answer, and on a page
    (HTML, or the 304 that stands for it) its Content-Security-Policy and no framing. A
    page's own stricter word stays (a preview's `Referrer-Policy: no-referrer`)."""
    extra = dict(EVERY_ANSWER)
    if headers.get("Content-Type", "").startswith("text/html"):
        extra["Content-Security-Policy"] = page_policy()
        extra["X-Frame-Options"] = "DENY"  # frame-ancestors for browsers without CSP 2
    return {**extra, **headers}


def page_policy() -> str:
    """The pages' Content-Security-Policy; the site's own address (SiteUrl) beside 'self' for
    a page read at another of the stack's addresses (the CDN's own name, the HTTP API's)."""
    site = addresses.PageSettings.load().site_url
    return PAGE_POLICY.format(site=f" {site}" if site else "")


def page(result: pages.Page) -> Response[str]:
    return Response(result.status, HTML, result.html, result.headers)


def xml(body: str, content_type: str = "application/xml; charset=utf-8") -> Response[str]:
    return Response(200, content_type, body)


def static(name: str) -> Response[bytes]:
    found = asset(name)
    if found is None:
        raise NotFound(f"No asset {name}.")
    content_type, content = found
    return Response(200, content_type, content, {"Cache-Control": "public, max-age=31536000, immutable"})


def redirect(location: str, status: int = 302, headers: dict[str, str] | None = None) -> Response[str]:
    return Response(status, "text/plain; charset=utf-8", "", {"Location": location, **(headers or {})})
