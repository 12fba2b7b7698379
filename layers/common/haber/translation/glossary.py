"""The glossary: names that are never translated and term rules per language pair. Its
version is part of every translation memory key, so a change retranslates what it touches."""

from typing import Any

from haber.platform import keys, languages
from haber.platform.db import get, plain, table


def glossary() -> dict[str, Any]:
    item = get(keys.GLOSSARY) or {}
    return {
        "version": int(item.get("version", 0)),
        "protected": list(item.get("protected", [])),
        "terms": dict(item.get("terms", {})),
    }


def save_glossary(protected: list[str], terms: dict[str, dict[str, str]]) -> dict[str, Any]:
    """Replace the glossary; the new version retranslates the segments it touches."""
    for pair in terms:
        for lang in pair.split(">"):
            languages.check(lang, f"terms.{pair}")
    item = table().update_item(
        Key=keys.GLOSSARY,
        UpdateExpression="SET protected = :protected, terms = :terms ADD version :one",
        ExpressionAttributeValues={":protected": protected, ":terms": terms, ":one": 1},
        ReturnValues="ALL_NEW",
    )["Attributes"]
    return {"version": int(plain(item)["version"]), "protected": protected, "terms": terms}
