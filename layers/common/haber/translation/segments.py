"""What a translation provider sees: text segments with markup and glossary terms held in
placeholders, so links, emphasis and protected names come back exactly as they went out."""

import hashlib
import re
from dataclasses import dataclass, field

# Leaf blocks of the sanitized body (haber/html.py); a segment is one block's inner HTML.
BLOCK = re.compile(r"(<(p|h2|h3|h4|li|figcaption)\b[^>]*>)(.*?)(</\2>)", re.DOTALL)
TAG = re.compile(r"<[^>]+>")
VARIABLE = re.compile(r"\{\{\s*\w+\s*\}\}")
TOKEN = re.compile(r"⟦[A-Z]?\d+⟧")
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


@dataclass
class Prepared:
    """A segment ready for a provider: `text` has tokens; `restore` maps them back."""

    text: str
    restore: dict[str, str] = field(default_factory=dict)

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()[:32]


def body_blocks(body: str) -> list[str]:
    """The inner HTML of each block that has text to translate."""
    return [match.group(3) for match in BLOCK.finditer(body) if TAG.sub("", match.group(3)).strip()]


def rebuild_body(body: str, translated: dict[str, str]) -> str:
    return BLOCK.sub(lambda m: m.group(1) + translated.get(m.group(3), m.group(3)) + m.group(4), body)


def prepare(segment: str, protected: list[str], terms: dict[str, str]) -> Prepared:
    """Replace inline tags, protected names and glossary terms by numbered tokens."""
    prepared = Prepared(segment)
    counter = iter(range(10_000))

    def hold(original: str, kind: str, back: str | None = None) -> str:
        token = f"⟦{kind}{next(counter)}⟧"
        prepared.restore[token] = original if back is None else back
        return token

    text = TAG.sub(lambda match: hold(match.group(0), ""), segment)
    text = VARIABLE.sub(lambda match: hold(match.group(0), ""), text)  # i18next {{count}}
    for name in sorted(protected, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", lambda match: hold(match.group(0), "P"), text)
    for term in sorted(terms, key=len, reverse=True):

        def swap(_: re.Match[str], term: str = term) -> str:
            return hold(term, "G", terms[term])

        text = re.sub(rf"(?<!\w){re.escape(term)}(?!\w)", swap, text)
    prepared.text = text
    return prepared


def restore(translated: str, prepared: Prepared) -> str | None:
    """The translation with its tokens put back; None if the provider lost or bent one."""
    found = TOKEN.findall(translated)
    if sorted(found) != sorted(prepared.restore):
        return None
    return TOKEN.sub(lambda match: prepared.restore[match.group(0)], translated)


def split_long(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, cut after sentences where possible."""
    if len(text) <= limit:
        return [text]
    pieces, current = [], ""
    for whole in SENTENCE_END.split(text):
        sentence = whole
        while len(sentence) > limit:  # one sentence longer than the limit: cut at a space
            cut = sentence.rfind(" ", 0, limit) if " " in sentence[:limit] else limit
            pieces.append(sentence[:cut])
            sentence = sentence[cut:].lstrip()
        if current and len(current) + 1 + len(sentence) > limit:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}" if current else sentence
    if current:
        pieces.append(current)
    return pieces
