"""Machine translation of authors' bios and tags' names, from the stream like articles: the
same memory, glossary and providers. Human texts are never overwritten; a machine text is
replaced when its source changed or the glossary did. Once an item's languages are done, the
articles that name it get its new copy (articles.directory.refresh_articles)."""

from haber import articles
from haber.platform import languages
from haber.platform.shapes import Item
from haber.translation import memory, providers
from haber.translation.glossary import glossary


def translate_directory_item(item: Item) -> dict[str, str]:
    """Bring the item's machine texts up to date; when none was written (they are current,
    or cannot be made now), refresh the articles' copies. Returns what happened per language."""
    try:
        outcome = _translated(item)
    except providers.ProviderUnavailable:  # retried; meanwhile articles show what there is
        articles.directory.refresh_articles(item)
        raise
    if "translated" not in outcome.values():  # a text written comes back as a record of its own
        outcome["articles"] = str(articles.directory.refresh_articles(item))
    return outcome


def _translated(item: Item) -> dict[str, str]:
    source_lang, texts = str(item.get("source_lang") or ""), item.get("texts") or {}
    if providers.primary_name() is None or source_lang not in texts:
        return {}
    rules = glossary()

    def stale(target: str) -> bool:
        existing = texts.get(target) or {}
        if existing.get("origin") in ("source", "human"):
            return False
        return (
            existing.get("source_hash") != item["source_hash"] or existing.get("glossary_version") != rules["version"]
        )

    def save(target: str, provider: str, translated: list[str]) -> str:
        text: Item = {
            "text": translated[0],
            "origin": "machine",
            "provider": provider,
            "source_hash": item["source_hash"],
            "glossary_version": rules["version"],
        }
        if item["type"] == "tag":
            taken = {articles.directory.slug_in(other, target) for other in others}
            text["slug"] = articles.directory.free_slug(
                articles.slugify(translated[0], target) or item["id"], taken, item["id"]
            )
        saved = articles.directory.save_machine_text(item, target, text)
        return "translated" if saved else "outdated"

    targets = [lang for lang in languages.supported() if lang != source_lang and stale(lang)]
    others = articles.directory.others(item) if targets and item["type"] == "tag" else []
    segments = [texts[source_lang]["text"]]
    return memory.into_each(targets, segments, source_lang, rules, save, f"{item['type']} {item['id']}")
