"""The desk's static files (desk/dist, built by `make desk`) and its config.json, served by
the local gateway at /desk/ with the headers CloudFront adds to them when deployed."""

import json
import mimetypes
from pathlib import Path
from typing import Any

from werkzeug.wrappers import Request, Response

from devstack import ROOT

DIST = ROOT / "desk" / "dist"
PREFIX = "/desk/"


def security_headers(issuer: str, upload_origin: str) -> dict[str, str]:
    """The desk's Content-Security-Policy: its own files only, no inline script or style, no
    eval; it may call the API (same origin), the identity provider and the upload bucket."""
    others = f"{issuer} {upload_origin}"
    policy = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: http: https:; "
        f"connect-src 'self' {others}; form-action 'self' {issuer}; frame-ancestors 'none'; "
        "base-uri 'none'; object-src 'none'"
    )
    return {
        "Content-Security-Policy": policy,
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
    }


class Desk:
    def __init__(self, config: dict[str, str], upload_origin: str, dist: Path = DIST):
        self.config = config
        self.dist = dist
        self.headers = security_headers(config["issuer"], upload_origin)

    def answer(self, request: Request) -> Response | None:
        """The desk's answer to a request under /desk, or None for any other path."""
        if request.path == PREFIX.rstrip("/"):
            return Response(status=308, headers={"Location": PREFIX})
        if not request.path.startswith(PREFIX):
            return None
        if request.method not in ("GET", "HEAD"):
            return self._secured(Response(status=405, headers={"Allow": "GET, HEAD"}))
        name = request.path.removeprefix(PREFIX) or "index.html"
        if name == "config.json":
            return self._secured(Response(json.dumps(self.config), content_type="application/json"))
        file = (self.dist / name).resolve()
        if not file.is_relative_to(self.dist.resolve()) or not file.is_file():
            return self._secured(Response(json.dumps({"message": "Not Found"}), 404, content_type="application/json"))
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        response = Response(file.read_bytes(), content_type=content_type)
        response.headers["Cache-Control"] = "no-cache"
        return self._secured(response)

    def _secured(self, response: Response) -> Response:
        response.headers.update(self.headers)
        return response


def upload(s3: Any, bucket: str, config: dict[str, str], dist: Path = DIST) -> int:
    """Puts a desk build and its config.json under desk/ in the bucket CloudFront serves it
    from (the stack's DeskBucketName); the number of files written."""
    files = sorted(path for path in dist.rglob("*") if path.is_file())
    for path in files:
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        key = f"desk/{path.relative_to(dist).as_posix()}"
        s3.put_object(Bucket=bucket, Key=key, Body=path.read_bytes(), ContentType=content_type, CacheControl="no-cache")
    s3.put_object(
        Bucket=bucket,
        Key="desk/config.json",
        Body=json.dumps(config).encode(),
        ContentType="application/json",
        CacheControl="no-cache",
    )
    return len(files) + 1


def deployed_config(cloudformation: Any, stack_name: str) -> tuple[str, dict[str, str]]:
    """The deployed stack's desk bucket, and the desk's config: its issuer and its client
    (the JWT authorizer's issuer and first audience), where it signs out; the API on the same origin."""
    stack = cloudformation.describe_stacks(StackName=stack_name)["Stacks"][0]
    outputs = {output["OutputKey"]: output["OutputValue"] for output in stack.get("Outputs", [])}
    parameters = {parameter["ParameterKey"]: parameter["ParameterValue"] for parameter in stack["Parameters"]}
    if "DeskBucketName" not in outputs:
        raise SystemExit(f"{stack_name} has no desk: deploy it with EnableCdn=true")
    config = {"issuer": parameters["JwtIssuer"], "client_id": parameters["JwtAudience"].split(",")[0], "api": ""}
    if parameters.get("DeskSignInDomain"):  # Cognito's discovery names no end_session_endpoint
        config["logout_url"] = f"{parameters['DeskSignInDomain']}/logout"
    return outputs["DeskBucketName"], config
