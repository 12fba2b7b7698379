"""Keys derived from the stack's signing secret, one per purpose, and visitor hashes."""

import hashlib
import hmac

from haber.platform.settings import get_settings


def derived_key(purpose: str) -> bytes:
    return hmac.new(get_settings().signing_secret, purpose.encode(), hashlib.sha256).digest()


def visitor_hash(ip: str, user_agent: str, day: str) -> str:
    """Who is asking, without storing who: the salt changes daily, so hashes cannot be
    linked across days, and the raw IP is never written anywhere (as Plausible does)."""
    salt = derived_key(f"visitor:{day}")
    return hmac.new(salt, f"{ip}|{user_agent}".encode(), hashlib.sha256).hexdigest()[:32]
