"""Keys derived from the stack's signing secret, one per purpose, and the hashes that stand
for readers: per client (address and user agent) and per address. Neither is reversible
without the secret, the salt changes daily so hashes cannot be linked across days, and
the raw IP is never written anywhere (as Plausible does)."""

import hashlib
import hmac
import ipaddress

from haber.platform.settings import get_settings


def derived_key(purpose: str) -> bytes:
    return hmac.new(get_settings().signing_secret, purpose.encode(), hashlib.sha256).digest()


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
