"""What a request says about its reader: the address (the CDN's word for it, where the CDN
proves it is the CDN) and the language (the `lang` parameter, else Accept-Language)."""

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver

from haber.platform import edge, languages
from haber.platform.caching import VARY_LANGUAGE


def reader_address(app: APIGatewayHttpResolver) -> str:
    """The reader's IP address (the CDN's word for it, where the CDN proves it is the CDN)."""
    event = app.current_event
    return edge.reader_address(event.request_context.http.source_ip, event.headers)


def reader_language(app: APIGatewayHttpResolver, lang: str | None) -> str:
    """The `lang` parameter if given, else the best match for Accept-Language (and then the
    answer is private to the reader's browser: see haber.platform.caching)."""
    if lang is not None:
        return languages.check(lang)
    app.context[VARY_LANGUAGE] = True
    return languages.negotiate(app.current_event.headers.get("accept-language"))
