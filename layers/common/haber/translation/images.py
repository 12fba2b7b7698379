"""Machine translation of image texts (alt and caption), from the stream like articles:
the same memory, glossary and providers; human translations are never overwritten, and a
machine text is replaced when its source changed (the hash) or the glossary did."""

from haber.platform import languages
from haber.platform.shapes import Item
from haber.translation import memory, providers, store
from haber.translation.glossary import glossary


def translate_image_texts(item: Item) -> dict[str, str]:
    """Bring a media item's machine texts up to date; returns what happened per language."""
    source_lang, texts = str(item.get("source_lang") or ""), item.get("texts") or {}
    if providers.primary_name() is None or source_lang not in texts:
        return {}
    source = texts[source_lang]
    rules = glossary()

    def stale(target: str) -> bool:
        existing = texts.get(target) or {}
        if existing.get("origin") == "human":
            return False
        return (
            existing.get("source_hash") != item["source_hash"] or existing.get("glossary_version") != rules["version"]
        )

    def save(target: str, provider: str, translated: list[str]) -> str:
        text = {
            "alt": translated[0],
            "origin": "machine",
            "provider": provider,
            "source_hash": item["source_hash"],
            "glossary_version": rules["version"],
        }
        if len(translated) > 1:
            text["caption"] = translated[1]
        saved = store.save_image_text(item["id"], target, text, item["source_hash"])
        return "translated" if saved else "outdated"

    targets = [lang for lang in languages.supported() if lang != source_lang and stale(lang)]
    segments = [source["alt"], *([source["caption"]] if source.get("caption") else [])]
    return memory.into_each(targets, segments, source_lang, rules, save, f"the texts of image {item['id']}")
