"""Machine translation of image texts (alt and caption), from the stream like articles:
the same memory, glossary and providers; human translations are never overwritten, and a
machine text is replaced when its source changed (the hash) or the glossary did."""

from haber.platform import languages
from haber.platform.observability import logger, metrics
from haber.platform.shapes import Item
from haber.translation import memory, providers, store
from haber.translation.budget import BudgetSpent
from haber.translation.glossary import glossary


def translate_image_texts(item: Item) -> dict[str, str]:
    """Bring a media item's machine texts up to date; returns what happened per language."""
    source_lang, texts = str(item.get("source_lang") or ""), item.get("texts") or {}
    if providers.primary_name() is None or source_lang not in texts:
        return {}
    source = texts[source_lang]
    rules = glossary()
    outcome: dict[str, str] = {}
    for target in (lang for lang in languages.supported() if lang != source_lang):
        existing = texts.get(target) or {}
        if existing.get("origin") == "human":
            continue
        if existing.get("source_hash") == item["source_hash"] and existing.get("glossary_version") == rules["version"]:
            continue
        segments = [source["alt"], *([source["caption"]] if source.get("caption") else [])]
        try:
            provider, translated = memory.translate(segments, source_lang, target, rules)
        except BudgetSpent:
            metrics.add_metric(name="TranslationBudgetExhausted", unit="Count", value=1)
            outcome[target] = "budget_spent"
            continue
        except providers.ProviderUnavailable as error:
            logger.warning("Translation unavailable", extra={"media_id": item["id"], "error": str(error)})
            outcome[target] = "unavailable"
            continue
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
        outcome[target] = "translated" if saved else "outdated"
    if "unavailable" in outcome.values():
        raise providers.ProviderUnavailable(f"no translation of the texts of image {item['id']} for now")
    return outcome
