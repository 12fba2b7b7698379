"""Bodies and paths no client should send get a clear 4xx with the JSON error envelope,
never a 500: checked before anything parses the body (platform.bodies.refused_body)."""

from typing import Any

import pytest

from devstack.gateway import MAX_PAYLOAD
from tests.conftest import Api, new_article

ARTICLE = "demokeupkargo2ks"
REACTIONS = f"/articles/{ARTICLE}/reactions"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64)"


def error_of(response: Any) -> dict[str, Any]:
    body = response.get_json() if hasattr(response, "get_json") else response.json
    return body["error"]


def send(api: Api, path: str, body: bytes, content_type: str | None) -> Any:
    headers = {"User-Agent": BROWSER, **({"Content-Type": content_type} if content_type else {})}
    return api.client.open(path, method="POST", data=body, headers=headers)


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/xml", "multipart/form-data", "application/x-www-form-urlencoded", "text/json"],
)
def test_a_body_that_is_not_json_by_its_type_is_415(demo_api: Api, content_type: str) -> None:
    response = send(demo_api, REACTIONS, b'{"type":"like"}', content_type)
    assert response.status_code == 415
    error = error_of(response)
    assert (error["code"], error["message"]) == ("unsupported_media_type", "Die Anfrage muss als JSON gesendet werden.")
    assert error["details"][0]["field"] == "Content-Type"
    assert content_type.split(";", maxsplit=1)[0] in error["details"][0]["message"]


@pytest.mark.parametrize(
    "content_type", ["APPLICATION/JSON", "application/json; charset=utf-8", "application/vnd.api+json", None]
)
def test_json_in_any_casing_and_plus_json_types_are_json(api: Api, content_type: str | None) -> None:
    response = send(api, REACTIONS, b'{"type":"like"}', content_type)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["type"] == "like"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"type":"like\xff"}', "can't decode byte 0xff"),  # not UTF-8
        (b"[" * 10_000 + b"]" * 10_000, "nested too deeply"),  # too deep for any parser's stack
        (b'{"type": ' + b"9" * 5_000 + b"}", "4300 digits"),  # over Python's digit limit
        (b'{"type": "like"', "Expecting"),  # cut short
    ],
    ids=["invalid-utf8", "deep-nesting", "huge-number", "truncated"],
)
def test_a_body_that_cannot_be_parsed_is_400_malformed_json(demo_api: Api, body: bytes, reason: str) -> None:
    response = send(demo_api, REACTIONS, body, "application/json")
    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["message"]) == ("malformed_json", "Die Anfrage konnte nicht gelesen werden.")
    assert error["details"][0]["field"] == "body" and reason in error["details"][0]["message"]


def test_a_body_over_the_gateways_limit_gets_the_same_json_413(demo_api: Api) -> None:
    response = send(demo_api, REACTIONS, b"x" * (MAX_PAYLOAD + 1024), "application/json")
    assert response.status_code == 413
    error = error_of(response)
    assert (error["code"], error["message"]) == ("payload_too_large", f"The request body is over {MAX_PAYLOAD} bytes.")


@pytest.mark.parametrize(
    ("path", "field", "reason"),
    [
        ("/articles/by-slug/en/" + "a" * 2050, "path.slug", "should match pattern"),
        ("/articles/by-slug/en/Not%20A%20Slug", "path.slug", "should match pattern"),
        (f"/articles/{ARTICLE}/reactions/" + "l" * 2050, "path.type", "at most 40 characters"),
    ],
    ids=["long-slug", "slug-pattern", "long-reaction-type"],
)
def test_path_parameters_out_of_shape_are_400(demo_api: Api, path: str, field: str, reason: str) -> None:
    method = "DELETE" if "/reactions/" in path else "GET"
    response = demo_api.request(method, path, User_Agent=BROWSER)
    assert response.status_code == 400, response.json
    error = response.json["error"]
    assert (error["code"], error["message"]) == ("validation_error", "Bitte überprüfen Sie Ihre Eingaben.")
    assert error["details"][0]["field"] == field and reason in error["details"][0]["message"]


def test_a_body_that_grows_past_the_limit_when_sanitized_is_413_naming_the_field(api: Api) -> None:
    ampersands = "<p>" + "&" * 99_000 + "</p>"  # under 100,000 characters; 5x that once escaped
    response = api.request("POST", "/articles", new_article(body=ampersands), role="editor")
    assert response.status_code == 413, response.json
    assert response.json["error"]["code"] == "payload_too_large"
    assert response.json["error"]["details"][0]["field"] == "body"
    assert response.json["error"]["message"] == "Die Anfrage ist zu groß."
    assert "once sanitized" in response.json["error"]["details"][0]["message"]
    translated = new_article(translations={"en": {"title": "T", "summary": "S", "body": ampersands}})
    response = api.request("POST", "/articles", translated, role="editor")
    assert (response.status_code, response.json["error"]["details"][0]["field"]) == (413, "translations.en.body")
    assert api.get("/articles?limit=50").json["items"][0]["title"] != new_article()["title"]  # nothing written


@pytest.mark.parametrize(
    ("path", "body", "role"),
    [
        ("/articles", '{"title": "sur \\udc00 x"}', "editor"),
        (f"/articles/{ARTICLE}/comments", '{"author": "\\ud800", "text": "Hallo"}', None),
    ],
)
def test_a_lone_surrogate_is_400_not_text(api: Api, path: str, body: str, role: str | None) -> None:
    response = api.request("POST", path, body, role=role, User_Agent=BROWSER)
    assert response.status_code == 400, response.json
    assert response.json["error"]["code"] == "malformed_json"
    assert "lone surrogate" in response.json["error"]["details"][0]["message"]


@pytest.mark.parametrize(
    ("author", "text", "field", "reason"),
    [
        ("\u200b\u200b\u200b", "Ein Kommentar", "author", "must contain visible characters"),  # zero-width only
        ("Leser", "\u3164\u3164\u3164", "text", "must contain visible characters"),  # Hangul fillers only
        ("Аdmin", "Ich bin der Admin", "author", "mixes cyrillic and latin letters"),  # a Cyrillic А
    ],
)
def test_invisible_or_lookalike_comments_are_refused(api: Api, author: str, text: str, field: str, reason: str) -> None:
    response = api.request(
        "POST", f"/articles/{ARTICLE}/comments", {"author": author, "text": text}, User_Agent=BROWSER
    )
    assert response.status_code == 400, response.json
    assert response.json["error"]["details"][0]["field"] == f"body.{field}"
    assert reason in response.json["error"]["details"][0]["message"]


def test_invisible_characters_are_stripped_from_what_is_kept(make_api: Any) -> None:
    api = make_api(ModerationMode="post")
    comment = {"author": "Ay\u200bşe Yılmaz", "text": "Gu\u200bter\u00ad Ar\u2060tikel\ufeff 👨\u200d👩\u200d👧"}
    posted = api.request("POST", f"/articles/{ARTICLE}/comments", comment, User_Agent=BROWSER)
    assert posted.status_code == 201, posted.json
    shown = api.get(f"/articles/{ARTICLE}/comments?order=newest&limit=1").json["items"][0]
    assert (shown["author"], shown["text"]) == ("Ayşe Yılmaz", "Guter Artikel 👨\u200d👩\u200d👧")


@pytest.mark.parametrize(
    ("author", "text", "field", "reason"),
    [
        ("Leser", "https://a.example https://b.example https://c.example www.d.example", "text", "too_many_links"),
        ("Leser", "x" * 2001, "text", "too_long"),
        ("L" * 61, "Ein Kommentar", "author", "too_long"),
        ("Leser", "x" * 20_001, "text", "string_too_long"),
        ("Аdmin", "Ich bin der Admin", "author", "mixed_scripts"),
        ("\u200b", "Ein Kommentar", "author", "blank"),
    ],
)
def test_a_refused_comment_names_the_rule_it_broke(api: Api, author: str, text: str, field: str, reason: str) -> None:
    """The page's script tells the reader which rule (in the reader's language) from `reason`."""
    response = api.request(
        "POST", f"/articles/{ARTICLE}/comments?lang=tr", {"author": author, "text": text}, User_Agent=BROWSER
    )
    assert response.status_code == 400, response.json
    assert response.json["error"]["code"] == "validation_error"
    assert response.json["error"]["details"][0]["field"] == f"body.{field}"
    assert response.json["error"]["details"][0]["reason"] == reason
