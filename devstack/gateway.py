"""A local HTTP API gateway: the template's routes, CORS and JWT authorizer, in front of
the in-process runtime. Built on Werkzeug; answers like API Gateway where it answers itself."""

import base64
import json
import re
from typing import Any

from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request, Response

from devstack.auth import Trust
from devstack.desk import Desk
from devstack.events import flatten_claims, http_event
from devstack.runtime import Runtime
from devstack.template import Route

MAX_PAYLOAD = 10 * 1024 * 1024  # the HTTP API's own limit
# The methods an HTTP API route can have; any other (TRACE, CONNECT, …) no route can take.
ROUTE_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


class Gateway:
    def __init__(self, runtime: Runtime, *trusts: Trust, domain_name: str = "127.0.0.1:3000", desk: Desk | None = None):
        self.runtime = runtime
        self.trusts = trusts  # the token issuers its JWT authorizer accepts
        self.desk = desk
        self.domain_name = domain_name  # the address it serves at (serve() sets the real one)
        self.cors = runtime.stack.http_api().get("CorsConfiguration", {})
        # API Gateway prefers the most specific route: more literal segments, no greedy ones.
        self.routes = sorted(
            ((route, _pattern(route.path)) for route in runtime.stack.routes),
            key=lambda pair: (-sum(not part.startswith("{") for part in pair[0].path.split("/")), "+}" in pair[0].path),
        )

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        request.max_content_length = MAX_PAYLOAD
        try:
            response = self.handle(request)
        except RequestEntityTooLarge:
            response = self._with_cors(request, _too_large())
        return response(environ, start_response)

    def handle(self, request: Request) -> Response:
        if self.desk and (static := self.desk.answer(request)):
            return static
        if request.method == "OPTIONS" and self.cors and "access-control-request-method" in request.headers:
            return self._preflight(request)
        if request.method not in ROUTE_METHODS:
            refused = _message(405, "Method Not Allowed")
            refused.headers["Allow"] = ", ".join(ROUTE_METHODS)
            return self._with_cors(request, refused)
        match = self._match(request.method, request.path)
        if match is None:
            return self._with_cors(request, _message(404, "Not Found"))
        route, path_parameters = match
        claims = None
        if route.authorizer:
            authorization = request.headers.get("authorization")
            verified = next(filter(None, (trust.verify(authorization) for trust in self.trusts)), None)
            if verified is None:
                return self._with_cors(request, _message(401, "Unauthorized"))
            claims = flatten_claims(verified)
        event = http_event(
            route,
            request.path,
            path_parameters,
            request.query_string.decode(),
            dict(request.headers),
            request.get_data(),
            claims,
            request.remote_addr or "127.0.0.1",
            self.domain_name,
        )
        return self._with_cors(request, _response(self.runtime.invoke(route.function, event)))

    def _match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        for route, pattern in self.routes:
            found = pattern.fullmatch(path)
            if found and route.method in (method, "ANY"):
                return route, found.groupdict()
        return None

    def _preflight(self, request: Request) -> Response:
        response = Response(status=204)
        response.headers["Access-Control-Allow-Methods"] = ",".join(self.cors.get("AllowMethods", []))
        response.headers["Access-Control-Allow-Headers"] = ",".join(self.cors.get("AllowHeaders", []))
        response.headers["Access-Control-Max-Age"] = str(self.cors.get("MaxAge", 0))
        return self._with_cors(request, response)

    def _with_cors(self, request: Request, response: Response) -> Response:
        origin = request.headers.get("origin")
        allowed = self.cors.get("AllowOrigins", [])
        allowed = allowed.split(",") if isinstance(allowed, str) else allowed
        if origin and ("*" in allowed or origin in allowed):
            response.headers["Access-Control-Allow-Origin"] = "*" if "*" in allowed else origin
            if self.cors.get("ExposeHeaders"):
                response.headers["Access-Control-Expose-Headers"] = ",".join(self.cors["ExposeHeaders"])
        return response


def _pattern(path: str) -> re.Pattern[str]:
    regex = re.sub(r"\\\{(\w+)\\\+\\\}", r"(?P<\1>.+)", re.escape(path))
    return re.compile(re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", regex))


def _too_large() -> Response:
    """Over the HTTP API's own limit: the same JSON 413 the functions give smaller oversized bodies."""
    error = {"code": "payload_too_large", "message": f"The request body is over {MAX_PAYLOAD} bytes.", "details": []}
    return Response(json.dumps({"error": error}), status=413, content_type="application/json")


def _message(status: int, message: str) -> Response:
    return Response(json.dumps({"message": message}), status=status, content_type="application/json")


def _response(result: Any) -> Response:
    """Lambda's answer in payload format 2.0 (a dict with statusCode, or any JSON value)."""
    if not isinstance(result, dict) or "statusCode" not in result:
        return Response(json.dumps(result), status=200, content_type="application/json")
    body = result.get("body") or ""
    data = base64.b64decode(body) if result.get("isBase64Encoded") else body.encode()
    response = Response(data, status=int(result["statusCode"]))
    response.headers.pop("Content-Type")
    for name, value in (result.get("headers") or {}).items():
        response.headers[name] = value
    for name, values in (result.get("multiValueHeaders") or {}).items():
        for value in values:
            response.headers.add(name, value)
    for cookie in result.get("cookies") or []:
        response.headers.add("Set-Cookie", cookie)
    return response


def serve(gateway: Gateway, port: int, host: str = "127.0.0.1") -> BaseWSGIServer:
    server = make_server(host, port, gateway, threaded=True)
    gateway.domain_name = f"{host}:{server.server_port}"
    return server
