"""UI strings and rendering in the reader's language.

The curated catalog lives in haber/i18n/<lang>.json in i18next's v4 format (nested keys,
CLDR plural suffixes `_one`/`_other`, `{{name}}` interpolation), so a frontend can load
GET /i18n/{lang} as its i18next backend. English is the source catalog: every other
language is checked against its keys. Dates, relative times, numbers and plural forms
come from Babel (CLDR), in the reader's locale and the site's time zone.
"""

import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time, format_timedelta
from babel.numbers import format_decimal

CATALOG = Path(__file__).with_name("i18n")
SOURCE = "en"
_VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")


@cache
def curated(lang: str) -> dict[str, str]:
    """The curated strings of one language, flattened to dotted keys ({} if none)."""
    path = CATALOG / f"{lang}.json"
    return flatten(json.loads(path.read_text(encoding="utf-8"))) if path.exists() else {}


def flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = str(value)
    return flat


def nest(flat: dict[str, str]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for key, value in sorted(flat.items()):
        *parents, leaf = key.split(".")
        node = tree
        for parent in parents:
            node = node.setdefault(parent, {})
        node[leaf] = value
    return tree


# Strings that are the same in every language: languages' own names and brand names.
NEUTRAL = re.compile(r"^(language\.(?!label$)\w+|share\.(facebook|x|whatsapp|telegram))$")


@dataclass
class Bundle:
    strings: dict[str, Any]
    machine: list[str]  # keys translated by a machine (no curated entry)
    untranslated: list[str]  # keys served from the English source for now


def bundle(lang: str) -> Bundle:
    """The i18next bundle for a language: curated strings win, then machine translations
    of the current source text, then the English source. Untranslated keys are queued
    for the translation worker (one conditional write, at most once an hour)."""
    source, own = curated(SOURCE), curated(lang)
    if all(key in own for key in source):
        return Bundle(nest({key: own[key] for key in source}), [], [])
    from haber.translating import machine_strings, request_strings

    machine = {
        key: entry["text"]
        for key, entry in machine_strings(lang).items()
        if key in source and key not in own and entry["source_hash"] == source_hash(source[key])
    }
    untranslated = sorted(key for key in source if key not in own and key not in machine and not NEUTRAL.match(key))
    if untranslated:
        request_strings(lang)
    strings = {key: own.get(key) or machine.get(key) or source[key] for key in source}
    return Bundle(nest(strings), sorted(machine), untranslated)


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def text(lang: str, key: str, **values: Any) -> str:
    """One string, pluralised by `count` (CLDR rules of the language) and interpolated."""
    strings, fallback = curated(lang), curated(SOURCE)
    if "count" in values:
        plural = f"{key}_{Locale.parse(lang).plural_form(abs(values['count']))}"
        key = plural if plural in fallback else key
        values = {**values, "count": format_decimal(values["count"], locale=lang)}
    template = strings.get(key) or fallback.get(key) or key
    return _VARIABLE.sub(lambda match: str(values.get(match.group(1), match.group(0))), template)


def has(key: str) -> bool:
    return key in curated(SOURCE)


def time_zone() -> ZoneInfo:
    return ZoneInfo(os.environ.get("DISPLAY_TIME_ZONE") or "Europe/Berlin")


def moment(iso: str, lang: str, now: datetime | None = None) -> dict[str, str]:
    """An ISO timestamp as a reader sees it: "11.01.2026 21:27" and "vor 3 Stunden"."""
    when = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(time_zone())
    local = f"{format_date(when, 'medium', locale=lang)} {format_time(when, 'short', locale=lang)}"
    relative = format_timedelta(when - (now or datetime.now(UTC)), add_direction=True, locale=lang)
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
