"""The third audit's findings on the newsroom's surfaces, each through the local gateway
against DynamoDB Local: images of published articles changed only by who may change the
articles (and recorded in their history), uploads by reporters and editors, preview links
that end with a takedown and never answer 5xx, roles read from the token's own list,
corrections of published articles only, and a restored image that is gone said so."""

import json
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from devstack.streams import StreamPoller
from tests.conftest import Api, new_article
from tests.integration.test_media import announce, phone_photo, picture, uploaded


def create(api: Api, **changes: Any) -> dict[str, Any]:
    response = api.request("POST", "/articles", new_article(**changes), role="editor")
    assert response.status_code == 201, response.json
    return response.json


def local(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def revisions(api: Api, article_id: str) -> list[dict[str, Any]]:
    listed = api.request("GET", f"/articles/{article_id}/revisions", role="editor")
    assert listed.status_code == 200, listed.json
    return list(listed.json["items"])


@pytest.fixture
def image(api: Api) -> dict[str, Any]:
    ready = uploaded(api, phone_photo())
    described = api.request("PUT", f"/media/{ready['id']}", {"lang": "de", "alt": "Die Brücke"}, role="editor")
    assert described.status_code == 200, described.json
    return described.json


# -- 1. an image used by a published article is part of it ------------------------------


def test_only_who_may_change_a_published_article_changes_its_image(api: Api, image: dict[str, Any]) -> None:
    article = create(api, image=image["id"])
    path = f"/media/{image['id']}"
    refused = {
        "reporter": {"caption": "Eine andere Bildunterschrift"},
        "translator": {"credit": "Jemand anderes"},
    }
    for role, change in refused.items():
        reply = api.request("PUT", path, change, role=role)
        assert reply.status_code == 403, (role, reply.json)
        detail = reply.json["error"]["details"][0]
        assert detail["field"] == next(iter(change)) and article["id"] in detail["message"]
    translated = api.request("PUT", path, {"translations": {"tr": {"alt": "Köprü"}}}, role="translator")
    assert translated.status_code == 200, translated.json
    assert api.request("PUT", path, {"caption": "Die neue Brücke", "credit": "Haber"}, role="editor").status_code == 200
    unchanged = api.get(f"/articles/{article['id']}").json["image"]
    assert unchanged["credit"] is None  # nothing a refused role sent reached readers


def test_a_changed_image_leaves_a_revision_on_each_article_using_it(api: Api, image: dict[str, Any]) -> None:
    first, second = create(api, image=image["id"]), create(api, image=image["id"], status="draft")
    poller = StreamPoller(api.runtime)
    poller.drain()
    before = {article["id"]: len(revisions(api, article["id"])) for article in (first, second)}
    changed = api.request("PUT", f"/media/{image['id']}", {"caption": "Bei Nacht"}, role="editor")
    assert changed.status_code == 200
    poller.drain()
    for article in (first, second):
        history = revisions(api, article["id"])
        assert len(history) == before[article["id"]] + 1
        newest = history[0]
        assert (newest["action"], newest["fields"], newest["by"]) == ("image", ["images"], "local-user")
        shown = api.request("GET", f"/newsroom/articles/{article['id']}", role="editor").json
        assert shown["image"]["caption"] == "Bei Nacht"
    poller.drain()  # a record delivered again leaves no second revision
    assert len(revisions(api, first["id"])) == before[first["id"]] + 1


def test_a_reporter_describes_an_image_only_drafts_use(api: Api, image: dict[str, Any]) -> None:
    create(api, image=image["id"], status="draft")
    reply = api.request("PUT", f"/media/{image['id']}", {"caption": "Aus dem Entwurf"}, role="reporter")
    assert reply.status_code == 200, reply.json


# -- 9. uploads: reporters and editors ---------------------------------------------------


def test_translators_describe_images_but_do_not_upload_them(api: Api) -> None:
    data = picture()
    announced = {"filename": "a.jpg", "content_type": "image/jpeg", "size": len(data)}
    assert api.request("POST", "/media", announced, role="translator").status_code == 403
    assert api.request("POST", "/media", announced, role="reporter").status_code == 201


# -- 10. a restored revision whose image is gone --------------------------------------------


def test_restoring_a_revision_whose_image_was_deleted_says_it_is_gone(api: Api, image: dict[str, Any]) -> None:
    article = create(api, image=image["id"])
    taken_out = api.request("PUT", f"/articles/{article['id']}", {"image": None}, role="editor", If_Match='"v1"')
    assert taken_out.status_code == 200
    assert api.request("DELETE", f"/media/{image['id']}", role="editor").status_code == 204
    reply = api.request(
        "POST", f"/articles/{article['id']}/revisions/1/restore?lang=de", role="editor", If_Match='"v2"'
    )
    assert reply.status_code == 400, reply.json
    error = reply.json["error"]
    assert error["code"] == "media_gone" and "gelöscht" in error["message"] and "warten" not in error["message"]
    assert error["details"][0]["field"] == "image"


def test_an_image_still_processing_still_asks_to_wait(api: Api) -> None:
    pending = announce(api, picture(), "image/jpeg")["id"]
    reply = api.request("POST", "/articles?lang=en", new_article(image=pending), role="editor")
    assert reply.status_code == 400 and reply.json["error"]["code"] == "media_not_ready"


# -- 3 and 4. preview links --------------------------------------------------------------


def preview_url(api: Api, article_id: str, role: str = "editor") -> str:
    made = api.request("POST", f"/articles/{article_id}/preview", role=role)
    assert made.status_code == 201, made.json
    return local(made.json["urls"]["de"])


@pytest.mark.parametrize(
    "query",
    [
        "signature=%C3%A9",  # hmac.compare_digest refuses non-ASCII text
        "signature=%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9",
        "expires=%C2%B2",  # "²".isdigit() is true, int("²") fails
        "expires=%D9%A1%D9%A2",  # Arabic-Indic digits: int() takes them, they are no expiry of ours
        "expires=-5",
        "expires=99999999999999999999",
    ],
)
def test_a_preview_link_with_strange_characters_is_the_404_page(api: Api, query: str) -> None:
    draft = create(api, status="draft")
    url = preview_url(api, draft["id"])
    path, given = url.split("?")
    params = dict(part.split("=") for part in given.split("&"))
    name, value = query.split("=")
    params[name] = value
    reply = api.get(f"{path}?" + "&".join(f"{key}={item}" for key, item in params.items()))
    assert reply.status_code == 404 and "text/html" in reply.headers["Content-Type"]


def test_an_unpublication_ends_the_preview_links_made_before_it(api: Api) -> None:
    article = create(api)
    url = preview_url(api, article["id"])
    assert api.get(url).status_code == 200
    assert api.request("DELETE", f"/articles/{article['id']}", role="editor").status_code == 204
    assert api.get(url).status_code == 404
    refused = api.request("POST", f"/articles/{article['id']}/preview", role="translator")
    assert refused.status_code == 403 and refused.json["error"]["details"][0]["field"] == "id"
    assert api.request("POST", f"/articles/{article['id']}/preview", role="reporter").status_code == 403
    after = preview_url(api, article["id"])  # an editor's new link shows the article as it is now
    page = api.get(after)
    assert page.status_code == 200 and "Vorschau (zurückgezogen)" in page.data.decode()


def test_republishing_does_not_bring_old_links_back(api: Api) -> None:
    article = create(api)
    url = preview_url(api, article["id"])
    put = api.request("PUT", f"/articles/{article['id']}", {"status": "unpublished"}, role="editor", If_Match='"v1"')
    assert put.status_code == 200
    put = api.request("PUT", f"/articles/{article['id']}", {"status": "published"}, role="editor", If_Match='"v2"')
    assert put.status_code == 200
    assert api.get(url).status_code == 404


# -- 7. roles from the token's own list ----------------------------------------------------


def test_a_group_named_with_a_space_is_one_group_not_two_roles(api: Api) -> None:
    spaced = {"Authorization": f"Bearer {api.issuer.token('reporter editor')}"}
    reply = api.request("GET", "/newsroom/articles", **spaced)
    assert reply.status_code == 403, reply.json
    both = {"Authorization": f"Bearer {api.issuer.token('reporter,editor')}"}
    assert api.request("GET", "/newsroom/articles", **both).status_code == 200


# -- 8. corrections of published articles only --------------------------------------------


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_only_a_published_article_is_corrected(api: Api, state: str) -> None:
    later = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    changes = {"status": "draft"} if state == "draft" else {"status": "published", "published_at": later}
    article = create(api, **changes)
    correction = {"lang": "de", "text": "Die Brücke kostete 40, nicht 14 Millionen Euro."}
    reply = api.request("POST", f"/articles/{article['id']}/corrections", correction, role="editor")
    assert reply.status_code == 409, reply.json
    assert reply.json["error"]["code"] == "not_published"
    assert reply.json["error"]["details"] == [{"field": "id", "message": f"is {state}, not published"}]
    history = revisions(api, article["id"])
    assert [entry["action"] for entry in history] == ["create"]  # nothing was written


def test_the_cdn_invalidator_logs_ids_not_headlines(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    article = create(api, title="Geheime Übernahme der Stadtwerke")
    poller = StreamPoller(api.runtime)
    poller.drain()
    caplog.clear()
    correction = {"lang": "de", "text": "Die Übernahme kostet 40, nicht 14 Millionen Euro."}
    assert api.request("POST", f"/articles/{article['id']}/corrections", correction, role="editor").status_code == 201
    with caplog.at_level(logging.INFO):
        poller.drain()
    invalidations = [record for record in caplog.records if record.getMessage() == "CDN invalidation"]
    assert invalidations and invalidations[0].__dict__["articles"] == [article["id"]]
    assert isinstance(invalidations[0].__dict__["paths"], int)
    assert not any("uebernahme" in json.dumps(record.__dict__, default=str).lower() for record in caplog.records)
