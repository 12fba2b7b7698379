"""Each language's review state: `source` (what the editor wrote), `human` (a translator's),
`machine` (not reviewed), `reviewed` (a machine text an editor approved) and `outdated` (its
source changed since it was made or approved)."""

from haber.articles.records import ArticleText, Card, Meta, Texts


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
    return state(card["origin"], card.get("source_hash"), meta["source_hash"], bool(card.get("reviewed")))


def of_texts(meta: Meta, texts: Texts) -> dict[str, str]:
    return {lang: of_text(text, meta) for lang, text in texts.items()}


def card_of(text: ArticleText) -> Card:
    """A language's line in listings, with what its review state is read from."""
    card = Card(title=text["title"], summary=text["summary"], slug=text["slug"], origin=text["origin"])
    card["source_hash"] = text["source_hash"]
    if "reviewed_by" in text:
        card["reviewed"] = True
    return card
