"""The local stand-in for the HTTP API's JWT authorizer: an RSA key of its own signs
tokens (`make token`) and verifies them with the template's issuer and audience."""

import time
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from devstack import written_once


def _new_key() -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


class LocalIssuer:
    def __init__(self, key_file: Path, issuer: str, audience: list[str]):
        self.issuer = issuer
        self.audience = audience
        self._private_key = serialization.load_pem_private_key(written_once(key_file, _new_key), password=None)

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
