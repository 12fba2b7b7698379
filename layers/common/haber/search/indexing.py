"""What the index holds: each article's texts while the article is live or will be once its
publication time comes (a query leaves out what is not yet published, so a scheduled article
appears when it goes live, with no event). `publication.is_live` decides, as everywhere.

The indexer gathers a stream batch's articles (reading each is a record's own success or
failure), then writes each language's index once."""

import html
import re
from collections import defaultdict
from dataclasses import dataclass, field

from haber import articles, media
from haber.platform import clock, keys, languages
from haber.platform.publication import is_live
from haber.search import indexes, store
from haber.search.records import Entry

REBUILD_BATCH = 5_000  # articles per commit while rebuilding
BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|figcaption|figure)>|<br\s*/?>", re.IGNORECASE)


def listed(meta: articles.Meta) -> bool:
    """Live, or live as soon as its publication time comes."""
    return is_live({**meta, "published_at": min(meta["published_at"], clock.now_iso())})


def entries(article: articles.Article) -> list[Entry]:
    meta = article.meta
    if not listed(meta):
        return []
    found = []
    live = articles.live_languages(meta)  # a machine text held back for review is not found either
    for lang, text in article.texts.items():
        if lang not in live:
            continue
        entry = Entry(
            id=meta["id"],
            lang=lang,
            title=text["title"],
            summary=text["summary"],
            body=plain_text(text["body"]),
            slug=text["slug"],
            category=meta["category"],
            tags=meta["tags"],
            author=meta["author"],
            published_at=meta["published_at"],
        )
        image = article.images.get(meta.get("image", ""))
        if image:
            entry["image"] = media.served(image, lang)
        found.append(entry)
    return found


def plain_text(body: str) -> str:
    """A stored body as readers read it: paragraphs apart, entities as the characters they are."""
    return html.unescape(articles.text_of(BLOCK_END.sub(lambda end: f"{end.group()} ", body)))


@dataclass
class Batch:
    """The articles a stream batch changed, read as they are now, written on `commit`."""

    removed: set[str] = field(default_factory=set)
    added: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))

    def take(self, pk: str) -> None:
        article_id = keys.article_id_of(pk)
        if article_id in self.removed:
            return
        article = articles.load(article_id)
        self.removed.add(article_id)
        for entry in entries(article) if article else []:
            self.added[entry["lang"]].append(entry)

    def commit(self) -> None:
        if self.removed:
            for lang in languages.supported():
                indexes.write(lang, self.removed, self.added.get(lang, []))


def rebuild() -> int:
    """Every language's index again from the table, published once complete (readers keep
    the old one until then). Returns the articles read. A change the stream indexes while it
    runs may be overwritten: run it with the indexer's mapping disabled, or run it again."""
    count, fresh = 0, True
    batch = Batch()
    for article_id in store.article_ids():
        batch.take(keys.article(article_id))
        count += 1
        if len(batch.removed) >= REBUILD_BATCH:
            _write_all(batch, fresh, publish=False)
            batch, fresh = Batch(), False
    _write_all(batch, fresh, publish=True)
    return count


def _write_all(batch: Batch, fresh: bool, publish: bool) -> None:
    for lang in languages.supported():
        indexes.write(lang, batch.removed, batch.added.get(lang, []), fresh=fresh, publish=publish)
