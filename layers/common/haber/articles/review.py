"""Each language's review state: `source` (what the editor wrote), `human` (a translator's),
`machine` (not reviewed), `reviewed` (a machine text an editor approved) and `outdated` (its
source changed since it was made or approved)."""

from haber.articles.records import ArticleText, Card, Meta, Texts
from haber.articles.settings import ArticleSettings


def state(origin: str, made_from: str | None, source_hash: str, reviewed: bool) -> str:
    if origin == "source":
        return "source"
    if made_from is not None and made_from != source_hash:
        return "outdated"
    if origin == "human":
        return "human"
    return "reviewed" if reviewed else "machine"


def of_text(text: ArticleText, meta: Meta) -> str:
    return state(text["origin"], text["source_hash"], meta["source_hash"], "reviewed_by" in text)


def of_card(card: Card, meta: Meta) -> str:
    """(Tag entries written before they kept the article's source hash count as current.)"""
    made_from = card.get("source_hash")
    current = meta.get("source_hash", made_from) or ""
    return state(card["origin"], made_from, current, bool(card.get("reviewed")))


def of_texts(meta: Meta, texts: Texts) -> dict[str, str]:
    return {lang: of_text(text, meta) for lang, text in texts.items()}


def card_of(text: ArticleText) -> Card:
    """A language's line in listings, with what its review state is read from."""
    card = Card(title=text["title"], summary=text["summary"], slug=text["slug"], origin=text["origin"])
    card["source_hash"] = text["source_hash"]
    if "reviewed_by" in text:
        card["reviewed"] = True
    return card


def shown(origin: str, state: str) -> bool:
    """Do readers see a language? What an editor or translator wrote, always (an outdated
    human translation is flagged stale); a machine text when the stack lets unreviewed ones
    live, or once an editor approved it for the current source."""
    if origin in ("source", "human"):
        return True
    return state == "reviewed" or ArticleSettings.load().machine_translations_live


def live_languages(meta: Meta) -> set[str]:
    """The languages readers see, from the listing cards."""
    return {lang for lang, card in meta["cards"].items() if shown(card["origin"], of_card(card, meta))}


def live_texts(meta: Meta, texts: Texts) -> set[str]:
    return {lang for lang, text in texts.items() if shown(text["origin"], of_text(text, meta))}
