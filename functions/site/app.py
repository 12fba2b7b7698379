"""The reader pages: /{lang}/ (home), /{lang}/{category path}/{category}, authors'
(/de/autor/…, /tr/yazar/…, /en/author/…) and tags' (/de/thema/…, /tr/etiket/…, /en/tag/…)
pages, /{lang}/{slug} (article), /{lang}/{search path} (search: /de/suche, /tr/arama,
/en/search), their RSS feeds, the sitemaps and robots.txt; / sends a reader to a language."""

import haber.platform.loading  # first: no cycle collection while the function loads

# isort: split

from functools import partial

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from haber import i18n, site
from haber.platform import addresses, languages
from haber.platform.errors import NotFound
from haber.platform.observability import logger
from haber.platform.shapes import Event, Json

app = site.Site()
RSS = "application/rss+xml; charset=utf-8"


def _supported(lang: str) -> str:
    if lang not in languages.supported():
        raise NotFound(f"No language {lang!r}.")
    return lang


@app.get("/")
def choose_language() -> Response[str]:
    """The x-default: each reader to the home page in their language."""
    lang = languages.negotiate(app.current_event.headers.get("accept-language"))
    # Chosen by a header the CDN does not key on: only the browser may keep it.
    return site.redirect(
        addresses.home(lang), headers={"Vary": "Accept-Language", "Cache-Control": "private, max-age=0"}
    )


@app.get("/robots.txt")
def robots() -> Response[str]:
    return site.xml(site.feeds.robots(), "text/plain; charset=utf-8")


@app.get("/sitemap.xml")
def sitemap() -> Response[str]:
    return site.xml(site.feeds.sitemap())


@app.get("/news-sitemap.xml")
def news_sitemap() -> Response[str]:
    return site.xml(site.feeds.news_sitemap())


@app.get("/assets/<name>")
def asset(name: str) -> Response[bytes]:
    return site.static(name)


@app.get("/<lang>")
def without_slash(lang: str) -> Response[str]:
    return site.redirect(addresses.home(_supported(lang)), status=301)


@app.get("/<lang>/")
def home(lang: str) -> Response[str]:
    return site.page(site.pages.home(_supported(lang)))


@app.get("/<lang>/rss.xml")
def feed(lang: str) -> Response[str]:
    return site.xml(site.feeds.language_feed(_supported(lang)), RSS)


@app.get("/<lang>/<slug>")
def article(lang: str, slug: str) -> Response[str]:
    if slug == i18n.text(_supported(lang), "site.search_path"):
        query = app.current_event.query_string_parameters or {}
        found = site.pages.search_results(
            lang, query.get("q", ""), query.get("category", ""), query.get("sort", ""), query.get("cursor")
        )
        return site.page(found)
    return site.page(site.pages.article(lang, slug))


@app.get("/<lang>/preview/<id>")
def preview(lang: str, id: str) -> Response[str]:
    query = app.current_event.query_string_parameters or {}
    return site.page(site.pages.preview(_supported(lang), id, query.get("expires"), query.get("signature")))


@app.get("/<lang>/<section>/<name>")
def section_page(lang: str, section: str, name: str) -> Response[str]:
    kind = _section(lang, section)
    if kind == "category":
        return site.page(site.pages.category(lang, name))
    query = app.current_event.query_string_parameters or {}
    return site.page(site.pages.collection(kind, lang, name, query.get("cursor")))


@app.get("/<lang>/<section>/<name>/rss.xml")
def section_feed(lang: str, section: str, name: str) -> Response[str]:
    kind = _section(lang, section)
    feed = site.feeds.category_feed if kind == "category" else partial(site.feeds.collection_feed, kind)
    body = feed(lang, name)
    if body is None:
        raise NotFound(f"No {kind} {name!r}.")
    if not isinstance(body, str):  # an address an author or tag left: its feed now
        return site.page(site.pages.moved(body.url))
    return site.xml(body, RSS)


def _section(lang: str, section: str) -> str:
    """Which kind of page a path's second part names in its language: kategorie, autor, thema…"""
    for kind in ("category", "author", "tag"):
        if section == i18n.text(_supported(lang), f"site.{kind}_path"):
            return kind
    raise NotFound(f"No page {section!r}.")


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
def lambda_handler(event: Event, context: LambdaContext) -> Json:
    return app.resolve(event, context)


haber.platform.loading.done()
