"""Staff routes: `staff(*roles)` states once, in the OpenAPI document, which roles may call a
route, and the resolver admits only tokens whose groups include one of them, before it
validates the request (API Gateway's JWT authorizer has already checked the token itself).

The newsroom's roles: `reporter` writes drafts, `translator` writes and approves
translations, `editor` does everything editorial, `moderator` looks after comments. What a
role may do within a route (a reporter's drafts, a translator's translations) the domain
decides, from `staff_roles`."""

import base64
import json
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.event_handler.middlewares.openapi_validation import OpenAPIRequestValidationMiddleware

from haber.platform.caching import CACHE_CONTROL, STAFF_CACHE
from haber.platform.errors import Forbidden, Unauthorized
from haber.platform.settings import get_settings
from haber.platform.shapes import Json

STAFF_MEMBER = "staff_member"  # where the resolver's context keeps who called a staff route
STAFF_NAME = "staff_name"  # and their display name, when the token has one
STAFF_ROLES = "staff_roles"  # and the roles its token carries
NEWSROOM = ("reporter", "translator", "editor")  # everyone who works on articles


def staff(*roles: str) -> Json:
    """Route options that make a route a staff route, its roles stated once: one OpenAPI
    security requirement per role (any of them will do), and the resolver admits only
    tokens carrying one (API Gateway's JWT authorizer has already checked the token itself)."""
    return {"security": [{"bearerAuth": [role]} for role in roles]}


def staff_member(app: APIGatewayHttpResolver) -> str:
    """Who called a staff route (the token's subject)."""
    return str(app.context[STAFF_MEMBER])


def staff_name(app: APIGatewayHttpResolver) -> str | None:
    """The caller's display name (the token's `name`, else `preferred_username`), if any."""
    return app.context.get(STAFF_NAME)


def staff_roles(app: APIGatewayHttpResolver) -> frozenset[str]:
    """The roles the caller's token carries."""
    return frozenset(app.context.get(STAFF_ROLES) or ())


class RolesFirstValidation(OpenAPIRequestValidationMiddleware):
    """Powertools validates a request before any middleware of its route runs; a staff
    route checks the caller's role before that, so no one learns a body's schema from a
    route their role may not use."""

    def handler(self, app: Any, next_middleware: NextMiddleware) -> Response[Any]:
        route = app.context.get("_route")
        needs = [set(need.get("bearerAuth", [])) for need in (getattr(route, "security", None) or [])]
        if needs:
            _admit(app, needs)
        return super().handler(app, next_middleware)


def _admit(app: APIGatewayHttpResolver, needs: list[set[str]]) -> None:
    authorizer = app.current_event.request_context.authorizer
    claims: Json = authorizer.jwt_claim if authorizer else {}
    if not claims:
        raise Unauthorized("Sign in: this route needs a bearer token.")
    held = _groups(app.current_event.headers.get("authorization"), claims, get_settings().role_claim)
    if not any(need <= held for need in needs):
        wanted = sorted(repr(role) for need in needs for role in need)
        raise Forbidden(f"This route needs the {' or '.join(wanted)} role.")
    app.context[STAFF_ROLES] = held
    app.context[STAFF_MEMBER] = str(claims.get("sub") or claims.get("username") or "unknown")
    name = claims.get("name") or claims.get("preferred_username")
    app.context[STAFF_NAME] = str(name)[:120] if name else None
    app.context[CACHE_CONTROL] = STAFF_CACHE


def _groups(authorization: str | None, claims: Json, claim: str) -> set[str]:
    """The groups of the token API Gateway verified. It hands a list claim to Lambda
    flattened ("[editor moderator]"), in which a group named "reporter editor" (Cognito
    forbids spaces, another provider may not) would pass as two roles; so the list is read
    from the token itself — the one verified, as the authorizer's identity source is this
    header — and the flattened form only when the header does not carry that token."""
    payload = _payload(authorization)
    same_token = payload is not None and all(str(payload.get(name)) == str(claims.get(name)) for name in ("sub", "iss"))
    if payload is None or not same_token:
        return _roles(claims.get(claim))
    value = payload.get(claim)
    if isinstance(value, list):
        return {str(item) for item in value}
    return {str(value)} if isinstance(value, str) and value else set()


def _payload(authorization: str | None) -> Json | None:
    """The claims of a bearer JWT as it was sent (its signature checked by API Gateway)."""
    parts = (authorization or "").removeprefix("Bearer ").strip().split(".")
    if len(parts) != 3:
        return None
    try:
        payload = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except ValueError:
        return None
    return payload if isinstance(payload, dict) else None


def _roles(value: Any) -> set[str]:
    """The groups a token names. API Gateway hands a claim that is a list to Lambda as
    "[editor moderator]" (group names hold no spaces); any other string is one group, commas
    and all: a Cognito group may be called "viewer,editor"."""
    if isinstance(value, list):
        return {str(item) for item in value}
    text = str(value or "")
    if text.startswith("[") and text.endswith("]"):
        return set(text[1:-1].split())
    return {text} if text else set()
