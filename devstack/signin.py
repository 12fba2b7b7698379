"""Signing in to the local OpenID Connect provider without a browser, the way the desk does:
authorization code flow with PKCE (S256), the sign-in form's `username`, then the token
endpoint. For `make token` while `make dev` runs, and for the tests."""

import base64
import hashlib
import secrets
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import requests

CLIENT_ID = "haber-desk"


def sign_in(issuer: str, username: str, redirect_uri: str) -> dict[str, Any]:
    """The token endpoint's answer (access_token, id_token, expires_in, …) for `username`."""
    session = requests.Session()
    discovery = session.get(f"{issuer}/.well-known/openid-configuration", timeout=10).json()
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    state = secrets.token_urlsafe(16)
    answer = session.get(
        discovery["authorization_endpoint"],
        params={
            "client_id": CLIENT_ID,
            "response_type": "code",
            "scope": "openid profile",
            "redirect_uri": redirect_uri,
            "state": state,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        },
        allow_redirects=False,
        timeout=10,
    )
    form_page = _follow(session, answer, redirect_uri)
    login = urljoin(form_page.url, f"{urlsplit(form_page.url).path}/login")
    answer = session.post(login, data={"username": username}, allow_redirects=False, timeout=10)
    if answer.status_code == 200:
        raise ValueError(f"the provider has no user {username!r}")
    callback = _follow(session, answer, redirect_uri)
    query = parse_qs(urlsplit(callback.url).query)
    if query.get("state") != [state] or "code" not in query:
        raise ValueError(f"the provider did not send a code back: {callback.url}")
    tokens = session.post(
        discovery["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": query["code"][0],
            "redirect_uri": redirect_uri,
            "client_id": CLIENT_ID,
            "code_verifier": verifier,
        },
        timeout=10,
    )
    tokens.raise_for_status()
    result: dict[str, Any] = tokens.json()
    return result


def _follow(session: requests.Session, answer: requests.Response, stop_at: str) -> requests.Response:
    """Follows redirects up to the page to fill in, or up to `stop_at` (not fetched)."""
    for _ in range(10):
        if answer.status_code not in (302, 303):
            answer.raise_for_status()
            return answer
        location = urljoin(answer.url, answer.headers["location"])
        if location.startswith(stop_at):
            answer.url = location
            return answer
        answer = session.get(location, allow_redirects=False, timeout=10)
    raise ValueError("too many redirects")
