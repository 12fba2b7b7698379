"""The desk's static files (desk/dist, built by `make desk`) and its config.json, served by
the local gateway at /desk/ with the headers CloudFront adds to them when deployed."""

import json
import mimetypes
from pathlib import Path

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
