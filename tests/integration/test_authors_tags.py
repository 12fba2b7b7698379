"""Authors and tags against DynamoDB Local: PUT and GET, bylines and tag names on articles
(one request still), machine-translated bios and names, refreshed copies, bad input."""

from typing import Any

import pytest

from devstack.streams import StreamPoller
from haber.platform.db import table
from tests.conftest import Api, new_article
from tests.integration.conftest import Translating
from tests.integration.helpers import dynamodb_calls

AYSE = {
    "name": "Ayşe Yılmaz",
    "bio": {"de": "Ayşe Yılmaz berichtet aus Köln über Stadtpolitik.", "tr": "Ayşe Yılmaz Köln'den yazıyor."},
    "same_as": ["https://example.org/ayse", "https://social.example/@ayse"],
}


def put(api: Api, path: str, body: Any) -> Any:
    return api.request("PUT", path, body, role="editor")


def settle(poller: StreamPoller) -> None:
    """Until the stream is quiet: a translated name is a record of its own, which refreshes articles."""
    while poller.drain():
        pass


def create(api: Api, **changes: Any) -> Any:
    return api.request("POST", "/articles", new_article(**changes), role="editor")


def test_an_author_is_created_read_and_listed_in_each_language(api: Api) -> None:
    response = put(api, "/authors/ayse-yilmaz", AYSE)
    assert response.status_code == 200, response.json
    assert response.json["bios"]["de"]["origin"] == "source"
    assert response.json["bios"]["tr"]["origin"] == "human"
    german = api.get("/authors/ayse-yilmaz?lang=de").json
    assert german["name"] == "Ayşe Yılmaz"
    assert german["url"].endswith("/de/autor/ayse-yilmaz")
    assert german["bio"].startswith("Ayşe Yılmaz berichtet")
    assert german["same_as"] == AYSE["same_as"]
    turkish = api.get("/authors/ayse-yilmaz?lang=tr").json
    assert turkish["url"].endswith("/tr/yazar/ayse-yilmaz")
    assert turkish["bio"] == "Ayşe Yılmaz Köln'den yazıyor." and turkish["bio_lang"] == "tr"
    english = api.get("/authors/ayse-yilmaz?lang=en").json  # no provider: the source's bio, marked
    assert english["url"].endswith("/en/author/ayse-yilmaz")
    assert (english["bio_lang"], english["bio_origin"]) == ("de", "source")
    listed = api.get("/authors?lang=tr").json["items"]
    assert [item["id"] for item in listed if item["id"] == "ayse-yilmaz"] == ["ayse-yilmaz"]


def test_a_tag_has_a_name_and_address_per_language(api: Api) -> None:
    response = put(api, "/tags/wahlen", {"names": {"de": "Wahlen", "tr": "Seçimler"}})
    assert response.status_code == 200, response.json
    tags = {item["id"]: item for item in api.get("/tags?lang=tr").json["items"]}
    assert tags["wahlen"]["name"] == "Seçimler"
    assert tags["wahlen"]["url"].endswith("/tr/etiket/secimler")
    english = api.get("/tags/wahlen?lang=en").json
    assert (english["name"], english["lang"]) == ("Wahlen", "de")  # not translated yet: the source's
    assert english["url"].endswith("/en/tag/wahlen")


def test_two_authors_of_one_name_get_addresses_of_their_own(api: Api) -> None:
    assert put(api, "/authors/ali-1", {"name": "Ali Kaya"}).status_code == 200
    second = put(api, "/authors/ali-2", {"name": "Ali Kaya"})
    assert second.status_code == 200
    assert api.get("/authors/ali-1?lang=de").json["url"].endswith("/de/autor/ali-kaya")
    assert api.get("/authors/ali-2?lang=de").json["url"].endswith("/de/autor/ali-2")


def test_an_article_names_its_authors_and_its_tags_in_the_readers_language(api: Api) -> None:
    put(api, "/authors/ayse-yilmaz", AYSE)
    put(api, "/tags/wahlen", {"names": {"de": "Wahlen", "tr": "Seçimler", "en": "Elections"}})
    created = create(api, authors=["ayse-yilmaz"], tags=["wahlen", "rheinbruecke"], author=None)
    assert created.status_code == 201, created.json
    article = created.json
    assert article["author"] == "Ayşe Yılmaz"  # the byline follows the authors named
    with dynamodb_calls(api) as calls:
        english = api.get(f"/articles/{article['id']}?lang=en").json
    assert calls == ["Query"]  # still one request, with authors, tags and corrections
    assert english["authors"] == [
        {
            "id": "ayse-yilmaz",
            "name": "Ayşe Yılmaz",
            "url": english["authors"][0]["url"],
            "same_as": AYSE["same_as"],
        }
    ]
    # served in German (no English text), but authors and tags are the reader's: English
    assert english["lang"] == "de" and english["authors"][0]["url"].endswith("/en/author/ayse-yilmaz")
    by_id = {tag["id"]: tag for tag in english["tag_details"]}
    assert (by_id["wahlen"]["name"], by_id["wahlen"]["lang"]) == ("Elections", "en")
    unnamed = by_id["rheinbruecke"]
    assert unnamed == {"id": "rheinbruecke", "name": "rheinbruecke", "lang": "en", "url": unnamed["url"]}
    assert unnamed["url"].endswith("/en/tag/rheinbruecke")  # a tag never named: its id
    listed = api.get("/articles?author=ayse-yilmaz").json["items"]
    assert [item["id"] for item in listed] == [article["id"]]


def test_unknown_authors_are_refused_naming_the_field_and_nothing_is_written(api: Api) -> None:
    put(api, "/authors/ayse-yilmaz", AYSE)
    with api.environment():
        before = table().scan(Select="COUNT")["Count"]
    response = create(api, authors=["ayse-yilmaz", "nobody-here"])
    assert response.status_code == 400
    assert response.json["error"]["code"] == "unknown_author"
    assert response.json["error"]["details"][0]["field"] == "authors[1]"
    with api.environment():
        assert table().scan(Select="COUNT")["Count"] == before
    article = create(api).json
    changed = api.request(
        "PUT", f"/articles/{article['id']}", {"authors": ["nobody-here"]}, role="editor", if_match='"v1"'
    )
    assert changed.status_code == 400 and changed.json["error"]["code"] == "unknown_author"
    assert api.get(f"/articles/{article['id']}").json["version"] == 1


@pytest.mark.parametrize(
    ("path", "body", "field", "code"),
    [
        ("/authors/ok-id", {"bio": {"de": "x"}}, "name", "validation_error"),
        ("/authors/ok-id", {"name": ""}, "name", "validation_error"),
        ("/authors/ok-id", {"name": "A\nB"}, "name", "validation_error"),
        ("/authors/ok-id", {"name": "A", "bio": {"xx": "Bio"}}, "bio.xx", "unsupported_language"),
        ("/authors/ok-id", {"name": "A", "same_as": ["javascript:alert(1)"]}, "same_as", "validation_error"),
        ("/authors/ok-id", {"name": "A", "image": "not-a-media-id!"}, "image", "validation_error"),
        ("/authors/ok-id", {"name": "A", "bio": {"de": "Bio"}, "source_lang": "tr"}, "source_lang", "no_source_text"),
        (
            "/authors/ok-id",
            {"name": "A", "bio": {"de": "Bio"}, "source_lang": "xx"},
            "source_lang",
            "unsupported_language",
        ),
        ("/authors/Bad_Id", {"name": "A"}, "id", "validation_error"),
        ("/tags/ok-id", {"names": {}}, "names", "validation_error"),
        ("/tags/ok-id", {"names": {"de": "   "}}, "names", "validation_error"),
        ("/tags/ok-id", {"names": {"klingon": "Qapla"}}, "names.klingon", "unsupported_language"),
        ("/tags/-bad", {"names": {"de": "Wahlen"}}, "id", "validation_error"),
    ],
)
def test_bad_authors_and_tags_are_refused_naming_the_field(
    api: Api, path: str, body: Any, field: str, code: str
) -> None:
    response = put(api, path, body)
    assert response.status_code == 400, response.json
    assert response.json["error"]["code"] == code
    assert response.json["error"]["message"]  # in the reader's language: every code has one
    fields = [detail.get("field", "") for detail in response.json["error"]["details"]]
    assert any(named.removeprefix("body.").removeprefix("path.").startswith(field) for named in fields), fields
    if field != "id":
        assert api.get(path).status_code == 404  # nothing written


def test_an_unknown_photo_is_refused(api: Api) -> None:
    response = put(api, "/authors/ok-id", {"name": "A", "image": "aaaaaaaaaaaaaaaa"})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "media_gone"  # not "wait a moment": there is nothing to wait for


def test_unknown_authors_and_tags_are_404_and_writing_needs_an_editor(api: Api) -> None:
    assert api.get("/authors/nobody-here").json["error"]["code"] == "author_not_found"
    assert api.get("/tags/nothing-here?lang=tr").status_code == 404
    assert api.request("PUT", "/tags/wahlen", {"names": {"de": "Wahlen"}}).status_code == 401
    assert api.request("PUT", "/authors/x-y", {"name": "X"}, role="moderator").status_code == 403


def test_bios_and_names_are_machine_translated_and_articles_follow_a_rename(translating: Translating) -> None:
    api, provider, poller = translating
    put(api, "/authors/ayse-yilmaz", {"name": "Ayşe Yılmaz", "bio": {"de": "Sie berichtet aus Köln."}})
    put(api, "/tags/wahlen", {"names": {"de": "Wahlen"}})
    article = create(api, authors=["ayse-yilmaz"], tags=["wahlen"], author=None).json
    settle(poller)
    english = api.get("/authors/ayse-yilmaz?lang=en").json
    assert (english["bio"], english["bio_origin"]) == ("[en] Sie berichtet aus Köln.", "machine")
    tag = api.get("/tags/wahlen?lang=tr").json
    assert (tag["name"], tag["origin"]) == ("[tr] Wahlen", "machine")
    assert tag["url"].endswith("/tr/etiket/tr-wahlen")
    read = api.get(f"/articles/{article['id']}?lang=tr").json
    assert read["tag_details"][0]["name"] == "[tr] Wahlen"  # the article's copy, refreshed
    sent = len(provider.requests)
    put(api, "/tags/wahlen", {"names": {"de": "Bundestagswahl", "tr": "Seçim"}})
    put(api, "/authors/ayse-yilmaz", {"name": "Ayşe Demir", "bio": {"de": "Sie berichtet aus Köln."}})
    settle(poller)
    assert len(provider.requests) == sent + 1  # the new German name into English; the bio was current
    read = api.get(f"/articles/{article['id']}?lang=tr").json
    assert read["tag_details"][0] == {
        "id": "wahlen",
        "name": "Seçim",
        "lang": "tr",
        "url": read["tag_details"][0]["url"],
    }
    assert read["authors"][0]["name"] == "Ayşe Demir"
    assert read["authors"][0]["url"].endswith("/tr/yazar/ayse-demir")


def test_a_human_name_is_never_replaced_by_a_machine_one(translating: Translating) -> None:
    api, _, poller = translating
    put(api, "/tags/wahlen", {"names": {"de": "Wahlen", "en": "Elections"}})
    settle(poller)
    assert api.get("/tags/wahlen?lang=en").json["name"] == "Elections"
    assert api.get("/tags/wahlen?lang=tr").json["origin"] == "machine"


def test_reading_authors_and_tags_costs_one_request(api: Api) -> None:
    put(api, "/authors/ayse-yilmaz", AYSE)
    put(api, "/tags/wahlen", {"names": {"de": "Wahlen"}})
    for path in ("/authors", "/authors/ayse-yilmaz", "/tags", "/tags/wahlen"):
        with dynamodb_calls(api) as calls:
            assert api.get(path).status_code == 200
        assert len(calls) == 1, (path, calls)
