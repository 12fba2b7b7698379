"""The newsroom's side of the API against DynamoDB Local: drafts, status moves, the
newsroom's list, review states and approval, revisions (list, read, diff, restore)."""

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from devstack.streams import StreamPoller
from haber.platform import clock
from haber.platform.db import table
from tests.conftest import Api, new_article
from tests.integration.helpers import dynamodb_calls

MACHINE_ARTICLE = "demokoprulabs2k6"  # the demo's English article; its Turkish text is machine-made


def create(api: Api, **changes: Any) -> dict:
    response = api.request("POST", "/articles", new_article(**changes), role="editor")
    assert response.status_code == 201, response.json
    return response.json


def put(api: Api, article: dict, version: int, **changes: Any) -> Any:
    return api.request("PUT", f"/articles/{article['id']}", changes, role="editor", if_match=f'"v{version}"')


def newsroom(api: Api, query: str = "") -> list[dict]:
    response = api.request("GET", f"/newsroom/articles?limit=50&{query}", role="editor")
    assert response.status_code == 200, response.json
    return response.json["items"]


def future(days: int = 2) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


def test_a_draft_is_invisible_wherever_readers_look(api: Api) -> None:
    draft = create(api, status="draft", title="Geheimer Entwurf über die Oper")
    assert draft["status"] == "draft"
    article_id, slug = draft["id"], draft["slug"]
    assert api.get(f"/articles/{article_id}").status_code == 404
    assert api.get(f"/articles/by-slug/de/{slug}").status_code == 404
    assert api.get(f"/articles/{article_id}/related").status_code == 404
    assert article_id not in {item["id"] for item in api.get("/articles?limit=50").json["items"]}
    assert article_id not in {item["id"] for item in api.get("/articles?tag=cologne&limit=50").json["items"]}
    assert article_id not in {item["id"] for item in api.get("/articles?category=politics&limit=50").json["items"]}
    assert api.get(f"/de/{slug}").status_code == 404
    home = api.get("/de/").data.decode()
    section = re.search(r'href="(/de/kategorie/[^"]+)"', home)
    assert section
    for path in ("/de/rss.xml", "/sitemap.xml", "/de/", section.group(1), section.group(1) + "/rss.xml"):
        page = api.get(path)
        assert page.status_code == 200, path
        assert slug.encode() not in page.data and b"Geheimer Entwurf" not in page.data, path
    assert api.get(f"/articles/{article_id}/comments").status_code == 404
    assert api.get(f"/articles/{article_id}/stats").json.get("views", 0) == 0
    # Editors see it, in the newsroom
    assert api.request("GET", f"/newsroom/articles/{article_id}", role="editor").json["status"] == "draft"


def test_a_draft_is_not_counted_in_its_category(api: Api) -> None:
    def count() -> int:
        return next(item["article_count"] for item in api.get("/categories").json["items"] if item["id"] == "politics")

    before = count()
    draft = create(api, status="draft")
    assert count() == before
    assert put(api, draft, 1, status="published").status_code == 200
    assert count() == before + 1


def test_a_draft_claims_no_slug_until_it_is_published(api: Api) -> None:
    first = create(api, status="draft", title="Gleicher Titel im Entwurf")
    second = create(api, status="draft", title="Gleicher Titel im Entwurf")
    assert first["slug"] == second["slug"] == "gleicher-titel-im-entwurf"
    with api.environment():
        assert "Item" not in table().get_item(Key={"pk": "SLUG#de#gleicher-titel-im-entwurf", "sk": "SLUG"})
    retitled = put(api, first, 1, title="Ein neuer Titel für den Entwurf").json
    assert retitled["slug"] == "ein-neuer-titel-fuer-den-entwurf"  # a draft's slug follows its title
    published = put(api, second, 1, status="published").json
    assert published["status"] == "published"
    assert api.get(f"/articles/by-slug/de/{published['slug']}").json["id"] == second["id"]
    kept = put(api, published, 2, title="Und nun ein anderer Titel").json
    assert kept["slug"] == published["slug"]  # once published, a slug stays


def test_publishing_a_draft_publishes_it_now_and_claims_every_language(api: Api) -> None:
    turkish = {"title": "Taslak köprü haberi", "summary": "Özet.", "body": "<p>Metin.</p>"}
    draft = create(api, status="draft", translations={"tr": turkish})
    published = put(api, draft, 1, status="published", published_at="2026-01-01T08:00:00+00:00").json
    assert published["published_at"] == "2026-01-01T08:00:00Z"  # a time given with the publishing is kept
    other = create(
        api, status="draft", title="Später veröffentlicht", translations={"tr": turkish | {"title": "Sonra"}}
    )
    before = datetime.now(UTC).isoformat()
    now_published = put(api, other, 1, status="published").json
    assert now_published["published_at"] >= before[:19]  # drafted earlier, published now
    assert api.get("/articles/by-slug/tr/sonra").json["id"] == other["id"]


@pytest.mark.parametrize(
    ("first", "then", "code", "expected"),
    [
        ("published", "draft", 409, "invalid_transition"),
        ("draft", "unpublished", 409, "invalid_transition"),
        ("draft", "scheduled", 400, "not_in_future"),
        ("published", "archived", 400, "validation_error"),
    ],
)
def test_status_moves_that_are_refused(api: Api, first: str, then: str, code: int, expected: str) -> None:
    article = create(api, status=first)
    response = put(api, article, 1, status=then)
    assert response.status_code == code, response.json
    assert response.json["error"]["code"] == expected
    assert "status" in str(response.json["error"].get("details")) or then == "scheduled"
    assert (
        api.request("GET", f"/newsroom/articles/{article['id']}", role="editor").json["version"] == 1
    )  # nothing written


def test_scheduling_and_the_status_editors_see(api: Api) -> None:
    article = create(api, status="draft")
    scheduled = put(api, article, 1, status="scheduled", published_at=future()).json
    assert scheduled["status"] == "scheduled"
    assert api.get(f"/articles/{article['id']}").status_code == 404
    statuses = {item["id"]: item["status"] for item in newsroom(api)}
    assert statuses[article["id"]] == "scheduled"
    assert article["id"] in {item["id"] for item in newsroom(api, "status=scheduled")}
    assert article["id"] not in {item["id"] for item in newsroom(api, "status=published")}
    unpublished = put(api, scheduled, 2, status="unpublished").json
    assert unpublished["status"] == "unpublished"


def test_the_newsroom_list_is_every_state_last_changed_first_in_one_request(api: Api) -> None:
    draft = create(api, status="draft", title="Entwurf für die Liste")
    live = create(api)
    gone = create(api)
    assert api.request("DELETE", f"/articles/{gone['id']}", role="editor").status_code == 204
    with dynamodb_calls(api) as calls:
        items = newsroom(api)
    assert calls == ["Query"]
    ids = [item["id"] for item in items]
    assert set(ids[:3]) == {gone["id"], live["id"], draft["id"]}
    changed = [item["updated_at"] for item in items]
    assert changed == sorted(changed, reverse=True)
    entry = items[ids.index(draft["id"])]
    assert entry["status"] == "draft"
    assert entry["languages"]["de"] == {"state": "source", "title": "Entwurf für die Liste", "slug": draft["slug"]}
    assert {item["id"] for item in newsroom(api, "status=draft")} >= {draft["id"]}
    assert gone["id"] in {item["id"] for item in newsroom(api, "status=unpublished")}
    assert draft["id"] not in {item["id"] for item in newsroom(api, "status=unpublished")}
    assert {item["source_lang"] for item in newsroom(api, "lang=tr")} == {"tr"}
    assert {item["category"] for item in newsroom(api, "category=economy")} == {"economy"}
    assert {item["author"] for item in newsroom(api, "author=Test%20Redaktion")} == {"Test Redaktion"}


def test_the_newsroom_list_pages_with_a_signed_cursor(api: Api) -> None:
    for _ in range(3):
        create(api, status="draft")
    first = api.request("GET", "/newsroom/articles?limit=2", role="editor").json
    second = api.request("GET", f"/newsroom/articles?limit=2&cursor={first['next_cursor']}", role="editor").json
    assert len(first["items"]) == 2 and second["items"]
    assert not {item["id"] for item in first["items"]} & {item["id"] for item in second["items"]}
    tampered = first["next_cursor"][:-2] + ("A" if first["next_cursor"][-2] != "A" else "B") + first["next_cursor"][-1]
    assert api.request("GET", f"/newsroom/articles?cursor={tampered}", role="editor").status_code == 400
    other_query = api.request("GET", f"/newsroom/articles?status=draft&cursor={first['next_cursor']}", role="editor")
    assert other_query.status_code == 400


@pytest.mark.parametrize(
    "query",
    ["status=archived", "lang=fr", "lang=xx", "category=Not%20A%20Slug", "limit=0", "limit=51", "author=" + "a" * 121],
)
def test_the_newsroom_list_refuses_bad_filters(api: Api, query: str) -> None:
    response = api.request("GET", f"/newsroom/articles?{query}", role="editor")
    assert response.status_code == 400, (query, response.json)
    assert response.json["error"]["details"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/newsroom/articles"),
        ("GET", f"/newsroom/articles/{MACHINE_ARTICLE}"),
        ("GET", f"/articles/{MACHINE_ARTICLE}/revisions"),
        ("GET", f"/articles/{MACHINE_ARTICLE}/revisions/1"),
        ("GET", f"/articles/{MACHINE_ARTICLE}/revisions/2/diff?against=1"),
        ("POST", f"/articles/{MACHINE_ARTICLE}/revisions/1/restore"),
        ("POST", f"/articles/{MACHINE_ARTICLE}/translations/tr/approve"),
    ],
)
def test_newsroom_routes_need_an_editor(api: Api, method: str, path: str) -> None:
    assert api.request(method, path).status_code == 401
    assert api.request(method, path, role="moderator").status_code == 403


def test_review_states_and_approval(api: Api) -> None:
    document = api.get(f"/articles/{MACHINE_ARTICLE}?lang=tr").json
    assert document["review"] == {"de": "human", "en": "source", "tr": "machine"}
    listed = next(item for item in newsroom(api) if item["id"] == MACHINE_ARTICLE)
    assert {lang: state["state"] for lang, state in listed["languages"].items()} == document["review"]
    version = document["version"]
    path = f"/articles/{MACHINE_ARTICLE}/translations/tr/approve"
    assert api.request("POST", path, role="editor").status_code == 428
    assert api.request("POST", path, role="editor", if_match=f'"v{version + 5}"').status_code == 412
    approved = api.request("POST", path, role="editor", if_match=f'"v{version}"')
    assert approved.status_code == 200, approved.json
    assert approved.json["review"]["tr"] == "reviewed"
    assert approved.json["version"] == version + 1
    again = api.request("POST", path, role="editor", if_match=f'"v{version + 1}"')
    assert (again.status_code, again.json["version"]) == (200, version + 1)  # nothing written the second time
    human = api.request(
        "POST", f"/articles/{MACHINE_ARTICLE}/translations/de/approve", role="editor", if_match=f'"v{version + 1}"'
    )
    assert (human.status_code, human.json["error"]["code"]) == (409, "not_machine_translation")
    assert human.json["error"]["details"][0]["field"] == "lang"
    unknown = api.request(
        "POST", f"/articles/{MACHINE_ARTICLE}/translations/fr/approve", role="editor", if_match='"v1"'
    )
    assert unknown.status_code == 400
    # The source changes: the reviewed text is outdated until the worker translates it again
    changed = api.request(
        "PUT",
        f"/articles/{MACHINE_ARTICLE}",
        {"title": "A new English title"},
        role="editor",
        if_match=f'"v{version + 1}"',
    )
    assert changed.json["review"]["tr"] == "outdated"
    outdated = api.request("POST", path, role="editor", if_match=f'"v{version + 2}"')
    assert outdated.status_code == 409


def review_filter_agrees_with_the_list(api: Api) -> set[str]:
    """Each review filter finds exactly the articles the list itself shows in that state;
    the states seen."""
    items = newsroom(api)
    seen = set()
    for state in ("machine", "reviewed", "human", "outdated"):
        for lang in (None, "de", "tr", "en"):
            query = f"review={state}" + (f"&review_lang={lang}" if lang else "")
            wanted = {
                item["id"]
                for item in items
                if any(entry["state"] == state for code, entry in item["languages"].items() if lang in (None, code))
            }
            assert {item["id"] for item in newsroom(api, query)} == wanted, query
            seen |= {state} if wanted else set()
    return seen


def test_the_newsroom_list_finds_articles_by_a_language_s_review_state(api: Api) -> None:
    assert review_filter_agrees_with_the_list(api) >= {"machine", "human"}
    version = api.get(f"/articles/{MACHINE_ARTICLE}").json["version"]
    path = f"/articles/{MACHINE_ARTICLE}/translations/tr/approve"
    assert api.request("POST", path, role="editor", if_match=f'"v{version}"').status_code == 200
    assert MACHINE_ARTICLE in {item["id"] for item in newsroom(api, "review=reviewed&review_lang=tr")}
    assert review_filter_agrees_with_the_list(api) >= {"reviewed", "human"}
    changed = put(api, {"id": MACHINE_ARTICLE}, version + 1, title="A new English title")
    assert changed.status_code == 200, changed.json
    assert MACHINE_ARTICLE in {item["id"] for item in newsroom(api, "review=outdated&review_lang=tr")}
    assert review_filter_agrees_with_the_list(api) >= {"outdated", "human"}
    first = api.request("GET", "/newsroom/articles?limit=1&review=human", role="editor").json
    cursor = first["next_cursor"]
    other = api.request("GET", f"/newsroom/articles?limit=1&review=machine&cursor={cursor}", role="editor")
    assert other.status_code == 400  # a cursor is for its own filter


@pytest.mark.parametrize(
    ("query", "code", "field"),
    [
        ("review=source", "validation_error", "query.review"),
        ("review=pending", "validation_error", "query.review"),
        ("review_lang=fr&review=human", "unsupported_language", "review_lang"),
        ("review_lang=x", "unsupported_language", "review_lang"),
    ],
)
def test_the_review_filter_refuses_what_it_does_not_know(api: Api, query: str, code: str, field: str) -> None:
    response = api.request("GET", f"/newsroom/articles?{query}", role="editor", accept_language="en")
    assert response.status_code == 400, (query, response.json)
    error = response.json["error"]
    assert (error["code"], error["details"][0]["field"]) == (code, field)
    invalid = "Please check your input." if code == "validation_error" else "This language is not available."
    assert error["message"] == invalid  # in the reader's language


def test_every_write_is_a_revision_with_who_what_and_when(api: Api) -> None:
    token = {"Authorization": f"Bearer {api.issuer.token('editor', subject='ayse', name='Ayşe Yılmaz')}"}
    created = api.request("POST", "/articles", new_article(status="draft"), **token).json
    article_id = created["id"]
    put(api, created, 1, body="<p>Die neue Brücke ist <em>endlich</em> fertig.</p>")
    put(api, created, 2, category="economy", tags=["cologne", "bridges"])
    put(api, created, 3, translations={"en": {"title": "New bridge", "summary": "It opened.", "body": "<p>Done.</p>"}})
    put(api, created, 4, status="published")
    put(api, created, 5, status="unpublished")
    with dynamodb_calls(api) as calls:
        listed = api.request("GET", f"/articles/{article_id}/revisions", role="editor").json
    assert calls == ["Query"]
    entries = listed["items"]
    assert [entry["revision"] for entry in entries] == [6, 5, 4, 3, 2, 1]
    assert [entry["action"] for entry in entries] == [
        "unpublish",
        "publish",
        "translation",
        "update",
        "update",
        "create",
    ]
    assert (entries[-1]["by"], entries[-1]["by_name"]) == ("ayse", "Ayşe Yılmaz")
    assert entries[0]["by"] == "local-user" and "by_name" not in entries[0]
    assert entries[-2]["fields"] == ["body"] and entries[-2]["langs"] == ["de"]
    assert entries[-3]["fields"] == ["category", "tags"] and entries[-3]["langs"] == []
    assert entries[-4]["langs"] == ["en"]
    assert all(entry["at"] for entry in entries)
    first = api.request("GET", f"/articles/{article_id}/revisions/1", role="editor").json
    assert first["article"]["meta"]["status"] == "draft"
    assert first["article"]["texts"]["de"]["body"].startswith("<p>Die neue <strong>Fußgängerbrücke</strong>")
    assert set(first["article"]["texts"]) == {"de"}
    # the read path stays one request: revisions live apart
    with dynamodb_calls(api) as calls:
        api.request("GET", f"/newsroom/articles/{article_id}", role="editor")
    assert calls == ["Query"]


def test_revisions_page_with_a_cursor_and_refuse_what_does_not_exist(api: Api) -> None:
    created = create(api)
    for version in range(1, 4):
        put(api, created, version, summary=f"Zusammenfassung {version}")
    first = api.request("GET", f"/articles/{created['id']}/revisions?limit=3", role="editor").json
    rest = api.request(
        "GET", f"/articles/{created['id']}/revisions?limit=3&cursor={first['next_cursor']}", role="editor"
    )
    assert [entry["revision"] for entry in first["items"] + rest.json["items"]] == [4, 3, 2, 1]
    missing = api.request("GET", f"/articles/{created['id']}/revisions/9", role="editor")
    assert (missing.status_code, missing.json["error"]["code"]) == (404, "revision_not_found")
    assert api.request("GET", "/articles/aaaaaaaaaaaaaaaa/revisions", role="editor").status_code == 404
    assert api.request("GET", "/articles/not-an-id/revisions", role="editor").status_code == 400
    for bad in ("0", "-1", "x", "1.5"):
        assert api.request("GET", f"/articles/{created['id']}/revisions/{bad}", role="editor").status_code == 400, bad
    diff = api.request("GET", f"/articles/{created['id']}/revisions/2/diff?against=9", role="editor")
    assert diff.status_code == 404
    assert api.request("GET", f"/articles/{created['id']}/revisions/2/diff", role="editor").status_code == 400


def test_a_diff_is_word_by_word_and_markup_is_not_words(api: Api) -> None:
    created = create(api, body="<p>Die Brücke kostete 40 Millionen Euro.</p><p>Sie ist fertig.</p>")
    put(api, created, 1, body="<p>Die Brücke kostete <strong>45</strong> Millionen Euro.</p><p>Sie ist fertig.</p>")
    put(api, created, 2, category="economy")
    diff = api.request("GET", f"/articles/{created['id']}/revisions/3/diff?against=1", role="editor").json
    assert diff["langs"] == {
        "de": {
            "body": [
                {"op": "equal", "text": "Die Brücke kostete"},
                {"op": "delete", "text": "40"},
                {"op": "insert", "text": "45"},
                {"op": "equal", "text": "Millionen Euro. Sie ist fertig."},
            ]
        }
    }
    assert diff["fields"] == {"category": {"from": "politics", "to": "economy"}}
    only_markup = put(
        api, created, 3, body="<p>Die Brücke kostete <em>45</em> Millionen Euro.</p><p>Sie ist fertig.</p>"
    )
    assert only_markup.status_code == 200
    none = api.request("GET", f"/articles/{created['id']}/revisions/4/diff?against=3", role="editor").json
    assert none["langs"] == {}


def test_restore_brings_back_an_earlier_revision_as_a_new_one(api: Api) -> None:
    created = create(api, title="Erster Titel der Brücke")
    put(api, created, 1, title="Zweiter Titel der Brücke", body="<p>Ganz anderer Text.</p>", tags=["bridges"])
    path = f"/articles/{created['id']}/revisions/1/restore"
    assert api.request("POST", path, role="editor").status_code == 428
    assert api.request("POST", path, role="editor", if_match='"v1"').status_code == 412
    restored = api.request("POST", path, role="editor", if_match='"v2"')
    assert restored.status_code == 200, restored.json
    document = restored.json
    assert (document["title"], document["tags"], document["version"]) == ("Erster Titel der Brücke", ["cologne"], 3)
    assert document["body"].startswith("<p>Die neue <strong>Fußgängerbrücke</strong>")
    assert document["slug"] == created["slug"]  # the published slug stays
    entries = api.request("GET", f"/articles/{created['id']}/revisions", role="editor").json["items"]
    assert [(entry["revision"], entry["action"]) for entry in entries] == [(3, "restore"), (2, "update"), (1, "create")]
    assert api.get(f"/articles/{created['id']}").json["title"] == "Erster Titel der Brücke"
    missing = api.request("POST", f"/articles/{created['id']}/revisions/7/restore", role="editor", if_match='"v3"')
    assert (missing.status_code, missing.json["error"]["code"]) == (404, "revision_not_found")


def test_machine_translations_and_editors_both_land_in_the_revisions(
    fake: Any, with_google: Callable[..., Api]
) -> None:
    api = with_google()
    poller = StreamPoller(api.runtime)
    poller.drain()
    created = create(api, status="draft")
    poller.drain()  # the worker translates the draft, claiming no slug
    entries = api.request("GET", f"/articles/{created['id']}/revisions", role="editor").json["items"]
    machine = [entry for entry in entries if entry["action"] == "machine"]
    assert sorted(entry["langs"][0] for entry in machine) == ["en", "tr"]
    assert all(entry["by"] == "machine:google" for entry in machine)
    draft = api.request("GET", f"/newsroom/articles/{created['id']}?lang=en", role="editor").json
    assert draft["review"] == {"de": "source", "en": "machine", "tr": "machine"}
    with api.environment():
        assert "Item" not in table().get_item(Key={"pk": f"SLUG#en#{draft['slug']}", "sk": "SLUG"})
    # an editor's save after the machine's writes is not refused: it reads the revision again
    published = put(api, created, 1, status="published")
    assert published.status_code == 200, published.json
    assert api.get(f"/articles/by-slug/en/{draft['slug']}").json["id"] == created["id"]
    numbers = [
        entry["revision"]
        for entry in api.request("GET", f"/articles/{created['id']}/revisions", role="editor").json["items"]
    ]
    assert numbers == list(range(len(numbers), 0, -1))


def preview_links(api: Api, article_id: str) -> dict:
    response = api.request("POST", f"/articles/{article_id}/preview", role="editor")
    assert response.status_code == 201, response.json
    return response.json


def local(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_a_preview_link_shows_a_draft_to_anyone_holding_it_and_nothing_else(api: Api) -> None:
    draft = create(api, status="draft", title="Vorschau eines Entwurfs")
    links = preview_links(api, draft["id"])
    assert set(links["urls"]) == {"de", "tr", "en"}
    expires = datetime.fromisoformat(links["expires_at"])
    assert timedelta(hours=23) < expires - datetime.now(UTC) <= timedelta(hours=24)
    page = api.get(local(links["urls"]["de"]))
    assert page.status_code == 200
    html = page.data.decode()
    assert "Vorschau eines Entwurfs" in html
    assert 'class="preview-banner"' in html and "Vorschau (Entwurf)" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert (page.headers["Cache-Control"], page.headers["X-Robots-Tag"]) == ("private, no-store", "noindex")
    assert "haber-page" not in html  # no script: a preview counts no view
    assert "Önizleme (taslak)" in api.get(local(links["urls"]["tr"])).data.decode()
    # the draft itself stays hidden
    assert api.get(f"/de/{draft['slug']}").status_code == 404


def test_a_tampered_expired_or_foreign_preview_link_is_a_404(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    draft = create(api, status="draft")
    other = create(api, status="draft")
    url = local(preview_links(api, draft["id"])["urls"]["de"])
    path, query = url.split("?")
    params = dict(part.split("=") for part in query.split("&"))
    signature, expires = params["signature"], params["expires"]
    flipped = ("0" if signature[0] != "0" else "1") + signature[1:]
    refused = [
        f"{path}?expires={expires}&signature={flipped}",
        f"{path}?expires={int(expires) + 60}&signature={signature}",
        f"{path}?expires={expires}",
        path,
        f"{path}?expires=abc&signature={signature}",
        f"/de/preview/{other['id']}?expires={expires}&signature={signature}",
        f"/de/preview/not-an-id?expires={expires}&signature={signature}",
    ]
    for attempt in refused:
        assert api.get(attempt).status_code == 404, attempt
    later = clock.epoch_seconds() + 25 * 3600
    monkeypatch.setattr(clock, "epoch_seconds", lambda: later)
    assert api.get(url).status_code == 404  # expired
    assert api.request("POST", "/articles/aaaaaaaaaaaaaaaa/preview", role="editor").status_code == 404


def test_with_machine_translations_held_back_a_language_goes_live_once_approved(make_api: Callable[..., Api]) -> None:
    api = make_api(MachineTranslationsLive="false")
    turkish = api.get(f"/articles/{MACHINE_ARTICLE}?lang=tr").json
    assert (turkish["lang"], turkish["requested_lang"]) == ("en", "tr")  # the source, with the fallback flag
    assert turkish["review"]["tr"] == "machine"
    assert {alternate["lang"] for alternate in turkish["alternates"]} == {"de", "en"}
    current = api.request("GET", f"/newsroom/articles/{MACHINE_ARTICLE}", role="editor").json
    tr_slug = next(item for item in newsroom(api) if item["id"] == MACHINE_ARTICLE)["languages"]["tr"]["slug"]
    sitemap = api.get("/sitemap.xml").data.decode()
    assert tr_slug not in sitemap and f"/tr/{tr_slug}" not in api.get("/news-sitemap.xml").data.decode()
    listed = next(item for item in api.get("/articles?lang=tr&limit=50").json["items"] if item["id"] == MACHINE_ARTICLE)
    assert listed["lang"] == "en"
    page = api.get(f"/en/{turkish['slug']}").data.decode()
    assert 'hreflang="tr"' not in page
    approved = api.request(
        "POST",
        f"/articles/{MACHINE_ARTICLE}/translations/tr/approve",
        role="editor",
        if_match=f'"v{current["version"]}"',
    )
    assert approved.status_code == 200
    live = api.get(f"/articles/{MACHINE_ARTICLE}?lang=tr").json
    assert (live["lang"], live["review"]["tr"]) == ("tr", "reviewed")
    assert f"/tr/{tr_slug}" in api.get("/sitemap.xml").data.decode()
    assert 'hreflang="tr"' in api.get(f"/en/{turkish['slug']}").data.decode()


def test_by_default_machine_translations_are_live(api: Api) -> None:
    turkish = api.get(f"/articles/{MACHINE_ARTICLE}?lang=tr").json
    assert (turkish["lang"], turkish["translation"]["origin"], turkish["review"]["tr"]) == ("tr", "machine", "machine")


def test_a_correction_is_shown_in_every_language_and_never_lost(fake: Any, with_google: Callable[..., Api]) -> None:
    api = with_google()
    poller = StreamPoller(api.runtime)
    poller.drain()
    article = create(api)
    poller.drain()
    before = api.get(f"/articles/{article['id']}?lang=de").json
    token = {"Authorization": f"Bearer {api.issuer.token('editor', subject='chef', name='Chefin vom Dienst')}"}
    text = "In einer früheren Fassung hieß es, die Brücke koste 50 Millionen Euro; es sind 40 Millionen."
    response = api.request("POST", f"/articles/{article['id']}/corrections", {"lang": "de", "text": text}, **token)
    assert response.status_code == 201, response.json
    corrected = response.json
    assert corrected["corrections"] == [{"text": text, "at": corrected["updated_at"], "lang": "de", "origin": "source"}]
    assert corrected["updated_at"] > before["updated_at"]  # dateModified moves on
    poller.drain()  # the worker translates it
    for lang in ("tr", "en"):
        served = api.get(f"/articles/{article['id']}?lang={lang}").json
        assert served["corrections"][0]["lang"] == lang and served["corrections"][0]["origin"] == "machine"
        page = api.get(f"/{lang}/{served['slug']}").data.decode()
        assert 'class="corrections"' in page and served["corrections"][0]["text"].replace("'", "&#39;") in page
        found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        assert found
        ld = json.loads(found.group(1))
        assert ld["correction"][0]["@type"] == "CorrectionComment"
        assert ld["correction"][0]["datePublished"] == corrected["updated_at"]
        assert ld["dateModified"] == corrected["updated_at"]
    german = api.get(f"/de/{before['slug']}").data.decode()
    assert "<strong>Korrektur</strong>" in german and text in german
    second = api.request(
        "POST", f"/articles/{article['id']}/corrections", {"lang": "de", "text": "Noch eine."}, **token
    )
    assert [c["text"] for c in second.json["corrections"]] == [text, "Noch eine."]
    entries = api.request("GET", f"/articles/{article['id']}/revisions", role="editor").json["items"]
    assert entries[0]["action"] == "correction" and entries[0]["fields"] == ["corrections"]
    assert entries[0]["by_name"] == "Chefin vom Dienst"
    # reading it is still one request, corrections and all
    with dynamodb_calls(api) as calls:
        api.get(f"/articles/{article['id']}?lang=tr")
    assert calls == ["Query"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"lang": "de", "text": ""}, "text"),
        ({"lang": "de", "text": "   "}, "text"),
        ({"lang": "de", "text": "x" * 1001}, "text"),
        ({"lang": "fr", "text": "Une correction."}, "lang"),
        ({"lang": "de"}, "text"),
        ({"lang": "de", "text": "Fehler.", "extra": 1}, "extra"),
        ({"lang": "de", "text": 42}, "text"),
    ],
)
def test_a_correction_that_cannot_be_taken(api: Api, body: dict, field: str) -> None:
    article = create(api)
    response = api.request("POST", f"/articles/{article['id']}/corrections", body, role="editor")
    assert response.status_code == 400, response.json
    assert field in json.dumps(response.json["error"]["details"])
    assert api.get(f"/articles/{article['id']}").json["corrections"] == []  # nothing written


def test_a_correction_needs_an_editor_and_an_article(api: Api) -> None:
    body = {"lang": "de", "text": "Fehler."}
    assert api.request("POST", f"/articles/{MACHINE_ARTICLE}/corrections", body).status_code == 401
    assert api.request("POST", f"/articles/{MACHINE_ARTICLE}/corrections", body, role="moderator").status_code == 403
    assert api.request("POST", "/articles/aaaaaaaaaaaaaaaa/corrections", body, role="editor").status_code == 404


def test_articles_from_before_the_newsroom_index_join_it_once(api: Api) -> None:
    """A stack updated from before the newsroom: its articles lack the index's keys until
    `make newsroom-index` gives them their place (by their last change), once."""
    from haber import articles  # noqa: PLC0415 - the command's own entry point

    old = ["demokeupkargo2ks", MACHINE_ARTICLE]
    with api.environment():
        for article_id in old:
            table().update_item(
                Key={"pk": f"ARTICLE#{article_id}", "sk": "META"}, UpdateExpression="REMOVE gsi3pk, gsi3sk"
            )
    assert not {item["id"] for item in newsroom(api)} & set(old)
    with api.environment():
        assert articles.newsroom.backfill() == 2
        assert articles.newsroom.backfill() == 0
    listed = newsroom(api)
    assert set(old) <= {item["id"] for item in listed}
    changed = [item["updated_at"] for item in listed]
    assert changed == sorted(changed, reverse=True)
    assert [item["id"] for item in newsroom(api, "q=keupstrasse")] == ["demokeupkargo2ks"]


def test_the_newsroom_finds_articles_in_any_state_by_their_words(api: Api) -> None:
    found = create(api, status="draft", title="Die Kölner Straße bekommt Bäume", author="Ayşe Yılmaz", tags=["baum"])
    other = create(api, status="draft", title="Ein ganz anderes Thema")
    ids = [found["id"], other["id"]]

    def matching(query: str) -> list[str]:
        return [item["id"] for item in newsroom(api, f"q={query}") if item["id"] in ids]

    for query in ("koln", "KÖLNER", "strasse", "straße", "ayse%20yilmaz", "baume", "koln%20baum"):
        assert matching(query) == [found["id"]], query
    assert matching("koln%20zebra") == []
    assert matching("thema") == [other["id"]]
    # a machine translation's title is found too, and a Turkish İ without its dot
    turkish = api.request("GET", f"/newsroom/articles/{MACHINE_ARTICLE}?lang=tr", role="editor").json["title"]
    word = turkish.split()[0].strip(".,:;'\"")
    listed = newsroom(api, f"q={word.upper()}")
    assert MACHINE_ARTICLE in [item["id"] for item in listed], word
    too_many = api.request("GET", "/newsroom/articles?q=" + "%20".join(f"w{n}" for n in range(11)), role="editor")
    assert too_many.status_code == 400 and too_many.json["error"]["code"] == "invalid_query"
    assert too_many.json["error"]["details"][0]["field"] == "q"
    too_long = api.request("GET", "/newsroom/articles?q=" + "a" * 201, role="editor")
    assert too_long.status_code == 400 and too_long.json["error"]["code"] == "validation_error"
    assert "q" in str(too_long.json["error"]["details"])


def test_a_correction_waits_for_a_language_whose_provider_is_down(fake: Any, with_google: Callable[..., Api]) -> None:
    """Turkish fails: English is translated at once, and Turkish when the stream retries
    once the provider answers again; the correction itself is never in doubt."""
    api = with_google()
    poller = StreamPoller(api.runtime)
    poller.drain()
    article = create(api)
    poller.drain()
    fake[0].failing_targets.add("tr")
    text = "Die Brücke ist 300, nicht 200 Meter lang."
    assert (
        api.request(
            "POST", f"/articles/{article['id']}/corrections", {"lang": "de", "text": text}, role="editor"
        ).status_code
        == 201
    )
    poller.drain()
    english = api.get(f"/articles/{article['id']}?lang=en").json["corrections"][0]
    turkish = api.get(f"/articles/{article['id']}?lang=tr").json["corrections"][0]
    assert (english["lang"], english["origin"]) == ("en", "machine")
    assert (turkish["lang"], turkish["text"]) == ("de", text)  # the German text until Turkish arrives
    assert poller.dead_letters  # the record failed every retry while Turkish could not be had
    fake[0].failing_targets.clear()
    replay = {"Records": poller.dead_letters}
    assert api.runtime.invoke("TranslationWorkerFunction", replay) == {"batchItemFailures": []}
    turkish = api.get(f"/articles/{article['id']}?lang=tr").json["corrections"][0]
    assert (turkish["lang"], turkish["origin"]) == ("tr", "machine")
