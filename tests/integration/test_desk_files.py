"""The desk's static files at /desk/ on the local gateway: its config, its security headers
(the same CloudFront adds when deployed), and nothing outside its folder."""

import json
import uuid
from pathlib import Path

import pytest
from werkzeug.test import Client

from devstack import aws
from devstack.desk import Desk, deployed_config, upload
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


def test_make_deploy_uploads_the_build_and_its_config_to_the_desk_bucket(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    (dist / "fonts").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html>")
    (dist / "desk.js").write_text("export {};")
    (dist / "fonts" / "a.woff2").write_bytes(b"\0font")
    s3 = aws.local_client("s3")
    bucket = f"haber-desk-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    config = {"issuer": "https://cognito-idp.eu-central-1.amazonaws.com/pool", "client_id": "abc", "api": ""}
    assert upload(s3, bucket, config, dist) == 4
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket=bucket)["Contents"]}
    assert keys == {"desk/index.html", "desk/desk.js", "desk/fonts/a.woff2", "desk/config.json"}
    script = s3.get_object(Bucket=bucket, Key="desk/desk.js")
    assert script["ContentType"] == "text/javascript"
    assert script["CacheControl"] == "no-cache"
    assert json.loads(s3.get_object(Bucket=bucket, Key="desk/config.json")["Body"].read()) == config


class Stacks:
    """CloudFormation's DescribeStacks answer for one deployed stack (boto3's shape)."""

    def __init__(self, **parameters: str):
        self.parameters = parameters

    def describe_stacks(self, StackName: str) -> dict[str, object]:  # noqa: N803 - boto3's name
        assert StackName == "haber-dev"
        outputs = [{"OutputKey": "DeskBucketName", "OutputValue": "haber-desk-1"}]
        parameters = [{"ParameterKey": key, "ParameterValue": value} for key, value in self.parameters.items()]
        return {"Stacks": [{"Outputs": outputs, "Parameters": parameters}]}


def test_the_deployed_config_comes_from_the_stack_s_authorizer_settings() -> None:
    stacks = Stacks(JwtIssuer="https://issuer.example", JwtAudience="client1,client2", DeskSignInDomain="")
    bucket, config = deployed_config(stacks, "haber-dev")
    assert bucket == "haber-desk-1"
    assert config == {"issuer": "https://issuer.example", "client_id": "client1", "api": ""}


def test_with_cognito_the_desk_signs_out_at_the_sign_in_domain() -> None:
    """Cognito's discovery names no end_session_endpoint: the desk signs out at its /logout."""
    domain = "https://haber.auth.eu-central-1.amazoncognito.com"
    stacks = Stacks(JwtIssuer="https://cognito-idp.example/pool", JwtAudience="client1", DeskSignInDomain=domain)
    _, config = deployed_config(stacks, "haber-dev")
    assert config["logout_url"] == f"{domain}/logout"


def test_a_stack_without_the_cdn_has_no_desk_to_upload() -> None:
    class Bare(Stacks):
        def describe_stacks(self, StackName: str) -> dict[str, object]:  # noqa: N803 - boto3's name
            return {"Stacks": [{"Outputs": [], "Parameters": []}]}

    with pytest.raises(SystemExit, match="EnableCdn=true"):
        deployed_config(Bare(), "haber-dev")
