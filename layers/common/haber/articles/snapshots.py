"""What a revision keeps: the whole article as the write left it (metadata and every
language), compressed, and what the write changed."""

import json
import zlib
from collections.abc import Mapping
from typing import cast

from haber.articles.records import Article, ArticleText, Meta, RevisionEntry, Snapshot, Texts
from haber.platform import keys
from haber.platform.shapes import Item

TEXT_FIELDS = ("title", "summary", "body")
META_FIELDS = (
    "category",
    "tags",
    "authors",
    "author",
    "published_at",
    "status",
    "comments_open",
    "image",
    "source_lang",
)


KEYS = ("pk", "sk", *keys.INDEX_KEYS, "find")  # what is derived, not written


def content(item: Mapping[str, object] | None) -> dict[str, object]:
    """An item without its table and index keys: what a revision keeps and compares."""
    return {name: value for name, value in (item or {}).items() if name not in KEYS}


def encode(meta: Meta, texts: Texts) -> bytes:
    shown = {"meta": content(meta), "texts": {lang: content(text) for lang, text in texts.items()}}
    data = json.dumps(shown, ensure_ascii=False, separators=(",", ":"), default=_number)
    return zlib.compress(data.encode(), 9)


def decode(data: bytes) -> Snapshot:
    return cast(Snapshot, json.loads(zlib.decompress(data)))


def changed_fields(old: Article | None, meta: Meta, texts: Texts, langs: set[str]) -> list[str]:
    """Metadata fields that changed, then the text fields that changed in any language."""
    before: Mapping[str, object] = old.meta if old else {}
    fields = [name for name in META_FIELDS if meta.get(name) != before.get(name)]
    fields += [
        name for name in TEXT_FIELDS if any(text_changed(old.texts if old else {}, texts[lang], name) for lang in langs)
    ]
    return fields


def text_changed(before: Texts, text: ArticleText, name: str) -> bool:
    old = before.get(text["lang"])
    return old is None or old.get(name) != text.get(name)


def item(article_id: str, entry: RevisionEntry, meta: Meta, texts: Texts) -> Item:
    return {
        **keys.revision(article_id, entry["revision"]),
        "type": "revision",
        **entry,
        "snapshot": encode(meta, texts),
    }


def _number(value: object) -> object:
    text = str(value)
    return int(text) if text.lstrip("-").isdigit() else float(text)
