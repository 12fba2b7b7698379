"""Authors' and tags' addresses through the local gateway: a page found afresh by its slug
item (one GetItem) right after the PUT, an address left by a rename answering 301 to where
the page is now, an address taken over by another, and `make directory-slugs` for stacks
from before slug items."""

from typing import Any

from boto3.dynamodb.conditions import Attr

from haber import articles
from haber.platform.caching import PUBLIC_CACHE
from haber.platform.db import table
from tests.conftest import Api, new_article
from tests.integration.conftest import Translating
from tests.integration.helpers import dynamodb_calls
from tests.integration.test_authors_tags import settle
from tests.integration.test_site import ORIGIN, local, page

LANES = {"de": "Radwege", "tr": "Bisiklet yolları", "en": "Cycle lanes"}
LANES_PAGES = {"de": "/de/thema/radwege", "tr": "/tr/etiket/bisiklet-yollari", "en": "/en/tag/cycle-lanes"}
STREETS = {"de": "Fahrradstraßen", "tr": "Bisiklet caddeleri", "en": "Bike streets"}
STREETS_PAGES = {"de": "/de/thema/fahrradstrassen", "tr": "/tr/etiket/bisiklet-caddeleri", "en": "/en/tag/bike-streets"}
DENIZ_PAGES = {"de": "/de/autor/deniz-arslan", "tr": "/tr/yazar/deniz-arslan", "en": "/en/author/deniz-arslan"}


def put(api: Api, path: str, body: Any) -> Any:
    reply = api.request("PUT", path, body, role="editor")
    assert reply.status_code == 200, reply.json
    return reply.json


def moved(api: Api, path: str, to: str) -> None:
    reply = api.get(path)
    assert reply.status_code == 301, (path, reply.status_code)
    assert reply.headers["Location"] == ORIGIN + to
    assert reply.headers["Cache-Control"] == PUBLIC_CACHE


def test_a_new_tags_and_authors_pages_answer_at_once_in_every_language(api: Api) -> None:
    for path in [*LANES_PAGES.values(), *DENIZ_PAGES.values()]:
        page(api, path, status=404)  # asked before it exists: nothing of that may stay
    put(api, "/tags/radwege", {"names": LANES})
    put(api, "/authors/deniz-arslan", {"name": "Deniz Arslan", "bio": {"tr": "Berlin'den yazıyor."}})
    for lang, path in LANES_PAGES.items():
        assert f"<h1>{LANES[lang]}</h1>" in page(api, path)
    for path in DENIZ_PAGES.values():
        assert "<h1>Deniz Arslan</h1>" in page(api, path)


def test_finding_an_author_or_a_tag_by_its_address_is_one_getitem_each_time(api: Api) -> None:
    for lang in ("de", "tr", "en"):
        api.get(f"/{lang}/")  # the frame (categories, most-read) is kept a minute: not counted below
    for path in ("/de/autor/elif-karahan", "/tr/etiket/kucuk-isletmeler", "/en/tag/small-business"):
        for _ in range(2):  # and again: nothing kept between requests
            with dynamodb_calls(api) as calls:
                assert api.get(path).status_code == 200
            assert calls == ["GetItem", "Query"], (path, calls)  # the slug item, then the articles


def test_a_renamed_tag_sends_readers_from_each_old_address_to_the_new_one(api: Api) -> None:
    put(api, "/tags/radwege", {"names": LANES})
    assert local(put(api, "/tags/radwege", {"names": STREETS})["url"]) == STREETS_PAGES["de"]
    for lang, path in LANES_PAGES.items():
        moved(api, path, STREETS_PAGES[lang])
        assert f"<h1>{STREETS[lang]}</h1>" in page(api, STREETS_PAGES[lang])
    moved(api, "/de/thema/radwege/rss.xml", "/de/thema/fahrradstrassen/rss.xml")
    moved(api, "/de/thema/radwege?cursor=abc", "/de/thema/fahrradstrassen?cursor=abc")
    cycling = {"de": "/de/thema/radverkehr", "tr": "/tr/etiket/bisiklet-trafigi", "en": "/en/tag/cycling"}
    put(api, "/tags/radwege", {"names": {"de": "Radverkehr", "tr": "Bisiklet trafiği", "en": "Cycling"}})
    for lang, now in cycling.items():  # every address it had goes straight to the newest, not along a chain
        moved(api, LANES_PAGES[lang], now)
        moved(api, STREETS_PAGES[lang], now)


def test_a_renamed_author_sends_readers_from_each_old_address_to_the_new_one(api: Api) -> None:
    put(api, "/authors/ayse", {"name": "Ayşe Yılmaz"})
    answer = put(api, "/authors/ayse", {"name": "Ayşe Demir"})
    assert local(answer["url"]) == "/de/autor/ayse-demir"
    old = {"de": "/de/autor/ayse-yilmaz", "tr": "/tr/yazar/ayse-yilmaz", "en": "/en/author/ayse-yilmaz"}
    for path in old.values():
        now = path.replace("yilmaz", "demir")
        moved(api, path, now)
        assert "<h1>Ayşe Demir</h1>" in page(api, now)


def test_an_address_another_tag_takes_over_is_the_new_owners(api: Api) -> None:
    put(api, "/tags/radwege", {"names": LANES})
    put(api, "/tags/radwege", {"names": STREETS})  # leaves /de/thema/radwege …
    answer = put(api, "/tags/radspuren", {"names": {"de": "Radwege"}})  # … which this one takes
    assert local(answer["url"]) == "/de/thema/radwege"
    created = api.request("POST", "/articles", new_article(tags=["radspuren"]), role="editor").json
    document = page(api, "/de/thema/radwege")
    assert "<h1>Radwege</h1>" in document and created["title"] in document
    put(api, "/tags/radspuren", {"names": {"de": "Radspuren"}})  # and leaves it again: its own now
    moved(api, "/de/thema/radwege", "/de/thema/radspuren")
    moved(api, LANES_PAGES["tr"], STREETS_PAGES["tr"])  # the first one's other addresses stay its own


def test_a_machine_translated_tag_name_moves_its_page_and_the_old_address_follows(translating: Translating) -> None:
    api, _, poller = translating
    put(api, "/tags/wahlen", {"names": {"de": "Wahlen"}})
    assert '<h1 lang="de">Wahlen</h1>' in page(api, "/en/tag/wahlen")  # the source's until translated
    settle(poller)
    assert local(api.get("/tags/wahlen?lang=en").json["url"]) == "/en/tag/en-wahlen"
    assert "<h1>[en] Wahlen</h1>" in page(api, "/en/tag/en-wahlen")
    moved(api, "/en/tag/wahlen", "/en/tag/en-wahlen")
    assert "<h1>Wahlen</h1>" in page(api, "/de/thema/wahlen")


def test_authors_and_tags_from_before_slug_items_get_theirs_once(api: Api) -> None:
    with api.environment():
        gone = table().scan(FilterExpression=Attr("pk").begins_with("AUTHOR_SLUG#"), ProjectionExpression="pk, sk")
        for key in gone["Items"]:
            table().delete_item(Key=key)
    assert gone["Items"]
    page(api, "/de/autor/elif-karahan", status=404)
    with api.environment():
        assert articles.directory.write_addresses() == len(gone["Items"])
        assert articles.directory.write_addresses() == 0
    assert "<h1>Elif Karahan</h1>" in page(api, "/de/autor/elif-karahan")


def test_an_address_no_slug_can_be_is_the_404_page_without_a_lookup(api: Api) -> None:
    for lang in ("de", "tr", "en"):
        api.get(f"/{lang}/")  # the frame, kept a minute: not counted below
    for path in ("/de/thema/" + "a" * 300, "/tr/yazar/%C3%BC%C3%BC", "/en/tag/Radwege"):
        with dynamodb_calls(api) as calls:
            page(api, path, status=404)
        assert "GetItem" not in calls, (path, calls)
