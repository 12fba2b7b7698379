"""The site's resolver: Powertools' HTTP API router without request validation (the pages
take no bodies), with conditional GETs like the API, and errors as pages in the reader's
language: a 404 page, or a 503 when DynamoDB is busy."""

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


class Site(APIGatewayHttpResolver):
    def __init__(self) -> None:
        super().__init__()
        self.use(middlewares=[conditional_get])
        self.exception_handler(NotFoundError)(self._not_found)
        self.exception_handler(NotFound)(self._not_found)
        self.exception_handler(Exception)(self._failed)

    def resolve(self, event: Any, context: Any) -> Json:
        with deadline.invocation(context), addresses.serving(event):
            return super().resolve(event, context)

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
