"""Display fields in the reader's language: dates and relative times (Babel, CLDR) in the
site's time zone, and Turkish-aware casing."""

from datetime import datetime

from babel.dates import format_date, format_time, format_timedelta

from haber.platform import clock
from haber.platform.settings import get_settings


def moment(iso: str, lang: str, now: datetime | None = None) -> dict[str, str]:
    """An ISO timestamp as a reader sees it: "11.01.2026 21:27" and "vor 3 Stunden"."""
    when = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(get_settings().time_zone)
    local = f"{format_date(when, 'medium', locale=lang)} {format_time(when, 'short', locale=lang)}"
    relative = format_timedelta(when - (now or clock.now()), add_direction=True, locale=lang)
    return {"local": local, "relative": relative}


def upper(value: str, lang: str) -> str:
    """Upper case with Turkish and Azerbaijani dotted and dotless i (i→İ, ı→I)."""
    if lang in ("tr", "az"):
        value = value.replace("i", "İ").replace("ı", "I")
    return value.upper()


def lower(value: str, lang: str) -> str:
    """Lower case with Turkish and Azerbaijani dotted and dotless i (İ→i, I→ı)."""
    if lang in ("tr", "az"):
        value = value.replace("İ", "i").replace("I", "ı")
    return value.lower()
