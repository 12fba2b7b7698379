"""The desk's static files at /desk/ on the local gateway: its config, its security headers
(the same CloudFront adds when deployed), and nothing outside its folder."""

from pathlib import Path

import pytest
from werkzeug.test import Client

from devstack.desk import Desk
from devstack.gateway import Gateway
from devstack.runtime import Runtime

ISSUER = "http://127.0.0.1:3001"
UPLOADS = "http://127.0.0.1:4566"


@pytest.fixture
def desk(demo: Runtime, tmp_path: Path) -> Client:
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "index.html").write_text("<!doctype html><title>Desk</title>")
    (dist / "desk.js").write_text("export {};")
    (tmp_path / "secret.txt").write_text("outside")
    config = {"issuer": ISSUER, "client_id": "haber-desk", "api": ""}
    return Client(Gateway(demo, desk=Desk(config, UPLOADS, dist)))


def test_the_desk_is_served_with_a_strict_content_security_policy(desk: Client) -> None:
    page = desk.get("/desk/")
    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    policy = dict(part.strip().split(" ", 1) for part in page.headers["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"  # no inline script, no eval
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["connect-src"] == f"'self' {ISSUER} {UPLOADS}"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    script = desk.get("/desk/desk.js")
    assert script.headers["Content-Type"].startswith("text/javascript")
    assert "Content-Security-Policy" in script.headers
    assert desk.get("/desk").headers["Location"] == "/desk/"


def test_the_config_names_the_identity_provider_and_the_public_client(desk: Client) -> None:
    assert desk.get("/desk/config.json").get_json() == {"issuer": ISSUER, "client_id": "haber-desk", "api": ""}


def test_nothing_outside_the_desk_folder_is_served(desk: Client) -> None:
    for path in ("/desk/../secret.txt", "/desk/%2e%2e/secret.txt", "/desk/nope.js", "/desk/..%2fsecret.txt"):
        answer = desk.get(path)
        assert answer.status_code == 404, path
        assert b"outside" not in answer.data
    assert desk.post("/desk/index.html").status_code == 405
    assert desk.get("/languages").status_code == 200  # the API is still there
