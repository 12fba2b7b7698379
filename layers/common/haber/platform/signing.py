"""Keys derived from the stack's signing secret, one per purpose, and the hashes that stand
for readers: per client (address and user agent) and per address. Neither is reversible
without the secret, the salt changes daily so hashes cannot be linked across days, and
the raw IP is never written anywhere (as Plausible does).

Deployed, the secret stays in Secrets Manager: a function that signs gets only its id
(SIGNING_SECRET_ID) and reads the value once, through Powertools' cached parameters, on
first use. A value in the environment (SIGNING_SECRET) is for places without Secrets
Manager at hand, such as `sam local invoke` and unit tests; the template never sets it.
"""

import hashlib
import hmac
import ipaddress
from typing import Self

from pydantic import Field, model_validator

from haber.platform import secrets
from haber.platform.settings import ConfigurationError, EnvironmentSettings

MIN_SECRET_LENGTH = 16


class SigningSettings(EnvironmentSettings):
    secret_id: str = Field(default="", alias="SIGNING_SECRET_ID")
    secret: bytes = Field(default=b"", alias="SIGNING_SECRET")

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        if bool(self.secret_id) == bool(self.secret):
            raise ValueError("set SIGNING_SECRET_ID (the Secrets Manager secret), or SIGNING_SECRET locally; not both")
        if self.secret and len(self.secret) < MIN_SECRET_LENGTH:
            raise ValueError(f"SIGNING_SECRET must have at least {MIN_SECRET_LENGTH} characters")
        return self


def derived_key(purpose: str) -> bytes:
    return hmac.new(signing_secret(), purpose.encode(), hashlib.sha256).digest()


def signing_secret() -> bytes:
    settings = SigningSettings.load()
    if settings.secret:
        return settings.secret
    secret = secrets.value(settings.secret_id)
    if len(secret) < MIN_SECRET_LENGTH:
        raise ConfigurationError(f"the signing secret must have at least {MIN_SECRET_LENGTH} characters")
    return secret


def visitor_hash(ip: str, user_agent: str, day: str) -> str:
    """One client: its address and user agent (a changed user agent is a new client)."""
    salt = derived_key(f"visitor:{day}")
    return hmac.new(salt, f"{ip}|{user_agent}".encode(), hashlib.sha256).hexdigest()[:32]


def address_hash(ip: str, day: str) -> str:
    """One address, whatever user agents it shows: what limits one client with many faces."""
    salt = derived_key(f"address:{day}")
    return hmac.new(salt, subscriber_address(ip).encode(), hashlib.sha256).hexdigest()[:32]


def subscriber_address(ip: str) -> str:
    """The address one subscriber holds: an IPv4 address, or an IPv6 /64 (a provider gives
    each household a whole /64, so its devices differ only in the last 64 bits)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)
