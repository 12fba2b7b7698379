"""Display fields in the reader's language: dates and relative times (Babel, CLDR) in the
site's time zone, languages named in the reader's language, and Turkish-aware casing."""

from datetime import datetime
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime, format_time, format_timedelta

from haber.platform import clock
from haber.platform.settings import get_settings

# Date and time as the language's newsrooms write them; other languages get CLDR's medium
# date and short time, joined by CLDR's own pattern ("Nov 4, 2026, 8:30 AM").
NEWSROOM_DATES = {"de": "dd.MM.yyyy, HH:mm 'Uhr'", "tr": "d MMMM y, HH:mm"}


def moment(iso: str, lang: str, now: datetime | None = None) -> dict[str, str]:
    """An ISO timestamp as a reader sees it: "11.01.2026, 21:27 Uhr" and "vor 3 Stunden"."""
    when = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(get_settings().time_zone)
    relative = format_timedelta(when - (now or clock.now()), add_direction=True, locale=lang)
    return {"local": local_time(when, lang), "relative": relative}


def local_time(when: datetime, lang: str) -> str:
    if lang in NEWSROOM_DATES:
        return format_datetime(when, NEWSROOM_DATES[lang], locale=lang)
    joined = str(Locale.parse(lang).datetime_formats["medium"])
    return joined.replace("{1}", format_date(when, "medium", locale=lang)).replace(
        "{0}", format_time(when, "short", locale=lang)
    )


@cache
def language_name(code: str, reader: str) -> str:
    """A language as running text names it in the reader's language ("Englisch" on a German
    page, "İngilizce" on a Turkish one), from CLDR; its own name for itself belongs only in a
    language switcher."""
    try:
        name = Locale.parse(reader).languages.get(code) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name  # as CLDR writes it mid-sentence ("Englisch", "İngilizce", "anglais")


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
