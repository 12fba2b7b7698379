"""The curated UI catalog: haber/i18n/<lang>.json in i18next's v4 format (nested keys, CLDR
plural suffixes `_one`/`_other`, `{{name}}` interpolation). English is the source catalog:
every other language is checked against its keys."""

import hashlib
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.numbers import format_decimal

CATALOG = Path(__file__).parent
SOURCE = "en"
_VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")
# Strings that are the same in every language: languages' own names and brand names.
NEUTRAL = re.compile(r"^(language\.(?!label$)\w+|share\.(facebook|x|whatsapp|telegram))$")


@cache
def curated(lang: str) -> dict[str, str]:
    """The curated strings of one language, flattened to dotted keys ({} if none)."""
    path = CATALOG / f"{lang}.json"
    return flatten(json.loads(path.read_text(encoding="utf-8"))) if path.exists() else {}


# A catalog as its JSON file and i18next bundles nest it: {"comments": {"heading": "…"}}.
type Tree = dict[str, str | Tree]


def flatten(tree: Tree, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = str(value)
    return flat


def nest(flat: dict[str, str]) -> Tree:
    tree: Tree = {}
    for key, value in sorted(flat.items()):
        *parents, leaf = key.split(".")
        node = tree
        for parent in parents:
            child = node.setdefault(parent, {})
            assert isinstance(child, dict)  # a key is never both a string and a group
            node = child
        node[leaf] = value
    return tree


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


def error_message(lang: str, code: str) -> str | None:
    """The catalog's message for an error code in `lang`, if the catalog has one."""
    return text(lang, f"errors.{code}") if has(f"errors.{code}") else None


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]
