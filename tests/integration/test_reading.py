"""Reader routes against DynamoDB Local, through the local gateway (in-process WSGI)."""

import json

import pytest

from devstack.seed import DEMO
from haber import articles
from tests.conftest import Api
from tests.integration.helpers import dynamodb_calls

ARTICLES = json.loads(DEMO.read_text(encoding="utf-8"))["articles"]
NEWEST_FIRST = [a["id"] for a in sorted(ARTICLES, key=lambda a: a["published_at"], reverse=True)]
GERMAN = next(a for a in ARTICLES if a["source_lang"] == "de")


def test_languages_come_from_configuration(demo_api: Api) -> None:
    response = demo_api.get("/languages")
    assert response.status_code == 200
    assert response.json == {
        "default": "de",
        "languages": [
            {"code": "de", "name": "Deutsch"},
            {"code": "tr", "name": "Türkçe"},
            {"code": "en", "name": "English"},
        ],
    }


def test_the_list_is_newest_first_in_the_requested_language(demo_api: Api) -> None:
    body = demo_api.get("/articles?lang=tr").json
    assert [item["id"] for item in body["items"]] == NEWEST_FIRST
    assert {item["lang"] for item in body["items"]} == {"tr"}
    assert body["next_cursor"] is None
    first = body["items"][0]
    assert set(first) >= {"id", "lang", "title", "summary", "slug", "category", "published_at"}
    source = next(a for a in ARTICLES if a["id"] == first["id"])
    assert first["title"] == source["renditions"]["tr"]["title"]


def test_pages_follow_each_other_without_gaps_or_repeats(demo_api: Api) -> None:
    seen, cursor, pages = [], None, 0
    while True:
        response = demo_api.get("/articles?lang=en&limit=4" + (f"&cursor={cursor}" if cursor else ""))
        assert response.status_code == 200
        seen += [item["id"] for item in response.json["items"]]
        cursor, pages = response.json["next_cursor"], pages + 1
        if cursor is None:
            break
    assert (seen, pages) == (NEWEST_FIRST, 2)


def test_filters_by_category_and_tag(demo_api: Api) -> None:
    economy = demo_api.get("/articles?category=economy").json["items"]
    assert {item["category"] for item in economy} == {"economy"}
    assert len(economy) == sum(a["category"] == "economy" for a in ARTICLES)
    cologne = demo_api.get("/articles?tag=cologne").json["items"]
    assert [item["id"] for item in cologne] == [
        i for i in NEWEST_FIRST if "cologne" in next(a for a in ARTICLES if a["id"] == i)["tags"]
    ]
    both = demo_api.get("/articles?tag=cologne&category=sports").json["items"]
    assert [(item["category"], "cologne" in item["tags"]) for item in both] == [("sports", True)]
    assert demo_api.get("/articles?category=no-such-category").json == {"items": [], "next_cursor": None}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "query.limit"),
        ("limit=51", "query.limit"),
        ("limit=ten", "query.limit"),
        ("category=Not%20A%20Slug", "query.category"),
        ("tag=%3Cscript%3E", "query.tag"),
    ],
)
def test_bad_list_parameters_are_a_400_naming_the_field(demo_api: Api, query: str, field: str) -> None:
    response = demo_api.get(f"/articles?{query}")
    assert response.status_code == 400
    assert response.json["error"]["code"] == "validation_error"
    assert [detail["field"] for detail in response.json["error"]["details"]] == [field]


@pytest.mark.parametrize("cursor", ["abc", "abc.def", "%00%01", "e30.AAAA", "x" * 3000])
def test_garbled_cursors_are_a_400(demo_api: Api, cursor: str) -> None:
    response = demo_api.get(f"/articles?cursor={cursor}")
    assert response.status_code == 400
    assert response.json["error"]["code"] in {"invalid_cursor", "validation_error"}


def test_a_cursor_cannot_be_replayed_against_another_query(demo_api: Api) -> None:
    cursor = demo_api.get("/articles?limit=1").json["next_cursor"]
    response = demo_api.get(f"/articles?category=economy&cursor={cursor}")
    assert (response.status_code, response.json["error"]["code"]) == (400, "invalid_cursor")


def test_an_article_in_each_language_with_alternates(demo_api: Api) -> None:
    for lang in ("de", "tr", "en"):
        document = demo_api.get(f"/articles/{GERMAN['id']}?lang={lang}").json
        assert (document["lang"], document["requested_lang"], document["source_lang"]) == (lang, lang, "de")
        assert document["title"] == GERMAN["renditions"][lang]["title"]
        assert document["translation"]["origin"] == ("source" if lang == "de" else "human")
        assert [alternate["lang"] for alternate in document["alternates"]] == ["de", "tr", "en"]
        for alternate in document["alternates"]:
            assert demo_api.get(alternate["path"]).json["lang"] == alternate["lang"]


def test_accept_language_decides_without_lang_and_says_so_in_vary(demo_api: Api) -> None:
    response = demo_api.get(f"/articles/{GERMAN['id']}", Accept_Language="tr-TR,tr;q=0.9,en;q=0.5")
    assert response.json["lang"] == "tr"
    assert response.headers["Vary"] == "Accept-Language"
    assert demo_api.get(f"/articles/{GERMAN['id']}", Accept_Language="fr").json["lang"] == "de"
    assert "Vary" not in demo_api.get(f"/articles/{GERMAN['id']}?lang=en").headers


def test_by_slug_finds_the_same_document(demo_api: Api) -> None:
    by_id = demo_api.get(f"/articles/{GERMAN['id']}?lang=tr").json
    by_slug = demo_api.get(f"/articles/by-slug/tr/{by_id['slug']}").json
    assert by_slug == by_id
    assert demo_api.get(f"/articles/by-slug/de/{by_id['slug']}").status_code == 404
    assert demo_api.get(f"/articles/by-slug/xx/{by_id['slug']}").status_code == 400


def test_related_are_other_articles_of_the_category_or_tags_newest_first(demo_api: Api) -> None:
    items = demo_api.get(f"/articles/{GERMAN['id']}/related?lang=en&limit=3").json["items"]
    assert GERMAN["id"] not in [item["id"] for item in items]
    assert all(item["category"] == GERMAN["category"] or set(item["tags"]) & set(GERMAN["tags"]) for item in items)
    assert [item["published_at"] for item in items] == sorted((item["published_at"] for item in items), reverse=True)
    assert 1 <= len(items) <= 3
    assert {item["lang"] for item in items} == {"en"}


def test_categories_are_localized_and_counted(demo_api: Api) -> None:
    items = {item["id"]: item for item in demo_api.get("/categories?lang=tr").json["items"]}
    assert items["economy"]["name"] == "Ekonomi"
    assert items["politics"]["article_count"] == 0
    for category in {a["category"] for a in ARTICLES}:
        assert items[category]["article_count"] == sum(a["category"] == category for a in ARTICLES)


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/articles/NOT-AN-ID", 400, "invalid_id"),
        ("/articles/aaaaaaaaaaaaaaaa", 404, "article_not_found"),
        ("/articles/aaaaaaaaaaaaaaaa/related", 404, "article_not_found"),
        ("/articles/%3Cscript%3E/related", 400, "invalid_id"),
        ("/articles?lang=fr", 400, "unsupported_language"),
        ("/articles/by-slug/de/no-such-slug", 404, "article_not_found"),
        ("/categories?lang=xx-long", 400, "unsupported_language"),
    ],
)
def test_unknown_and_malformed_reads(demo_api: Api, path: str, status: int, code: str) -> None:
    response = demo_api.get(path)
    assert response.status_code == status
    assert response.json["error"]["code"] == code
    assert response.headers["Cache-Control"] == "no-store"


def test_gets_are_cacheable_and_answer_if_none_match(demo_api: Api) -> None:
    first = demo_api.get(f"/articles/{GERMAN['id']}?lang=de")
    assert first.headers["ETag"].startswith('"v1-')
    assert first.headers["Cache-Control"] == "public, max-age=50, s-maxage=50, stale-while-revalidate=10"
    again = demo_api.get(f"/articles/{GERMAN['id']}?lang=de", If_None_Match=first.headers["ETag"])
    assert (again.status_code, again.data) == (304, b"")
    assert again.headers["ETag"] == first.headers["ETag"]
    other = demo_api.get(f"/articles/{GERMAN['id']}?lang=tr", If_None_Match=first.headers["ETag"])
    assert other.status_code == 200
    listing = demo_api.get("/articles")
    assert demo_api.get("/articles", If_None_Match=f'W/{listing.headers["ETag"]}, "other"').status_code == 304


def test_only_what_a_shared_cache_may_serve_to_anyone_is_public(demo_api: Api) -> None:
    """The CDN keys on path and query only: an answer chosen by Accept-Language, or meant
    for one staff member, must not be kept by it."""
    assert demo_api.get("/articles?lang=de").headers["Cache-Control"].startswith("public")
    negotiated = demo_api.get("/articles", Accept_Language="tr")
    assert negotiated.headers["Cache-Control"] == "private, max-age=50"
    assert negotiated.headers["Vary"] == "Accept-Language"
    for path, role in (("/comments?status=pending", "moderator"), ("/glossary", "editor")):
        reply = demo_api.request("GET", path, role=role)
        assert reply.status_code == 200 and "no-store" in reply.headers["Cache-Control"], path
        assert reply.headers["Cache-Control"].startswith("private"), path


@pytest.mark.parametrize(
    ("path", "requests"),
    [
        ("/articles?lang=tr", ["Query"]),
        ("/articles?tag=cologne&limit=2", ["Query"]),
        (f"/articles/{GERMAN['id']}?lang=en", ["Query"]),
        ("/categories", ["Query"]),
        ("/languages", []),
    ],
)
def test_each_read_is_one_dynamodb_request(demo_api: Api, path: str, requests: list[str]) -> None:
    with dynamodb_calls(demo_api) as calls:
        assert demo_api.get(path).status_code == 200
    assert calls == requests


def test_by_slug_costs_one_request_once_the_instance_knows_the_slug_and_related_two(demo_api: Api) -> None:
    slug = demo_api.get(f"/articles/{GERMAN['id']}?lang=tr").json["slug"]
    articles.forget_slugs()  # a new instance
    for expected in (["GetItem", "Query"], ["Query"]):  # the claim, then only the article
        with dynamodb_calls(demo_api) as calls:
            assert demo_api.get(f"/articles/by-slug/tr/{slug}").json["id"] == GERMAN["id"]
        assert calls == expected
    for _ in range(2):  # an unknown slug is asked each time, not kept
        with dynamodb_calls(demo_api) as calls:
            assert demo_api.get("/articles/by-slug/tr/no-such-article-anywhere").status_code == 404
        assert calls == ["GetItem"]
    with dynamodb_calls(demo_api) as calls:
        demo_api.get(f"/articles/{GERMAN['id']}/related?limit=1")
    assert calls == ["GetItem", "Query"]
