"""Staff roles (haber.platform.roles): the groups a token's claim names, in each form API
Gateway hands it over, and who is admitted to a staff route."""

from typing import Any

import pytest
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

from haber.platform.caching import STAFF_CACHE
from haber.platform.errors import Forbidden, Unauthorized
from haber.platform.roles import _admit, _roles, staff, staff_member, staff_roles


@pytest.mark.parametrize(
    ("claim", "groups"),
    [
        ("[editor moderator]", {"editor", "moderator"}),  # API Gateway's form of a list claim
        ("[editor]", {"editor"}),
        ("[]", set()),
        ("editor", {"editor"}),
        ("viewer,editor", {"viewer,editor"}),  # a comma is part of a group's name, not a list
        ("[viewer,editor]", {"viewer,editor"}),
        (["editor", "moderator"], {"editor", "moderator"}),  # a real list (a direct invocation)
        ([], set()),
        ("", set()),
        (None, set()),
    ],
)
def test_the_groups_a_claim_names(claim: Any, groups: set[str]) -> None:
    assert _roles(claim) == groups


def test_a_staff_route_states_its_role_as_a_security_requirement() -> None:
    assert staff("moderator") == {"security": [{"bearerAuth": ["moderator"]}]}


def test_a_route_for_several_roles_admits_any_one_of_them() -> None:
    assert staff("reporter", "editor") == {"security": [{"bearerAuth": ["reporter"]}, {"bearerAuth": ["editor"]}]}
    app = app_called_with({"sub": "u2", "cognito:groups": "[reporter]"})
    _admit(app, [{"translator"}, {"reporter"}])
    assert staff_roles(app) == {"reporter"}
    with pytest.raises(Forbidden, match="needs the 'editor' or 'translator' role"):
        _admit(app_called_with({"sub": "u3", "cognito:groups": "[moderator]"}), [{"translator"}, {"editor"}])


def app_called_with(claims: dict[str, Any] | None) -> APIGatewayHttpResolver:
    context: dict[str, Any] = {"http": {"method": "POST", "path": "/x", "sourceIp": "192.0.2.1"}}
    if claims is not None:
        context["authorizer"] = {"jwt": {"claims": claims, "scopes": []}}
    app = APIGatewayHttpResolver()
    app.current_event = APIGatewayProxyEventV2({"version": "2.0", "headers": {}, "requestContext": context})
    return app


def test_no_token_is_401() -> None:
    with pytest.raises(Unauthorized):
        _admit(app_called_with(None), [{"editor"}])


def test_a_token_without_the_role_is_403_naming_it() -> None:
    with pytest.raises(Forbidden, match="needs the 'editor' role"):
        _admit(app_called_with({"sub": "u1", "cognito:groups": "[moderator viewer]"}), [{"editor"}])


def test_a_group_named_with_a_comma_is_not_two_roles() -> None:
    with pytest.raises(Forbidden):
        _admit(app_called_with({"sub": "u1", "cognito:groups": "viewer,editor"}), [{"editor"}])


def test_a_token_with_the_role_is_admitted_privately_as_its_subject() -> None:
    app = app_called_with({"sub": "u1", "cognito:groups": "[moderator editor]"})
    _admit(app, [{"editor"}])
    assert staff_member(app) == "u1"
    assert app.context["cache_control"] == STAFF_CACHE


def test_the_role_claim_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROLE_CLAIM", "roles")
    app = app_called_with({"username": "desk", "roles": ["editor"], "cognito:groups": "[viewer]"})
    _admit(app, [{"editor"}])
    assert staff_member(app) == "desk"
