"""API Gateway HTTP API events (payload format 2.0), as the gateway sends them to Lambda."""

import base64
import time
import uuid
from typing import Any
from urllib.parse import parse_qsl

from devstack.template import Route

TEXT_TYPES = ("application/json", "text/", "application/x-www-form-urlencoded", "application/xml")


def http_event(
    route: Route,
    path: str,
    path_parameters: dict[str, str],
    query: str = "",
    headers: dict[str, str] | None = None,
    body: bytes = b"",
    claims: dict[str, str] | None = None,
    source_ip: str = "127.0.0.1",
    domain_name: str = "127.0.0.1:3000",
) -> dict[str, Any]:
    """`domain_name` is the API's own address, never the request's Host header (which the
    client chooses): API Gateway names its domain, not what it was told."""
    headers = {name.lower(): value for name, value in (headers or {}).items()}
    parameters: dict[str, str] = {}
    for name, value in parse_qsl(query, keep_blank_values=True):
        parameters[name] = f"{parameters[name]},{value}" if name in parameters else value
    now = time.time()
    context: dict[str, Any] = {
        "accountId": "000000000000",
        "apiId": "local",
        "domainName": domain_name,
        "domainPrefix": "local",
        "http": {
            "method": route.method if route.method != "ANY" else "GET",
            "path": path,
            "protocol": "HTTP/1.1",
            "sourceIp": source_ip,
            "userAgent": headers.get("user-agent", ""),
        },
        "requestId": str(uuid.uuid4()),
        "routeKey": route.key,
        "stage": "$default",
        "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
        "timeEpoch": int(now * 1000),
    }
    if claims is not None:
        context["authorizer"] = {"jwt": {"claims": claims, "scopes": None}}
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route.key,
        "rawPath": path,
        "rawQueryString": query,
        "headers": headers,
        "requestContext": context,
        "isBase64Encoded": False,
    }
    if "cookie" in headers:
        event["cookies"] = [cookie.strip() for cookie in headers.pop("cookie").split(";")]
    if parameters:
        event["queryStringParameters"] = parameters
    if path_parameters:
        event["pathParameters"] = path_parameters
    if body:
        is_text = headers.get("content-type", "").startswith(TEXT_TYPES)
        try:
            event["body"] = body.decode() if is_text else base64.b64encode(body).decode()
            event["isBase64Encoded"] = not is_text
        except UnicodeDecodeError:
            event["body"], event["isBase64Encoded"] = base64.b64encode(body).decode(), True
    return event


def flatten_claims(claims: dict[str, Any]) -> dict[str, str]:
    """API Gateway hands JWT claims to Lambda as strings; arrays become "[a b]"."""
    return {
        name: f"[{' '.join(map(str, value))}]" if isinstance(value, list) else str(value)
        for name, value in claims.items()
    }
