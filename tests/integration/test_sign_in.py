"""Signing in through the local OpenID Connect provider (oidc-provider, as `make dev` runs
it) and the local gateway trusting its tokens as API Gateway trusts Cognito's: the
authorization code flow with PKCE, roles from the provider's groups, and every way a token
is refused."""

import base64
import json
import time
from collections.abc import Iterator
from pathlib import Path

import jwt
import pytest
import requests
from werkzeug.test import Client

from devstack.auth import LocalIssuer, OidcTrust, new_key
from devstack.dynamodb import free_port
from devstack.gateway import Gateway
from devstack.identity import IdentityProvider
from devstack.runtime import Runtime
from devstack.signin import CLIENT_ID, sign_in

DESK = "http://127.0.0.1:3000/desk/"
AUDIENCE = "haber-local"


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IdentityProvider]:
    state = tmp_path_factory.mktemp("oidc")
    identity = IdentityProvider(free_port(), DESK, AUDIENCE, state, access_token_ttl=2).start()
    yield identity
    identity.stop()


@pytest.fixture(scope="module")
def gateway(demo: Runtime, provider: IdentityProvider) -> Client:
    return Client(Gateway(demo, OidcTrust(provider.issuer, [AUDIENCE])))


def newsroom(gateway: Client, token: str) -> int:
    answer = gateway.get("/newsroom/articles?limit=1", headers={"Authorization": f"Bearer {token}"})
    return answer.status_code


def claims_of(token: str) -> dict[str, object]:
    payload: dict[str, object] = jwt.decode(token, options={"verify_signature": False})
    return payload


def test_each_user_signs_in_with_the_groups_of_their_role(provider: IdentityProvider) -> None:
    for user, groups in [
        ("reporter", ["reporter"]),
        ("translator", ["translator"]),
        ("editor", ["editor"]),
        ("moderator", ["moderator"]),
        ("all", ["reporter", "translator", "editor", "moderator"]),
    ]:
        tokens = sign_in(provider.issuer, user, DESK)
        access = claims_of(tokens["access_token"])
        assert access["iss"] == provider.issuer
        assert access["aud"] == AUDIENCE
        assert access["client_id"] == CLIENT_ID
        assert access["sub"] == user
        assert access["cognito:groups"] == groups
        assert claims_of(tokens["id_token"])["preferred_username"] == user
        assert jwt.get_unverified_header(tokens["access_token"])["alg"] == "RS256"


def test_the_gateway_lets_each_role_do_what_it_may(provider: IdentityProvider, gateway: Client) -> None:
    assert newsroom(gateway, sign_in(provider.issuer, "editor", DESK)["access_token"]) == 200
    assert newsroom(gateway, sign_in(provider.issuer, "reporter", DESK)["access_token"]) == 200
    moderator = sign_in(provider.issuer, "moderator", DESK)["access_token"]
    assert newsroom(gateway, moderator) == 403
    queue = gateway.get("/comments?status=pending", headers={"Authorization": f"Bearer {moderator}"})
    assert queue.status_code == 200


def test_an_unknown_user_is_not_signed_in(provider: IdentityProvider) -> None:
    with pytest.raises(ValueError, match="no user 'intruder'"):
        sign_in(provider.issuer, "intruder", DESK)


def test_the_provider_requires_pkce_and_a_registered_redirect(provider: IdentityProvider) -> None:
    authorize = f"{provider.issuer}/auth"
    params = {"client_id": CLIENT_ID, "response_type": "code", "scope": "openid", "redirect_uri": DESK}
    without_pkce = requests.get(authorize, params=params, allow_redirects=False, timeout=10)
    assert without_pkce.status_code == 303
    assert "error=invalid_request" in without_pkce.headers["location"]
    assert "requires+PKCE" in without_pkce.headers["location"]
    plain = {**params, "code_challenge": "x" * 43, "code_challenge_method": "plain"}
    plain_refused = requests.get(authorize, params=plain, allow_redirects=False, timeout=10)
    assert "error=invalid_request" in plain_refused.headers["location"]
    assert "code_challenge_method" in plain_refused.headers["location"]
    elsewhere = {**params, "redirect_uri": "https://evil.example/desk/", "code_challenge": "x" * 43}
    refused = requests.get(authorize, params={**elsewhere, "code_challenge_method": "S256"}, timeout=10)
    assert refused.status_code == 400
    assert "redirect_uri" in refused.text


def test_the_gateway_refuses_tokens_it_must_not_trust(
    provider: IdentityProvider, gateway: Client, tmp_path: Path
) -> None:
    tokens = sign_in(provider.issuer, "editor", DESK)
    assert newsroom(gateway, tokens["id_token"]) == 401  # its audience is the desk, not the API
    header, payload, signature = tokens["access_token"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    forged = base64.urlsafe_b64encode(json.dumps({**claims, "cognito:groups": ["editor", "x"]}).encode())
    assert newsroom(gateway, f"{header}.{forged.rstrip(b'=').decode()}.{signature}") == 401
    # Signed by a key that is not in the provider's JWKS, with the provider's issuer.
    stranger = LocalIssuer(tmp_path / "stranger.pem", provider.issuer, [AUDIENCE])
    assert newsroom(gateway, stranger.token("editor")) == 401
    other_audience = LocalIssuer(tmp_path / "key.pem", "https://elsewhere.example", [AUDIENCE])
    assert newsroom(gateway, other_audience.token("editor")) == 401
    assert newsroom(gateway, "not-a-token") == 401
    assert new_key()  # the key maker the devstack uses for the provider's key works on its own


def test_an_expired_access_token_is_refused_and_signing_in_again_works(
    provider: IdentityProvider, gateway: Client
) -> None:
    token = sign_in(provider.issuer, "editor", DESK)["access_token"]
    assert newsroom(gateway, token) == 200
    time.sleep(3)  # the provider here issues tokens for 2 seconds
    assert newsroom(gateway, token) == 401
    assert newsroom(gateway, sign_in(provider.issuer, "editor", DESK)["access_token"]) == 200
