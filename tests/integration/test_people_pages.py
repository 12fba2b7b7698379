"""Author and tag pages through the local gateway: each language's address, what search
engines read (hreflang, canonical, ProfilePage and CollectionPage markup), RSS, a page at a
time, bylines and tags that link to them, and nothing that is not live."""

import re
from typing import Any

import feedparser  # type: ignore[import-untyped]
import pytest

from tests.conftest import Api, new_article
from tests.integration.test_site import ORIGIN, json_script, links, local, page, sitemap_entries

AUTHOR_PAGES = {"de": "/de/autor/elif-karahan", "tr": "/tr/yazar/elif-karahan", "en": "/en/author/elif-karahan"}
TAG_PAGES = {"de": "/de/thema/kleinunternehmen", "tr": "/tr/etiket/kucuk-isletmeler", "en": "/en/tag/small-business"}
TAG_NAMES = {"de": "Kleinunternehmen", "tr": "Küçük işletmeler", "en": "Small business"}


@pytest.mark.parametrize("lang", list(AUTHOR_PAGES))
def test_an_author_page_in_each_language(demo_api: Api, lang: str) -> None:
    document = page(demo_api, AUTHOR_PAGES[lang])
    assert "<h1>Elif Karahan</h1>" in document
    bio = demo_api.get(f"/authors/elif-karahan?lang={lang}").json["bio"]
    assert bio.split()[0] in document and bio_lang_marked(document, lang)
    assert "Post aus der Fremde" in document or "mektupları" in document or "Letters from" in document
    assert {lang: local(href) for lang, href in links(document, "alternate").items()} == {
        **AUTHOR_PAGES,
        "x-default": AUTHOR_PAGES["de"],
    }
    assert re.search(rf'<link rel="canonical" href="{ORIGIN}{AUTHOR_PAGES[lang]}">', document)
    data = json_script(document, '<script type="application/ld+json">')
    assert data["@type"] == "ProfilePage" and data["inLanguage"] == lang
    person = data["mainEntity"]
    assert (person["@type"], person["name"], local(person["url"])) == ("Person", "Elif Karahan", AUTHOR_PAGES[lang])
    assert person["sameAs"] == ["https://example.org/team/elif-karahan"]
    assert 'href="https://example.org/team/elif-karahan" rel="me noopener"' in document


def bio_lang_marked(document: str, lang: str) -> bool:
    """Elif Karahan's bio exists in every language: nothing on it is marked as another."""
    return not re.search(r'<p class="bio" lang=', document)


@pytest.mark.parametrize("lang", list(TAG_PAGES))
def test_a_tag_page_in_each_language(demo_api: Api, lang: str) -> None:
    document = page(demo_api, TAG_PAGES[lang])
    assert f"<h1>{TAG_NAMES[lang]}</h1>" in document
    assert {code: local(href) for code, href in links(document, "alternate").items()} == {
        **TAG_PAGES,
        "x-default": TAG_PAGES["de"],
    }
    data = json_script(document, '<script type="application/ld+json">')
    assert (data["@type"], data["name"], local(data["url"])) == ("CollectionPage", TAG_NAMES[lang], TAG_PAGES[lang])
    # the two demo articles tagged small-business, newest first
    cards = re.findall(r'<li class="card">', document)
    assert len(cards) == 2


@pytest.mark.parametrize("kind", ["author", "tag"])
def test_their_feeds_list_their_articles(demo_api: Api, kind: str) -> None:
    pages = AUTHOR_PAGES if kind == "author" else TAG_PAGES
    for lang, path in pages.items():
        feed = feedparser.parse(demo_api.get(f"{path}/rss.xml").data)
        assert not feed.bozo, (path, feed.bozo_exception)
        assert feed.feed.language == lang
        assert local(feed.feed.link) == path
        assert feed.entries and all(entry.link.startswith(f"{ORIGIN}/") for entry in feed.entries)
    assert demo_api.get("/de/autor/niemand/rss.xml").status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/de/autor/niemand", "/tr/etiket/yok-boyle-bir-sey", "/en/tag/Not_A_Slug", "/en/author/elif-karahan?cursor=bad"],
)
def test_unknown_authors_and_tags_get_the_404_page_in_the_readers_language(demo_api: Api, path: str) -> None:
    document = page(demo_api, path, status=404)
    lang = path.split("/")[1]
    assert f'<html lang="{lang}">' in document


def test_a_tag_never_named_has_a_page_at_its_id_while_it_has_articles(api: Api) -> None:
    assert api.get("/de/thema/rheinbruecke").status_code == 404
    created = api.request("POST", "/articles", new_article(tags=["rheinbruecke"]), role="editor").json
    document = page(api, "/tr/etiket/rheinbruecke")
    assert "<h1>rheinbruecke</h1>" in document and created["title"] in document


def test_bylines_and_tags_on_the_article_page_link_to_their_pages(demo_api: Api) -> None:
    article = demo_api.get("/articles/demogurbetposta4?lang=de").json
    document = page(demo_api, local(article["url"]))
    assert f'<a href="{ORIGIN}{AUTHOR_PAGES["de"]}" rel="author">Elif Karahan</a>' in document
    assert re.search(rf'<a href="{ORIGIN}/de/thema/migration" rel="tag">Migration</a>', document)
    data = json_script(document, '<script type="application/ld+json">')
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Elif Karahan",
            "url": f"{ORIGIN}{AUTHOR_PAGES['de']}",
            "sameAs": ["https://example.org/team/elif-karahan"],
        }
    ]


def test_a_tag_name_not_yet_in_the_pages_language_is_marked_with_its_own(api: Api) -> None:
    named = api.request("PUT", "/tags/wahlen", {"names": {"de": "Wahlen", "tr": "Seçimler"}}, role="editor")
    assert named.status_code == 200
    english = {"title": "New bridge over the Rhine", "summary": "It links Deutz.", "body": "<p>It is done.</p>"}
    body = new_article(tags=["wahlen"], translations={"en": english})
    created = api.request("POST", "/articles", body, role="editor").json
    read = api.get(f"/articles/{created['id']}?lang=en").json
    assert (read["lang"], read["tag_details"][0]["name"], read["tag_details"][0]["lang"]) == ("en", "Wahlen", "de")
    document = page(api, local(read["url"]))
    assert re.search(r'<a href="[^"]+/en/tag/wahlen" rel="tag" lang="de">Wahlen</a>', document)
    turkish = api.get(f"/articles/{created['id']}?lang=tr").json  # no Turkish text: German, tags Turkish
    assert (turkish["lang"], turkish["tag_details"][0]["name"], turkish["tag_details"][0]["lang"]) == (
        "de",
        "Seçimler",
        "tr",
    )
    assert turkish["tag_details"][0]["url"].endswith("/tr/etiket/secimler")
    german = page(api, local(turkish["url"]))
    assert re.search(r'<a href="[^"]+/de/thema/wahlen" rel="tag">Wahlen</a>', german)


def test_an_author_page_goes_a_page_at_a_time_and_shows_no_draft(api: Api) -> None:
    body: dict[str, Any] = {"name": "Deniz Arslan", "bio": {"tr": "Deniz Arslan Berlin'den yazıyor."}}
    assert api.request("PUT", "/authors/deniz-arslan", body, role="editor").status_code == 200
    titles = [f"Bericht Nummer {number}" for number in range(22)]
    for title in titles:
        reply = api.request("POST", "/articles", new_article(title=title, authors=["deniz-arslan"]), role="editor")
        assert reply.status_code == 201
    draft = new_article(title="Unveröffentlichter Entwurf", authors=["deniz-arslan"], status="draft")
    assert api.request("POST", "/articles", draft, role="editor").status_code == 201
    first = page(api, "/de/autor/deniz-arslan")
    assert first.count('<li class="card">') == 20
    assert '<p class="bio" lang="tr">' in first  # the bio is Turkish only: marked so
    older = re.search(r'<a href="([^"]+)" rel="next">', first)
    assert older and "Unveröffentlichter" not in first
    reply = api.get(local(older.group(1).replace("&amp;", "&")))
    assert reply.status_code == 200 and reply.headers["X-Robots-Tag"] == "noindex, follow"
    second = reply.data.decode()
    assert second.count('<li class="card">') == 2 and 'rel="next"' not in second
    feed = feedparser.parse(api.get("/de/autor/deniz-arslan/rss.xml").data)
    assert "Unveröffentlichter Entwurf" not in {entry.title for entry in feed.entries}


def test_the_sitemap_lists_author_and_tag_pages_with_their_alternates(demo_api: Api) -> None:
    entries = sitemap_entries(demo_api)
    for pages in (AUTHOR_PAGES, TAG_PAGES):
        for path in pages.values():
            alternates = entries[ORIGIN + path]
            assert {code: local(href) for code, href in alternates.items()} == {**pages, "x-default": pages["de"]}
