"""Editor routes against DynamoDB Local: create, update with If-Match, unpublish."""

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from haber.platform.db import table
from tests.conftest import Api, new_article
from tests.integration.helpers import dynamodb_calls


def create(api: Api, **changes: object) -> dict:
    response = api.request("POST", "/articles", new_article(**changes), role="editor")
    assert response.status_code == 201, response.json
    return response.json


def count(api: Api, category: str) -> int:
    return next(item["article_count"] for item in api.get("/categories").json["items"] if item["id"] == category)


def test_create_publishes_at_once_in_one_request(api: Api) -> None:
    """One transaction; an article naming tags or authors reads their names first (one
    BatchGet) so that reading it stays one request."""
    with dynamodb_calls(api) as calls:
        untagged = api.request(
            "POST", "/articles", new_article(tags=[], title="Ohne Themen", status="draft"), role="editor"
        )
    assert untagged.status_code == 201
    assert calls == ["TransactWriteItems"]
    before = count(api, "politics")
    with dynamodb_calls(api) as calls:
        response = api.request("POST", "/articles", new_article(), role="editor")
    assert calls == ["BatchGetItem", "TransactWriteItems"]
    assert response.status_code == 201
    document = response.json
    assert response.headers["Location"] == f"/articles/{document['id']}"
    assert response.headers["ETag"].startswith('"v1-')
    assert (document["slug"], document["translation"], document["version"]) == (
        "neue-bruecke-ueber-den-rhein-eroeffnet",
        {"origin": "source"},
        1,
    )
    assert api.get(f"/articles/{document['id']}?lang=de").json == document
    assert api.get("/articles?limit=1").json["items"][0]["id"] == document["id"]
    assert api.get("/articles?tag=cologne&limit=1").json["items"][0]["id"] == document["id"]
    assert count(api, "politics") == before + 1


def test_other_languages_fall_back_to_the_source_with_a_flag(api: Api) -> None:
    document = create(api)
    english = api.get(f"/articles/{document['id']}?lang=en").json
    assert (english["lang"], english["requested_lang"], english["title"]) == ("de", "en", document["title"])
    assert api.get("/articles?lang=en&limit=1").json["items"][0]["lang"] == "de"


def test_human_translations_in_the_same_post(api: Api) -> None:
    turkish = {
        "title": "Ren Nehri üzerindeki yeni köprü açıldı",
        "summary": "Köprü Deutz'u bağlıyor.",
        "body": "<p>Yeni köprü hazır.</p>",
    }
    document = create(api, translations={"tr": turkish})
    served = api.get(f"/articles/{document['id']}?lang=tr").json
    assert (served["lang"], served["title"], served["slug"]) == (
        "tr",
        turkish["title"],
        "ren-nehri-uzerindeki-yeni-kopru-acildi",
    )
    assert served["translation"] == {"origin": "human", "stale": False}
    assert [alternate["lang"] for alternate in served["alternates"]] == ["de", "tr"]


def test_the_body_is_sanitized_on_write(api: Api) -> None:
    hostile = (
        '<p onclick="steal()">Text<script>alert(1)</script> <a href="javascript:alert(1)">x</a>'
        " <img src=x onerror=alert(1)></p>"
    )
    document = create(api, body=hostile)
    stored = api.get(f"/articles/{document['id']}").json["body"]
    for marker in ("onclick", "<script", "javascript:", "onerror"):
        assert marker not in stored
    assert stored.startswith("<p>Text")


def test_a_body_that_is_only_markup_is_refused(api: Api) -> None:
    response = api.request("POST", "/articles", new_article(body="<script>alert(1)</script>"), role="editor")
    assert response.status_code == 400
    assert response.json["error"]["details"] == [{"field": "body", "message": "has no text"}]


def test_slugs_are_unique_per_language(api: Api) -> None:
    slugs = [create(api)["slug"] for _ in range(3)]
    assert slugs == [
        "neue-bruecke-ueber-den-rhein-eroeffnet",
        "neue-bruecke-ueber-den-rhein-eroeffnet-2",
        "neue-bruecke-ueber-den-rhein-eroeffnet-3",
    ]
    other_language = create(api, source_lang="en", title="Neue Brücke über den Rhein eröffnet")
    assert other_language["slug"] == "neue-brucke-uber-den-rhein-eroffnet"


def test_a_scheduled_article_stays_hidden_until_its_time(api: Api) -> None:
    future = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    document = create(api, published_at=future)
    assert api.get(f"/articles/{document['id']}").status_code == 404
    assert document["id"] not in [item["id"] for item in api.get("/articles").json["items"]]


def test_backdated_articles_sort_by_their_date(api: Api) -> None:
    document = create(api, published_at="2026-11-01T08:00:00+01:00")
    assert document["published_at"] == "2026-11-01T07:00:00Z"
    assert api.get("/articles?limit=50").json["items"][-1]["id"] == document["id"]


@pytest.mark.parametrize(
    ("changes", "status", "code", "field"),
    [
        ({"source_lang": "fr"}, 400, "unsupported_language", "source_lang"),
        ({"category": "weather"}, 400, "unknown_category", "category"),
        ({"category": "Not Valid"}, 400, "validation_error", "body.category"),
        ({"title": ""}, 400, "validation_error", "body.title"),
        ({"title": "   "}, 400, "validation_error", "body.title"),
        ({"title": "Zeile\nzwei"}, 400, "validation_error", "body.title"),
        ({"title": "x" * 201}, 400, "validation_error", "body.title"),
        ({"title": 42}, 400, "validation_error", "body.title"),
        ({"tags": "cologne"}, 400, "validation_error", "body.tags"),
        ({"tags": [f"t{i}" for i in range(11)]}, 400, "validation_error", "body.tags"),
        ({"author": None}, 400, "validation_error", "body.author"),
        ({"published_at": "yesterday"}, 400, "validation_error", "body.published_at"),
        ({"published_at": "2026-11-01T08:00:00"}, 400, "validation_error", "body.published_at"),
        (
            {"translations": {"fr": {"title": "a", "summary": "b", "body": "<p>c</p>"}}},
            400,
            "unsupported_language",
            "translations.fr",
        ),
        (
            {"translations": {"de": {"title": "a", "summary": "b", "body": "<p>c</p>"}}},
            400,
            "translation_is_source",
            "translations.de",
        ),
        ({"unexpected": True}, 400, "validation_error", "body.unexpected"),
    ],
)
def test_invalid_articles_are_refused_naming_the_field(
    api: Api, changes: dict, status: int, code: str, field: str
) -> None:
    response = api.request("POST", "/articles", new_article(**changes), role="editor")
    assert (response.status_code, response.json["error"]["code"]) == (status, code)
    assert field in [detail["field"] for detail in response.json["error"]["details"]]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("{not json", "malformed_json"),
        ("", "validation_error"),
        ("[]", "validation_error"),
        ('"text"', "validation_error"),
    ],
)
def test_malformed_bodies_are_a_400(api: Api, body: str, code: str) -> None:
    response = api.request("POST", "/articles", body, role="editor")
    assert (response.status_code, response.json["error"]["code"]) == (400, code)


def test_bodies_over_256_kb_are_a_413_and_write_nothing(api: Api) -> None:
    before = api.get("/articles?limit=50").json["items"]
    response = api.request("POST", "/articles", new_article(body="<p>" + "x" * 270_000 + "</p>"), role="editor")
    assert (response.status_code, response.json["error"]["code"]) == (413, "payload_too_large")
    assert api.get("/articles?limit=50").json["items"] == before


def test_editor_routes_need_a_token_and_the_editor_role(api: Api) -> None:
    assert api.request("POST", "/articles", new_article()).status_code == 401
    assert api.request("POST", "/articles", new_article(), Authorization="Bearer not-a-jwt").status_code == 401
    reader = api.request("POST", "/articles", new_article(), role="reader")
    assert (reader.status_code, reader.json["error"]["code"]) == (403, "forbidden")
    assert api.request("DELETE", "/articles/demokeupkargo2ks", role="moderator").status_code == 403
    assert api.request("PUT", "/categories/science", {"names": {"de": "Wissenschaft"}}).status_code == 401


def test_update_needs_the_current_version(api: Api) -> None:
    document = create(api)
    path = f"/articles/{document['id']}"
    missing = api.request("PUT", path, {"title": "Neu"}, role="editor")
    assert (missing.status_code, missing.json["error"]["code"]) == (428, "precondition_required")
    updated = api.request("PUT", path, {"title": "Neuer Titel"}, role="editor", If_Match=document_etag(api, path))
    assert (updated.status_code, updated.json["version"], updated.json["title"]) == (200, 2, "Neuer Titel")
    stale = api.request("PUT", path, {"title": "Verloren"}, role="editor", If_Match='"v1-0000"')
    assert (stale.status_code, stale.json["error"]["code"]) == (412, "precondition_failed")
    assert api.request("PUT", path, {"title": "x"}, role="editor", If_Match="banana").status_code == 412
    assert api.get(path).json["title"] == "Neuer Titel"
    assert api.request("PUT", path, {"title": "Per Nummer"}, role="editor", If_Match="2").json["version"] == 3


def document_etag(api: Api, path: str) -> str:
    return str(api.get(path).headers["ETag"])


def test_the_slug_stays_when_the_title_changes(api: Api) -> None:
    document = create(api)
    path = f"/articles/{document['id']}"
    updated = api.request("PUT", path, {"title": "Ganz anderer Titel"}, role="editor", If_Match="1").json
    assert updated["slug"] == document["slug"]
    assert api.get(f"/articles/by-slug/de/{document['slug']}").json["title"] == "Ganz anderer Titel"


def test_a_source_edit_marks_human_translations_stale(api: Api) -> None:
    document = create(
        api, translations={"en": {"title": "New bridge opens", "summary": "It links Deutz.", "body": "<p>Done.</p>"}}
    )
    path = f"/articles/{document['id']}"
    assert api.get(f"{path}?lang=en").json["translation"] == {"origin": "human", "stale": False}
    api.request("PUT", path, {"body": "<p>Die Brücke ist doch erst 2027 fertig.</p>"}, role="editor", If_Match="1")
    english = api.get(f"{path}?lang=en").json
    assert (english["title"], english["translation"]) == ("New bridge opens", {"origin": "human", "stale": True})
    api.request(
        "PUT",
        path,
        {"translations": {"en": {"title": "Bridge delayed", "summary": "2027.", "body": "<p>Later.</p>"}}},
        role="editor",
        If_Match="2",
    )
    refreshed = api.get(f"{path}?lang=en").json
    assert (refreshed["title"], refreshed["translation"], refreshed["slug"]) == (
        "Bridge delayed",
        {"origin": "human", "stale": False},
        "new-bridge-opens",
    )


def test_a_metadata_edit_keeps_translations_fresh(api: Api) -> None:
    document = create(
        api, translations={"en": {"title": "New bridge opens", "summary": "It links Deutz.", "body": "<p>Done.</p>"}}
    )
    path = f"/articles/{document['id']}"
    api.request("PUT", path, {"tags": ["bridges"], "author": "Neue Autorin"}, role="editor", If_Match="1")
    english = api.get(f"{path}?lang=en").json
    assert (english["translation"]["stale"], english["tags"], english["author"]) == (False, ["bridges"], "Neue Autorin")


def test_moving_category_and_tags_updates_listings_and_counts(api: Api) -> None:
    document = create(api, tags=["cologne", "bridges"])
    politics, economy = count(api, "politics"), count(api, "economy")
    path = f"/articles/{document['id']}"
    api.request("PUT", path, {"category": "economy", "tags": ["rhine"]}, role="editor", If_Match="1")
    assert (count(api, "politics"), count(api, "economy")) == (politics - 1, economy + 1)
    assert document["id"] not in [item["id"] for item in api.get("/articles?tag=bridges").json["items"]]
    assert [item["id"] for item in api.get("/articles?tag=rhine").json["items"]] == [document["id"]]
    assert api.get("/articles?category=economy&limit=1").json["items"][0]["id"] == document["id"]
    assert document["id"] not in [item["id"] for item in api.get("/articles?category=politics").json["items"]]


def test_an_update_to_an_unknown_category_changes_nothing(api: Api) -> None:
    document = create(api)
    path = f"/articles/{document['id']}"
    response = api.request("PUT", path, {"category": "weather", "title": "Neu"}, role="editor", If_Match="1")
    assert (response.status_code, response.json["error"]["code"]) == (400, "unknown_category")
    assert api.get(path).json == api.get(path).json | {"title": document["title"], "version": 1, "category": "politics"}


def test_unpublish_hides_the_article_but_keeps_its_data(api: Api) -> None:
    document = create(api, tags=["cologne"])
    politics = count(api, "politics")
    path = f"/articles/{document['id']}"
    assert api.request("DELETE", path, role="editor").status_code == 204
    assert api.get(path).status_code == 404
    assert api.get(f"/articles/by-slug/de/{document['slug']}").status_code == 404
    assert document["id"] not in [item["id"] for item in api.get("/articles?tag=cologne").json["items"]]
    assert count(api, "politics") == politics - 1
    assert api.request("DELETE", path, role="editor").status_code == 204  # idempotent
    assert count(api, "politics") == politics - 1
    with api.environment():
        kept = table().get_item(Key={"pk": f"ARTICLE#{document['id']}", "sk": "LANG#de"})["Item"]
    assert kept["title"] == document["title"]
    republished = api.request("PUT", path, {"status": "published"}, role="editor", If_Match="2")
    assert republished.status_code == 200
    assert api.get(path).status_code == 200
    assert count(api, "politics") == politics


def test_unknown_ids_on_editor_routes(api: Api) -> None:
    assert (
        api.request("PUT", "/articles/aaaaaaaaaaaaaaaa", {"title": "x"}, role="editor", If_Match="1").status_code == 404
    )
    assert api.request("DELETE", "/articles/aaaaaaaaaaaaaaaa", role="editor").status_code == 404
    assert api.request("DELETE", "/articles/bad", role="editor").status_code == 400


def test_concurrent_updates_with_the_same_version_let_exactly_one_win(api: Api) -> None:
    document = create(api)
    path = f"/articles/{document['id']}"

    def attempt(number: int) -> int:
        return api.request("PUT", path, {"title": f"Version {number}"}, role="editor", If_Match="1").status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(attempt, range(8)))
    assert sorted(statuses) == [200] + [412] * 7
    assert api.get(path).json["version"] == 2


def test_categories_can_be_created_and_renamed(api: Api) -> None:
    created = api.request("PUT", "/categories/science", {"names": {"de": "Wissenschaft", "tr": "Bilim"}}, role="editor")
    assert created.status_code == 200
    assert {item["id"]: item for item in api.get("/categories?lang=tr").json["items"]}["science"] == {
        "id": "science",
        "name": "Bilim",
        "lang": "tr",
        "article_count": 0,
    }
    english = {item["id"]: item for item in api.get("/categories?lang=en").json["items"]}["science"]
    assert (english["name"], english["lang"]) == ("Wissenschaft", "de")
    create(api, category="science")
    api.request("PUT", "/categories/science", {"names": {"en": "Science"}}, role="editor")
    assert {item["id"]: item for item in api.get("/categories?lang=en").json["items"]}["science"]["article_count"] == 1
    bad = api.request("PUT", "/categories/science", {"names": {"xx": "?"}}, role="editor")
    assert (bad.status_code, bad.json["error"]["code"]) == (400, "unsupported_language")
    assert api.request("PUT", "/categories/Bad%20Id", {"names": {"de": "x"}}, role="editor").status_code == 400
    assert api.request("PUT", "/categories/science", {"names": {}}, role="editor").status_code == 400


def test_hostile_text_is_stored_as_text(api: Api) -> None:
    title = '<b>Fett</b> & "Zitat" \'; DROP TABLE articles; -- 🚀'
    document = create(api, title=title, summary="<script>alert(1)</script> Kurz")
    served = api.get(f"/articles/{document['id']}").json
    assert (served["title"], served["summary"]) == (title, "<script>alert(1)</script> Kurz")
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", served["slug"])
