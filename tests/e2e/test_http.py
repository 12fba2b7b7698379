"""End to end: `python -m devstack dev` (what `make dev` runs) as a separate process,
driven over real HTTP, with a token from `python -m devstack token`."""

import io
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from PIL import Image

from devstack import ROOT
from devstack.dynamodb import free_port
from tests.fakes import FakeProvider, serving
from tests.live import dev_server


@pytest.fixture(scope="module")
def translator() -> Iterator[tuple[FakeProvider, str]]:
    provider = FakeProvider()
    with serving(provider) as url:
        yield provider, url


TABLE = f"haber-live-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def server(dynamodb_endpoint: str, translator: tuple[FakeProvider, str]) -> Iterator[str]:
    translating = {"TRANSLATION_PROVIDER": "google", "GOOGLE_TRANSLATE_URL": f"{translator[1]}/m"}
    with dev_server(dynamodb_endpoint, TABLE_NAME=TABLE, **translating) as url:
        yield url


def call(url: str, method: str = "GET", body: Any = None, **headers: str) -> tuple[int, dict[str, str], Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url, data=data, method=method, headers={k.replace("_", "-"): v for k, v in headers.items()}
    )
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read()
            return response.status, dict(response.headers), json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, dict(error.headers), json.loads(raw) if raw else None


def token(role: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "devstack", "token", role], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()


def test_a_reader_browses_in_turkish(server: str) -> None:
    status, headers, listing = call(f"{server}/articles?limit=2", Accept_Language="tr-TR,tr;q=0.9")
    assert status == 200 and headers["Content-Type"] == "application/json"
    assert {item["lang"] for item in listing["items"]} == {"tr"} and listing["next_cursor"]
    _, _, page_two = call(f"{server}/articles?limit=2&lang=tr&cursor={listing['next_cursor']}")
    assert not {i["id"] for i in page_two["items"]} & {i["id"] for i in listing["items"]}
    first = listing["items"][0]
    status, _, article = call(f"{server}{first['path']}")
    assert (status, article["id"], article["lang"]) == (200, first["id"], "tr")
    _, _, related = call(f"{server}/articles/{first['id']}/related?lang=tr")
    assert related["items"]


def test_an_editor_publishes_and_a_reader_sees_it(server: str) -> None:
    bearer = {"Authorization": f"Bearer {token('editor')}"}
    article = {
        "source_lang": "tr",
        "title": "Kadıköy'de yeni kütüphane açıldı",
        "summary": "Kütüphane 24 saat açık.",
        "body": "<p>Yeni kütüphane <em>bugün</em> açıldı.</p>",
        "category": "culture",
        "tags": ["istanbul"],
        "author": "Haber Masası",
    }
    status, headers, created = call(f"{server}/articles", "POST", article, **bearer)
    assert status == 201, created
    assert created["slug"] == "kadikoy-de-yeni-kutuphane-acildi"
    status, _, served = call(f"{server}/articles/by-slug/tr/{created['slug']}")
    assert (status, served["title"]) == (200, article["title"])
    status, _, updated = call(
        f"{server}/articles/{created['id']}",
        "PUT",
        {"summary": "Kütüphane gece de açık."},
        If_Match=headers["ETag"],
        **bearer,
    )
    assert (status, updated["version"]) == (200, 2)
    assert call(f"{server}/articles/{created['id']}", "DELETE", **bearer)[0] == 204
    assert call(f"{server}/articles/{created['id']}")[0] == 404


def test_the_gateway_enforces_the_authorizer(server: str) -> None:
    status, _, body = call(f"{server}/articles", "POST", {})
    assert (status, body) == (401, {"message": "Unauthorized"})
    valid = {
        "source_lang": "de",
        "title": "T",
        "summary": "S",
        "body": "<p>B</p>",
        "category": "culture",
        "author": "A",
    }
    status, _, body = call(f"{server}/articles", "POST", valid, Authorization=f"Bearer {token('reader')}")
    assert (status, body["error"]["code"]) == (403, "forbidden")
    expired = subprocess.run(
        [
            sys.executable,
            "-c",
            "from devstack.__main__ import *; s=local_stack(); print(local_issuer(s).token('editor', lifetime=-60))",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert call(f"{server}/articles", "POST", {}, Authorization=f"Bearer {expired}")[0] == 401


def test_cors_preflight_and_exposed_headers(server: str) -> None:
    status, headers, _ = call(
        f"{server}/articles", "OPTIONS", Origin="https://www.example.com", Access_Control_Request_Method="POST"
    )
    assert status == 204
    assert "POST" in headers["Access-Control-Allow-Methods"] and "If-Match" in headers["Access-Control-Allow-Headers"]
    _, headers, _ = call(f"{server}/languages", Origin="https://www.example.com")
    assert headers["Access-Control-Allow-Origin"] == "*" and "ETag" in headers["Access-Control-Expose-Headers"]


def test_conditional_get_over_http(server: str) -> None:
    _, headers, _ = call(f"{server}/categories?lang=en")
    status, _, body = call(f"{server}/categories?lang=en", If_None_Match=headers["ETag"])
    assert (status, body) == (304, None)


def test_a_second_make_dev_on_the_same_data_is_refused(server: str, dynamodb_endpoint: str) -> None:
    """At once, before it touches DynamoDB, with one line that names the first and how to
    stop it; the first keeps serving."""
    ports = {"PORT": str(free_port()), "OIDC_PORT": str(free_port())}
    second = subprocess.run(
        [sys.executable, "-m", "devstack", "dev"],
        cwd=ROOT,
        env={**os.environ, "DYNAMODB_ENDPOINT": dynamodb_endpoint, "TABLE_NAME": TABLE, **ports},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (second.returncode, second.stdout) == (1, "")
    refusal = second.stderr.removesuffix("\n")
    assert refusal.startswith(f"make dev is already running on table {TABLE} at {dynamodb_endpoint}: process ")
    assert f", serving {server}; stop it (Ctrl-C in its terminal or `kill " in refusal
    assert "\n" not in refusal
    assert call(f"{server}/languages")[0] == 200


def test_unknown_routes_and_the_openapi_document(server: str) -> None:
    status, _, body = call(f"{server}/nowhere")
    assert (status, body) == (404, {"message": "Not Found"})
    status, _, document = call(f"{server}/openapi.json")
    assert status == 200 and document["openapi"].startswith("3.") and "/articles/{id}" in document["paths"]


def test_a_view_reaches_the_stats_through_the_stream(server: str) -> None:
    article = "demokoelnsimit27"
    status, _, counted = call(f"{server}/articles/{article}/views", "POST", User_Agent="Mozilla/5.0 (e2e)")
    assert (status, counted["counted"]) == (200, True)
    deadline = time.monotonic() + 20
    while call(f"{server}/articles/{article}/stats")[2]["views"] < 1:
        assert time.monotonic() < deadline, "the stream poller never added the view up"
        time.sleep(0.2)
    _, _, popular = call(f"{server}/articles/popular?lang=en")
    assert popular["items"][0]["id"] == article


def test_an_article_is_machine_translated_within_seconds(server: str) -> None:
    bearer = {"Authorization": f"Bearer {token('editor')}"}
    article = {
        "source_lang": "de",
        "title": "Neue Fähre zwischen Köln und Düsseldorf",
        "summary": "Ab Mai fährt sie stündlich.",
        "body": '<p>Die <em>Fähre</em> startet im Mai.</p><p>Tickets gibt es <a href="https://example.org">online</a>.</p>',
        "category": "economy",
        "tags": ["cologne"],
        "author": "Haber Masası",
    }
    status, _, created = call(f"{server}/articles", "POST", article, **bearer)
    assert status == 201
    deadline = time.monotonic() + 20
    for lang in ("tr", "en"):
        while (served := call(f"{server}/articles/{created['id']}?lang={lang}")[2])["lang"] != lang:
            assert time.monotonic() < deadline, f"no {lang} translation within 20 s"
            time.sleep(0.2)
        assert served["translation"] == {"origin": "machine", "stale": False, "provider": "google"}
        assert served["title"] == f"[{lang}] {article['title']}"
        assert '<a href="https://example.org" rel="noopener noreferrer">' in served["body"]
        assert [alternate["lang"] for alternate in served["alternates"]] == ["de", "tr", "en"]


def test_an_editor_uploads_an_image_from_the_browsers_side_and_readers_get_it(server: str) -> None:
    """The upload goes to the local S3 with the presigned form; make dev's notifier hands it
    to the processor in the background, as S3 would on AWS."""
    picture = io.BytesIO()
    Image.new("RGB", (800, 600), (10, 120, 200)).save(picture, "JPEG")
    data = picture.getvalue()
    editor = {"Authorization": f"Bearer {token('editor')}"}
    announced = {"filename": "rhein.jpg", "content_type": "image/jpeg", "size": len(data)}
    status, _, media = call(f"{server}/media", "POST", announced, **editor)
    assert status == 201 and media["status"] == "pending"
    upload = media["upload"]
    sent = requests.post(upload["url"], data=upload["fields"], files={"file": ("f", data, "image/jpeg")}, timeout=10)
    assert sent.status_code == 204
    deadline = time.monotonic() + 20
    while (item := call(f"{server}/media/{media['id']}", **editor)[2])["status"] == "pending":
        assert time.monotonic() < deadline, "the upload was never processed"
        time.sleep(0.2)
    assert item["status"] == "ready" and (item["width"], item["height"]) == (800, 600)
    image = requests.get(item["images"]["tr"]["src"], timeout=10)
    assert image.status_code == 200 and image.headers["Content-Type"] == "image/jpeg"
    assert image.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert Image.open(io.BytesIO(image.content)).size == (800, 600)
