"""Supported languages: which one a request wants, and what each is called."""

from functools import cache

from babel import Locale, UnknownLocaleError

from haber.platform.errors import BadRequest, field_error
from haber.platform.settings import get_settings


def supported() -> tuple[str, ...]:
    return get_settings().languages


def check(code: str, field: str = "lang") -> str:
    if code not in supported():
        raise BadRequest(
            f"Language {code!r} is not supported; use one of: {', '.join(supported())}.",
            [field_error(field, f"must be one of {', '.join(supported())}")],
            code="unsupported_language",
        )
    return code


def negotiate(accept_language: str | None) -> str:
    """Pick the best supported language for an Accept-Language header (RFC 9110 q-values)."""
    available = supported()
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if quality > 0 and primary:
            ranked.append((-quality, position, primary))
    for _, _, primary in sorted(ranked):
        if primary in available:
            return primary
        if primary == "*":
            break
    return get_settings().default_language


@cache
def display_name(code: str) -> str:
    """The language's own name for itself ("Deutsch", "Türkçe"), from CLDR via Babel."""
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]
