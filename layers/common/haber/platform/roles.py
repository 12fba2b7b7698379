"""Staff routes: `staff(role)` states a route's role once, in the OpenAPI document, and the
resolver admits only tokens whose groups include it, before it validates the request (API
Gateway's JWT authorizer has already checked the token itself)."""

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


def staff(role: str) -> Json:
    """Route options that make a route a staff route, the role stated once: the OpenAPI
    security requirement names the role, and the resolver admits only tokens carrying it
    (API Gateway's JWT authorizer has already checked the token itself)."""
    return {"security": [{"bearerAuth": [role]}]}


def staff_member(app: APIGatewayHttpResolver) -> str:
    """Who called a staff route (the token's subject)."""
    return str(app.context[STAFF_MEMBER])


def staff_name(app: APIGatewayHttpResolver) -> str | None:
    """The caller's display name (the token's `name`, else `preferred_username`), if any."""
    return app.context.get(STAFF_NAME)


class RolesFirstValidation(OpenAPIRequestValidationMiddleware):
    """Powertools validates a request before any middleware of its route runs; a staff
    route checks the caller's role before that, so no one learns a body's schema from a
    route their role may not use."""

    def handler(self, app: Any, next_middleware: NextMiddleware) -> Response[Any]:
        route = app.context.get("_route")
        roles = {role for need in (getattr(route, "security", None) or []) for role in need.get("bearerAuth", [])}
        if roles:
            _admit(app, roles)
        return super().handler(app, next_middleware)


def _admit(app: APIGatewayHttpResolver, roles: set[str]) -> None:
    authorizer = app.current_event.request_context.authorizer
    claims: Json = authorizer.jwt_claim if authorizer else {}
    if not claims:
        raise Unauthorized("Sign in: this route needs a bearer token.")
    missing = roles - _roles(claims.get(get_settings().role_claim))
    if missing:
        raise Forbidden(f"This route needs the {' and '.join(sorted(map(repr, missing)))} role.")
    app.context[STAFF_MEMBER] = str(claims.get("sub") or claims.get("username") or "unknown")
    name = claims.get("name") or claims.get("preferred_username")
    app.context[STAFF_NAME] = str(name)[:120] if name else None
    app.context[CACHE_CONTROL] = STAFF_CACHE


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
