"""Machine translation of an article's corrections, from the stream like its text: the same
memory, glossary and providers. A correction never changes, so each language is translated
once; a language already there is left alone."""

from haber import articles
from haber.platform import languages
from haber.platform.observability import logger, metrics
from haber.platform.shapes import Item
from haber.translation import memory, providers
from haber.translation.budget import BudgetSpent
from haber.translation.glossary import glossary


def translate_correction(item: Item) -> dict[str, str]:
    if providers.primary_name() is None:
        return {}
    source_lang, texts = str(item["lang"]), item.get("texts") or {}
    source = texts.get(source_lang)
    if not source:
        return {}
    rules, outcome = glossary(), {}
    for target in (lang for lang in languages.supported() if lang not in texts):
        try:
            _, translated = memory.translate([source["text"]], source_lang, target, rules)
        except BudgetSpent:
            metrics.add_metric(name="TranslationBudgetExhausted", unit="Count", value=1)
            outcome[target] = "budget_spent"
            continue
        except providers.ProviderUnavailable as error:
            logger.warning("Translation unavailable", extra={"correction": item["sk"], "error": str(error)})
            outcome[target] = "unavailable"
            continue
        added = articles.add_correction_text(item, target, {"text": translated[0], "origin": "machine"})
        outcome[target] = "translated" if added else "present"
    if "unavailable" in outcome.values():
        raise providers.ProviderUnavailable(f"no translation of correction {item['sk']} for now")
    return outcome
