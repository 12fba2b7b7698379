"""The newsroom's roles against DynamoDB Local: a reporter writes drafts and cannot
publish, a translator changes and approves translations only, an editor does everything,
a moderator none of it. Each refusal is a 403 naming what the role may not touch, and
nothing is written."""

from typing import Any

import pytest

from tests.conftest import Api, new_article

MACHINE_ARTICLE = "demokoprulabs2k6"  # the demo's English article; its Turkish text is machine-made
TRANSLATION = {"title": "Yeni köprü açıldı", "summary": "Köprü Deutz'u bağlıyor.", "body": "<p>Köprü hazır.</p>"}


def send(api: Api, role: str, method: str, path: str, body: Any = None, **headers: str) -> Any:
    return api.request(method, path, body, role=role, **headers)


def refused(reply: Any, field: str | None = None) -> bool:
    assert reply.status_code == 403, reply.json
    assert reply.json["error"]["code"] == "forbidden"
    return field is None or reply.json["error"]["details"][0]["field"] == field


def test_a_reporter_writes_drafts_and_cannot_publish(api: Api) -> None:
    assert refused(send(api, "reporter", "POST", "/articles", new_article()), "status")
    assert refused(send(api, "reporter", "POST", "/articles", new_article(status="published")), "status")
    draft = send(api, "reporter", "POST", "/articles", new_article(status="draft")).json
    assert draft["status"] == "draft"
    path = f"/articles/{draft['id']}"
    edited = send(api, "reporter", "PUT", path, {"title": "Neuer Titel"}, if_match='"v1"')
    assert edited.status_code == 200 and edited.json["title"] == "Neuer Titel"
    translated = send(api, "reporter", "PUT", path, {"translations": {"tr": TRANSLATION}}, if_match='"v2"')
    assert translated.status_code == 200
    assert refused(send(api, "reporter", "PUT", path, {"status": "published"}, if_match='"v3"'), "status")
    assert send(api, "editor", "GET", f"/newsroom/articles/{draft['id']}").json["status"] == "draft"  # unchanged
    assert send(api, "reporter", "POST", f"{path}/preview").status_code == 201
    assert send(api, "reporter", "GET", f"{path}/revisions").status_code == 200
    published = send(api, "editor", "PUT", path, {"status": "published"}, if_match='"v3"')
    assert published.status_code == 200
    assert refused(send(api, "reporter", "PUT", path, {"title": "Später"}, if_match='"v4"'), "status")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("DELETE", f"/articles/{MACHINE_ARTICLE}", None),
        ("PUT", "/categories/science", {"names": {"de": "Wissenschaft"}}),
        ("PUT", "/authors/someone", {"name": "Someone"}),
        ("PUT", "/tags/something", {"names": {"de": "Etwas"}}),
        ("PUT", "/glossary", {"protected": [], "terms": {}}),
        ("POST", f"/articles/{MACHINE_ARTICLE}/corrections", {"lang": "en", "text": "A correction."}),
        ("POST", f"/articles/{MACHINE_ARTICLE}/revisions/1/restore", None),
        ("DELETE", "/media/aaaaaaaaaaaaaaaa", None),
    ],
)
def test_what_only_an_editor_does(api: Api, method: str, path: str, body: Any) -> None:
    for role in ("reporter", "translator", "moderator"):
        reply = send(api, role, method, path, body, if_match='"v1"')
        assert reply.status_code == 403, (role, reply.json)
        assert "'editor'" in reply.json["error"]["details"][0]["message"]


def test_a_translator_changes_and_approves_translations_only(api: Api) -> None:
    assert send(api, "translator", "POST", "/articles", new_article(status="draft")).status_code == 403
    article = send(api, "editor", "POST", "/articles", new_article()).json
    path = f"/articles/{article['id']}"
    changed = send(api, "translator", "PUT", path, {"translations": {"tr": TRANSLATION}}, if_match='"v1"')
    assert changed.status_code == 200 and changed.json["review"]["tr"] == "human"
    both = {"title": "Anders", "translations": {"en": {**TRANSLATION, "title": "New bridge"}}}
    assert refused(send(api, "translator", "PUT", path, both, if_match='"v2"'), "title")
    assert send(api, "editor", "GET", f"{path}").json["version"] == 2  # nothing written
    by_route = send(api, "translator", "PUT", f"{path}/translations/en", {**TRANSLATION, "title": "New bridge"})
    assert by_route.status_code == 200
    version = send(api, "editor", "GET", f"/newsroom/articles/{MACHINE_ARTICLE}").json["version"]
    approve = f"/articles/{MACHINE_ARTICLE}/translations/tr/approve"
    approved = send(api, "translator", "POST", approve, if_match=f'"v{version}"')
    assert approved.status_code == 200 and approved.json["review"]["tr"] == "reviewed"
    assert refused(send(api, "reporter", "POST", approve, if_match=f'"v{version + 1}"'))


def test_roles_add_up_and_a_moderator_writes_no_article(api: Api) -> None:
    both = send(api, "reporter,translator", "POST", "/articles", new_article(status="draft"))
    assert both.status_code == 201
    assert send(api, "moderator", "POST", "/articles", new_article(status="draft")).status_code == 403
    assert send(api, "moderator", "GET", "/newsroom/articles").status_code == 403
    assert send(api, "reporter", "GET", "/newsroom/articles").status_code == 200
    upload = {"filename": "foto.jpg", "content_type": "image/jpeg", "size": 1000}
    assert send(api, "reporter", "POST", "/media", upload).status_code == 201
