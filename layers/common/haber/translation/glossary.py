"""The glossary: names that are never translated and term rules per language pair. Its
version is part of every translation memory key, so a change retranslates what it touches."""

from haber.platform import languages
from haber.translation import store
from haber.translation.records import GlossaryRules


def glossary() -> GlossaryRules:
    item = store.glossary()
    return {
        "version": int(item.get("version", 0)),
        "protected": list(item.get("protected", [])),
        "terms": dict(item.get("terms", {})),
    }


def save_glossary(protected: list[str], terms: dict[str, dict[str, str]]) -> GlossaryRules:
    """Replace the glossary; the new version retranslates the segments it touches."""
    for pair in terms:
        for lang in pair.split(">"):
            languages.check(lang, f"terms.{pair}")
    return {"version": store.save_glossary(protected, terms), "protected": protected, "terms": terms}
