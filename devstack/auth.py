"""The local stand-in for the HTTP API's JWT authorizer. It trusts the local OpenID Connect
provider (`OidcTrust`: its discovery document and JWKS, as API Gateway trusts Cognito) and
`make token`'s issuer (`LocalIssuer`: an RSA key of its own, for scripts and tests)."""

import time
from pathlib import Path
from typing import Any, Protocol

import jwt
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from devstack import written_once


class Trust(Protocol):
    def verify(self, authorization: str | None) -> dict[str, Any] | None: ...


def new_key() -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


class LocalIssuer:
    def __init__(self, key_file: Path, issuer: str, audience: list[str]):
        self.issuer = issuer
        self.audience = audience
        self._private_key = serialization.load_pem_private_key(written_once(key_file, new_key), password=None)

    def token(self, role: str, subject: str = "local-user", lifetime: int = 12 * 3600, name: str | None = None) -> str:
        """A token whose groups are `role`'s comma-separated names ("reporter,translator")."""
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.audience[0],
            "sub": subject,
            "iat": now,
            "exp": now + lifetime,
            "cognito:groups": role.split(","),
            **({"name": name} if name else {}),
        }
        return jwt.encode(claims, self._private_key, algorithm="RS256")  # type: ignore[arg-type]

    def verify(self, authorization: str | None) -> dict[str, Any] | None:
        """The token's claims, or None when API Gateway would answer 401."""
        if not authorization:
            return None
        token = authorization.removeprefix("Bearer ").strip()
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self._private_key.public_key(),  # type: ignore[arg-type]
                algorithms=["RS256"],
                issuer=self.issuer,
                audience=self.audience,
                options={"require": ["exp", "iss"]},
            )
        except jwt.PyJWTError:
            return None
        return claims


class OidcTrust:
    """What API Gateway's JWT authorizer checks: a token signed by a key of the issuer's
    JWKS (found through its discovery document), its `iss`, its expiry, and an `aud` or a
    `client_id` among the audiences."""

    def __init__(self, issuer: str, audience: list[str]):
        self.issuer = issuer
        self.audience = audience
        self._keys: jwt.PyJWKClient | None = None

    def verify(self, authorization: str | None) -> dict[str, Any] | None:
        if not authorization:
            return None
        token = authorization.removeprefix("Bearer ").strip()
        try:
            key = self._key_set().get_signing_key_from_jwt(token)
            claims: dict[str, Any] = jwt.decode(
                token,
                key.key,
                algorithms=["RS256"],
                issuer=self.issuer,
                options={"require": ["exp", "iss"], "verify_aud": False},
            )
        except (jwt.PyJWTError, requests.RequestException):
            return None
        audiences = claims.get("aud", [])
        audiences = [audiences] if isinstance(audiences, str) else audiences
        if not set(self.audience) & {*audiences, claims.get("client_id")}:
            return None
        return claims

    def _key_set(self) -> jwt.PyJWKClient:
        if self._keys is None:
            discovery = requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=5)
            discovery.raise_for_status()
            self._keys = jwt.PyJWKClient(discovery.json()["jwks_uri"], cache_keys=True)
        return self._keys
