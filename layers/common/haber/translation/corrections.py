"""Machine translation of an article's corrections, from the stream like its text: the same
memory, glossary and providers. A correction never changes, so each language is translated
once; a language already there is left alone."""

from haber import articles
from haber.platform import languages
from haber.platform.shapes import Item
from haber.translation import memory, providers
from haber.translation.glossary import glossary


def translate_correction(item: Item) -> dict[str, str]:
    if providers.primary_name() is None:
        return {}
    source_lang, texts = str(item["lang"]), item.get("texts") or {}
    source = texts.get(source_lang)
    if not source:
        return {}

    def save(target: str, _: str, translated: list[str]) -> str:
        added = articles.add_correction_text(item, target, {"text": translated[0], "origin": "machine"})
        return "translated" if added else "present"

    targets = [lang for lang in languages.supported() if lang not in texts]
    return memory.into_each(targets, [source["text"]], source_lang, glossary(), save, f"correction {item['sk']}")
