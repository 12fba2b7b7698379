"""The reader pages, feeds and sitemaps through the local gateway: every language, what
search engines and link previews read, and nothing that is not live."""

import html
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any
from xml.etree import ElementTree

import feedparser  # type: ignore[import-untyped]
import pytest

from devstack.samples import DEMO_ARTICLE
from devstack.streams import StreamPoller
from haber import i18n
from haber.platform import keys, languages
from haber.platform.db import table
from tests.conftest import Api, new_article
from tests.integration.helpers import dynamodb_calls, foreign_strings, reader_catalog
from tests.integration.test_faults import dynamodb_answers

ORIGIN = "http://127.0.0.1:3000"
LANGUAGES = ("de", "tr", "en")
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def local(url: str) -> str:
    assert url.startswith(ORIGIN), url
    return url.removeprefix(ORIGIN)


def page(api: Api, path: str, status: int = 200, **headers: str) -> str:
    reply = api.get(path, **headers)
    assert reply.status_code == status, (path, reply.data[:300])
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    return reply.data.decode()


def article_url(api: Api, lang: str, article_id: str = DEMO_ARTICLE) -> str:
    return str(api.get(f"/articles/{article_id}?lang={lang}").json["url"])


def links(document: str, rel: str) -> dict[str, str]:
    found = re.findall(rf'<link rel="{rel}" hreflang="([^"]+)" href="([^"]+)">', document)
    return dict(found)


def found(pattern: str, text: str) -> str:
    """The first group of a pattern that must match."""
    match = re.search(pattern, text, re.S)
    assert match, pattern
    return match[1]


def json_script(document: str, opening: str) -> Any:
    return json.loads(html.unescape(found(re.escape(opening) + r"(.*?)</script>", document)))


def shown(lang: str, key: str, **values: Any) -> str:
    """A catalog string as the page's HTML carries it."""
    return html.escape(i18n.text(lang, key, **values), quote=False)


def visible_text(document: str) -> str:
    """What a reader sees without scripts: the body, minus scripts, styles and hidden parts."""
    body = document.split("<body>", 1)[1]
    body = re.sub(r"<(script|style)\b.*?</\1>|<[^>]+\bhidden\b[^>]*>.*?</(p|button|form|div)>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_the_api_names_each_articles_page(demo_api: Api) -> None:
    document = demo_api.get(f"/articles/{DEMO_ARTICLE}?lang=tr").json
    assert document["url"] == f"{ORIGIN}/tr/{document['slug']}"
    assert {alt["url"] for alt in document["alternates"]} == {
        f"{ORIGIN}/{a['lang']}/{a['slug']}" for a in document["alternates"]
    }
    item = demo_api.get("/articles?lang=en&limit=1").json["items"][0]
    assert item["url"] == f"{ORIGIN}/{item['lang']}/{item['slug']}"


def test_the_root_sends_each_reader_to_their_language(demo_api: Api) -> None:
    for accept, lang in (("tr-TR,tr;q=0.9", "tr"), ("en-GB,en;q=0.8", "en"), ("fr", "de")):
        reply = demo_api.get("/", Accept_Language=accept)
        assert reply.status_code == 302
        assert reply.headers["Location"] == f"{ORIGIN}/{lang}/"
        assert reply.headers["Vary"] == "Accept-Language"
        assert reply.headers["Cache-Control"] == "private, max-age=0"
    assert demo_api.get("/tr").headers["Location"] == f"{ORIGIN}/tr/"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_article_page_in_each_language(demo_api: Api, lang: str) -> None:
    url = article_url(demo_api, lang)
    document = page(demo_api, local(url))
    assert f'<html lang="{lang}">' in document
    assert f'<link rel="canonical" href="{url}">' in document
    alternates = links(document, "alternate")
    assert alternates[lang] == url and set(alternates) == {"de", "tr", "en", "x-default"}
    assert alternates["x-default"] == alternates["de"]  # the source language's page
    for other, href in alternates.items():  # reciprocal: each alternate links back
        if other != "x-default":
            assert links(page(demo_api, local(href)), "alternate")[lang] == url
    data = json_script(document, '<script type="application/ld+json">')
    assert data["@type"] == "NewsArticle" and data["inLanguage"] == lang and data["mainEntityOfPage"]["@id"] == url
    for field in ("headline", "description", "datePublished", "dateModified", "publisher"):
        assert data[field], field
    assert data["author"][0]["name"] and data["author"][0]["url"]
    if lang == "de":
        assert {work["inLanguage"] for work in data["workTranslation"]} == {"tr", "en"}
    else:
        assert data["translationOfWork"]["@id"] == alternates["de"]
    assert f'<meta property="og:locale" content="{ {"de": "de_DE", "tr": "tr_TR", "en": "en_US"}[lang] }">' in document
    assert document.count('<meta property="og:locale:alternate"') == 2
    for key in ("share.label", "related.heading", "categories.heading", "comments.leave"):
        assert shown(lang, key) in document, key
    assert shown(lang, "comments.heading", count=3) in document  # the seeded thread, server-rendered
    assert shown(lang, "comments.loading") not in document


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_string_of_another_language_leaks_into_a_page(demo_api: Api, lang: str) -> None:
    """The "Yükleniyor…" bug: a page shows no catalog string of another language that its own lacks."""
    foreign = foreign_strings(lang)
    for path in (f"/{lang}/", local(article_url(demo_api, lang)), f"/{lang}/nothing-here"):
        shown = visible_text(demo_api.get(path).data.decode())
        leaked = sorted(text for text in foreign if re.search(rf"(?<!\w){re.escape(text)}(?!\w)", shown))
        assert not leaked, (path, leaked)


class ReaderText(HTMLParser):
    """The words a reader gets in the page's own language: the body's text and the
    attributes read aloud or shown (alt, title, placeholder, aria-label), without scripts,
    hidden parts, anything marked as another language (comments, fallback text, the
    language switcher's links), and the writers' own words: the article's title, lead,
    body and lead image, listed articles' titles and leads, comments and their authors."""

    VOID = frozenset(
        ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
    )
    WRITTEN = frozenset(("lead", "body", "cards", "most-read", "text", "author", "brand", "languages"))

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang
        self.stack: list[bool] = []  # per open element: is it left out?
        self.words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = set((found.get("class") or "").split())
        skipped = (
            (bool(self.stack) and self.stack[-1])
            or tag in ("script", "style", "h1", "figure", "head", "title")
            or "hidden" in found
            or found.get("lang", self.lang) != self.lang
            or bool(classes & self.WRITTEN)
        )
        if not skipped:
            for name in ("alt", "title", "placeholder", "aria-label"):
                self.words.append(found.get(name) or "")
        if tag not in self.VOID:
            self.stack.append(skipped)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.words.append(data)

    @classmethod
    def of(cls, document: str, lang: str) -> str:
        parser = cls(lang)
        parser.feed(document.split("<body>", 1)[1])
        return " ".join(parser.words)


def words(text: str) -> set[str]:
    """Words of four letters or more, case-folded (short ones are shared between languages)."""
    return {word.casefold() for word in re.findall(r"[^\W\d_]{4,}", re.sub(r"\{\{\s*\w+\s*\}\}", " ", text))}


def other_languages_words(lang: str) -> dict[str, set[str]]:
    """For each other language: the words of its catalog that this language's catalog lacks,
    and its own name for itself ("Deutsch", "Türkçe", "English")."""
    own: set[str] = set().union(*(words(text) for text in reader_catalog(lang).values()))
    found = {}
    for other in LANGUAGES:
        if other != lang:
            catalog: set[str] = set().union(*(words(text) for text in reader_catalog(other).values()))
            found[other] = (catalog - own) | words(languages.display_name(other))
    return found


def assert_in_one_language(text: str, lang: str, where: str) -> None:
    shown = words(text) - words("Haber")  # the site's name is a name
    leaked = {other: sorted(shown & foreign) for other, foreign in other_languages_words(lang).items()}
    assert not any(leaked.values()), (where, leaked)


def reader_pages(api: Api, lang: str) -> Iterator[tuple[str, str]]:
    """(path, HTML) of every page type in `lang`: home, a category, every demo article (written
    in each language), a page that does not exist."""
    home = page(api, f"/{lang}/")
    yield f"/{lang}/", home
    category = found(rf'<ul class="sections">.*?href="(/{lang}/[^"]+/[^"]+)"', home)
    yield category, page(api, category)
    for item in api.get(f"/articles?lang={lang}&limit=50").json["items"]:
        yield item["url"], page(api, local(item["url"]))
    yield f"/{lang}/nothing-here", page(api, f"/{lang}/nothing-here", 404)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_speaks_only_the_readers_language(demo_api: Api, lang: str) -> None:
    """Outside what writers wrote (articles, comments), no word of another language's catalog
    and no language's name for itself (only the language switcher uses those): the
    translation notices name languages in the reader's language, "Englisch", "İngilizce"."""
    notices, feeds = 0, [f"/{lang}/rss.xml"]
    for path, document in reader_pages(demo_api, lang):
        assert_in_one_language(ReaderText.of(document, lang), lang, path)
        notices += document.count('<p class="notice">')
        if "/" + i18n.text(lang, "site.category_path") + "/" in path:
            feeds.append(path + "/rss.xml")
    assert notices >= 4  # the translated articles (from both other languages) carry their notice
    for path in feeds:  # the feeds' own words: their title and description
        feed = feedparser.parse(demo_api.get(path).data)
        assert feed.entries, path
        assert_in_one_language(f"{feed.feed.title} {feed.feed.description}", lang, path)


def test_translation_notices_name_the_original_in_the_readers_language(demo_api: Api) -> None:
    expected = {"tr": "(orijinal dil: Almanca).", "en": "Translated from German"}
    for lang in ("tr", "en"):
        document = page(demo_api, local(article_url(demo_api, lang)))
        assert expected[lang] in html.unescape(found(r'<p class="notice">(.*?)<a ', document)), lang


def fallback_page(api: Api, lang: str) -> str:
    """The demo article's page in `lang` once its text in `lang` is gone (its address stays):
    it is shown in its source language, German."""
    slug = api.get(f"/articles/{DEMO_ARTICLE}?lang={lang}").json["slug"]
    with api.environment():
        table().delete_item(Key={"pk": keys.article(DEMO_ARTICLE), "sk": keys.text(lang)})
    return page(api, f"/{lang}/{slug}")


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_an_article_in_a_fallback_language_is_marked_and_named(api: Api, lang: str) -> None:
    document = fallback_page(api, lang)
    german = api.get(f"/articles/{DEMO_ARTICLE}?lang=de").json
    assert f'<h1 lang="de">{html.escape(german["title"], quote=False)}</h1>' in document
    assert re.search(r'<p class="lead" lang="de">', document) and re.search(r'<div class="body" lang="de">', document)
    notice = html.unescape(found(r'<p class="notice">(.*?)</p>', document))
    assert notice == i18n.text(lang, "article.translation_pending", language=i18n.language_name("de", lang))
    assert {"tr": "Almanca sürümü", "en": "the German version"}[lang] in notice
    assert_in_one_language(ReaderText.of(document, lang), lang, "fallback")


def test_a_translated_page_marks_nothing_as_another_language(demo_api: Api) -> None:
    document = page(demo_api, local(article_url(demo_api, "tr")))
    assert "<h1>" in document and '<div class="body">' in document


def error_page(reply: Any, status: int, lang: str) -> str:
    assert reply.status_code == status, reply.data[:300]
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    assert reply.headers["Cache-Control"] == "no-store"
    assert_secured(reply)
    document = reply.data.decode()
    assert f'<html lang="{lang}">' in document and '<meta name="robots" content="noindex">' in document
    assert_in_one_language(ReaderText.of(document, lang), lang, str(status))
    return document


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_failing_page_is_a_500_page_in_the_readers_language(
    demo_api: Api, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr("haber.site.pages.home", broken)
    document = error_page(demo_api.get(f"/{lang}/"), 500, lang)
    assert shown(lang, "site.error_title") in document and shown(lang, "site.error_text") in document
    browser = "text/html,application/xhtml+xml"  # a path without a language: Accept-Language decides
    monkeypatch.setattr("haber.site.feeds.robots", broken)
    other = error_page(demo_api.get("/robots.txt", Accept_Language=lang, Accept=browser), 500, lang)
    assert shown(lang, "site.error_title") in other


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_answer_503_in_the_readers_language_when_dynamodb_cannot(api: Api, lang: str) -> None:
    path = local(article_url(api, lang))
    with dynamodb_answers(api, 400, "ThrottlingException") as refused:
        reply = api.get(path)
    assert refused
    document = error_page(reply, 503, lang)
    assert reply.headers["Retry-After"] == "2"
    assert shown(lang, "site.unavailable_title") in document and shown(lang, "site.unavailable_text") in document


def test_pages_answer_if_none_match_with_304(demo_api: Api) -> None:
    path = local(article_url(demo_api, "en"))
    first = demo_api.get(path)
    assert first.headers["Cache-Control"].startswith("public") and first.headers["ETag"]
    assert demo_api.get(path, If_None_Match=first.headers["ETag"]).status_code == 304


def test_unknown_pages_are_404_pages_in_the_readers_language(demo_api: Api) -> None:
    document = page(demo_api, "/tr/boyle-bir-haber-yok", 404)
    assert i18n.text("tr", "site.not_found_title") in document and '<meta name="robots" content="noindex">' in document
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert i18n.text("en", "site.not_found_title") in page(demo_api, "/xx/", 404, Accept_Language="en", Accept=browser)
    api_client = demo_api.get("/xx/", Accept="*/*")  # what the HTTP API answers for an unknown route
    assert (api_client.status_code, api_client.json) == (404, {"message": "Not Found"})
    assert i18n.text("de", "site.not_found_title") in page(demo_api, "/de/kategorie/gibt-es-nicht", 404)
    assert demo_api.get("/de/kategorie/gibt-es-nicht/rss.xml").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/de/" + "a" * 3000,  # a slug longer than any DynamoDB key
        "/de/kategorie/" + "b" * 3000,
        "/de/kategorie/" + "b" * 3000 + "/rss.xml",
        "/de/%00",
        "/de/..%2F..",
        "/de/%ff%fe",
        "/de/Gro%C3%9Fes-Ereignis",
        "/de/a%20b",
    ],
)
def test_hostile_page_addresses_are_404_pages(demo_api: Api, path: str) -> None:
    document = page(demo_api, path, 404)
    assert shown("de", "site.not_found_title") in document


def test_home_and_category_pages(demo_api: Api) -> None:
    home = page(demo_api, "/de/")
    assert "<h1>Neueste Nachrichten</h1>" in home
    category = found(r'href="(/de/kategorie/[^"]+)">Wirtschaft<', home)
    listing = page(demo_api, category)
    economy = demo_api.get("/articles?lang=de&category=economy").json["items"]
    assert all(item["url"] in listing for item in economy)
    alternates = links(listing, "alternate")
    assert set(alternates) == set(LANGUAGES) and alternates["tr"].endswith("/tr/kategori/ekonomi")


def test_feeds_parse_and_name_their_language(demo_api: Api) -> None:
    for lang in LANGUAGES:
        reply = demo_api.get(f"/{lang}/rss.xml")
        assert reply.headers["Content-Type"] == "application/rss+xml; charset=utf-8"
        feed = feedparser.parse(reply.data)
        assert not feed.bozo, feed.bozo_exception
        assert feed.feed.language == lang and feed.version == "rss20"
        assert any(link.rel == "self" and link.href == f"{ORIGIN}/{lang}/rss.xml" for link in feed.feed.links)
        listed = demo_api.get(f"/articles?lang={lang}&limit=50").json["items"]
        assert [entry.link for entry in feed.entries] == [item["url"] for item in listed]
        assert all(entry.tags and entry.published for entry in feed.entries)
    category = feedparser.parse(demo_api.get("/tr/kategori/ekonomi/rss.xml").data)
    assert not category.bozo and category.entries and {e.tags[0].term for e in category.entries} == {"Ekonomi"}
    assert '<link rel="alternate" type="application/rss+xml"' in page(demo_api, "/tr/kategori/ekonomi")


def sitemap_entries(api: Api) -> dict[str, dict[str, str]]:
    root = ElementTree.fromstring(api.get("/sitemap.xml").data)
    return {
        str(url.findtext("s:loc", namespaces=SITEMAP)): {
            str(link.get("hreflang")): str(link.get("href")) for link in url.findall("x:link", SITEMAP)
        }
        for url in root.findall("s:url", SITEMAP)
    }


def test_the_sitemap_lists_every_page_with_reciprocal_alternates(demo_api: Api) -> None:
    entries = sitemap_entries(demo_api)
    for lang in LANGUAGES:
        assert article_url(demo_api, lang) in entries and f"{ORIGIN}/{lang}/" in entries
    for loc, alternates in entries.items():
        assert loc in alternates.values() and "x-default" in alternates
        for lang, href in alternates.items():
            if lang != "x-default":
                assert entries[href] == alternates, (loc, href)  # every pair, both ways
    robots = demo_api.get("/robots.txt").data.decode()
    assert f"Sitemap: {ORIGIN}/sitemap.xml" in robots and f"Sitemap: {ORIGIN}/news-sitemap.xml" in robots


def test_only_live_articles_appear_anywhere(api: Api) -> None:
    fresh = api.request("POST", "/articles", new_article(title="Frische Nachricht aus Deutz"), role="editor").json
    later = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    scheduled = api.request(
        "POST", "/articles", new_article(title="Geplante Nachricht", published_at=later), role="editor"
    ).json
    gone = api.request("POST", "/articles", new_article(title="Zurückgezogene Nachricht"), role="editor").json
    assert api.request("DELETE", f"/articles/{gone['id']}", role="editor").status_code == 204
    news = ElementTree.fromstring(api.get("/news-sitemap.xml").data)
    listed = {url.findtext("s:loc", namespaces=SITEMAP): url for url in news.findall("s:url", SITEMAP)}
    assert fresh["url"] in listed
    entry = listed[fresh["url"]]
    ns = {"n": "http://www.google.com/schemas/sitemap-news/0.9"}
    assert entry.findtext("n:news/n:title", namespaces=ns) == "Frische Nachricht aus Deutz"
    assert entry.findtext("n:news/n:publication/n:language", namespaces=ns) == "de"
    assert entry.findtext("n:news/n:publication/n:name", namespaces=ns) == "Haber"
    assert DEMO_ARTICLE not in api.get("/news-sitemap.xml").data.decode()  # older than 48 hours
    everywhere = [api.get(path).data.decode() for path in ("/sitemap.xml", "/de/rss.xml", "/de/", "/news-sitemap.xml")]
    for hidden in (scheduled, gone):
        assert not any(hidden["slug"] in text for text in everywhere), hidden["title"]
    assert api.get(local(gone["url"])).status_code == 404


def test_comment_text_stays_text_on_the_page(make_api: Any) -> None:
    api = make_api(ModerationMode="post")
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    posted = api.request("POST", f"/articles/{DEMO_ARTICLE}/comments", {"author": "Mallory", "text": hostile})
    assert posted.status_code == 201
    document = page(api, local(article_url(api, "de")))
    assert "<script>alert" not in document and "<img src=x" not in document
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in document


def test_the_page_embeds_the_strings_its_script_shows(demo_api: Api) -> None:
    document = page(demo_api, local(article_url(demo_api, "de")))
    data = json_script(document, '<script type="application/json" id="haber-page">')
    assert data["lang"] == "de" and data["article"] == DEMO_ARTICLE
    assert data["strings"]["comments.pending"] == i18n.text("de", "comments.pending")
    assert re.search(r'<script src="/assets/site\.[0-9a-f]{10}\.js" defer></script>', document)
    script = demo_api.get(found(r'src="(/assets/site\.[0-9a-f]{10}\.js)"', document))
    assert script.status_code == 200 and "immutable" in script.headers["Cache-Control"]
    assert demo_api.get("/assets/site.0000000000.js").status_code == 404


def test_most_read_appears_once_views_are_counted(api: Api) -> None:
    reply = api.request("POST", f"/articles/{DEMO_ARTICLE}/views", User_Agent="Mozilla/5.0 (X11; Linux x86_64)")
    assert reply.json["counted"] is True
    StreamPoller(api.runtime).drain()
    home = page(api, "/de/")
    most_read = re.search(r'<ol class="most-read">(.*?)</ol>', home, re.S)
    assert "Meistgelesen" in home and most_read and article_url(api, "de") in most_read[1]


def test_each_page_costs_few_dynamodb_requests(api: Api) -> None:
    """Pinned so they cannot creep up: an article page in two requests (the article's items
    with its images and totals, the thread) once the instance keeps the frame and knows the
    slug's owner."""
    expected = {
        local(article_url(api, "de")): ["Query", "Query"],
        "/de/": ["Query"],
        "/de/kategorie/wirtschaft": ["Query"],
        "/de/rss.xml": ["Query"],
    }
    for path, requests in expected.items():
        api.get(path)  # the instance's first page fills what it keeps for a minute
        with dynamodb_calls(api) as calls:
            assert api.get(path).status_code == 200
        assert calls == requests, path


# What every page sends (docs/pages.md, "Security headers"): SiteUrl is ORIGIN here.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' http://127.0.0.1:3000; "
    "connect-src 'self'; form-action 'self' http://127.0.0.1:3000; base-uri 'none'; frame-ancestors 'none'; "
    "require-trusted-types-for 'script'"
)


def assert_secured(reply: Any, is_page: bool = True, referrer: str = "strict-origin-when-cross-origin") -> None:
    """A page's security headers; anything else the site answers is never sniffed either."""
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert reply.headers["Referrer-Policy"] == referrer
    if is_page:
        assert reply.headers["Content-Security-Policy"] == PAGE_POLICY
        assert reply.headers["X-Frame-Options"] == "DENY"
    else:
        assert "Content-Security-Policy" not in reply.headers and "X-Frame-Options" not in reply.headers


def test_every_kind_of_page_sends_its_security_headers(demo_api: Api) -> None:
    article = local(article_url(demo_api, "de"))
    document = page(demo_api, article)
    author = local(found(r'<a href="([^"]+)" rel="author">', document))
    tag = local(found(r'<a href="([^"]+)" rel="tag"', document))
    browser = "text/html,application/xhtml+xml"
    answers = {
        "article": demo_api.get(article),
        "home": demo_api.get("/tr/"),
        "category": demo_api.get("/de/kategorie/wirtschaft"),
        "author": demo_api.get(author),
        "tag": demo_api.get(tag),
        "search": demo_api.get("/en/search?q=cologne"),
        "empty search": demo_api.get("/de/suche"),
        "404 under a language": demo_api.get("/tr/boyle-bir-haber-yok"),
        "404 elsewhere": demo_api.get("/xx/", Accept=browser, Accept_Language="en"),
    }
    for kind, reply in answers.items():
        assert reply.status_code == (404 if kind.startswith("404") else 200), kind
        assert reply.headers["Content-Type"] == "text/html; charset=utf-8", kind
        assert_secured(reply)
    # A 304 stands for the page: the browser and the CDN keep the page's headers with it.
    etag = answers["article"].headers["ETag"]
    unchanged = demo_api.get(article, If_None_Match=etag)
    assert unchanged.status_code == 304 and unchanged.headers["ETag"] == etag
    assert_secured(unchanged)


def test_feeds_sitemaps_assets_and_redirects_are_never_sniffed(demo_api: Api) -> None:
    script = found(r'src="(/assets/site\.[0-9a-f]{10}\.js)"', page(demo_api, local(article_url(demo_api, "de"))))
    for path in ("/de/rss.xml", "/de/kategorie/wirtschaft/rss.xml", "/sitemap.xml", "/news-sitemap.xml", "/robots.txt"):
        reply = demo_api.get(path)
        assert reply.status_code == 200, path
        assert_secured(reply, is_page=False)
    for path in (script, "/", "/tr"):  # the script, the redirects
        assert_secured(demo_api.get(path), is_page=False)
    api_client = demo_api.get("/xx/", Accept="*/*")
    assert api_client.status_code == 404 and api_client.json == {"message": "Not Found"}
    assert_secured(api_client, is_page=False)


def test_a_preview_page_cannot_be_framed(api: Api) -> None:
    draft = api.request("POST", "/articles", new_article(status="draft"), role="editor").json
    links = api.request("POST", f"/articles/{draft['id']}/preview", role="editor").json
    reply = api.get(local(links["urls"]["de"]))
    assert reply.status_code == 200 and 'class="preview-banner"' in reply.data.decode()
    assert_secured(reply, referrer="no-referrer")  # not even the origin: the link is the key
