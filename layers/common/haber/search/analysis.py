"""What a text becomes in the index, per language, and what a query becomes: the same steps
on both sides, so a word matches however it is written.

- lowercasing by the language's rules (Turkish İ→i and I→ı, not I→i);
- Turkish apostrophe suffixes cut (`Köln'deki` → `köln`, `İstanbul'da` → `istanbul`);
- the language's Snowball stemmer (PyStemmer), then folding: diacritics dropped, ß→ss,
  ı→i, so `koln`, `kopru` and `gunes` find `Köln`, `köprü` and `güneş`; a folded word is
  stemmed too (`variants`), as the Turkish stemmer reads vowel harmony from the letters;
- German compounds: a word is found by its tails that leave a head of four letters or more
  (`Lastenräder`, stem `lastenrad`, by `Rad` and `Räder`, stem `rad`). Long words' stems are
  indexed reversed (`tails`), so the engine finds the compounds that end in a query's stem
  by a prefix of the term dictionary; snippets mark by `compound_parts`. A heuristic
  without a dictionary: `Kamerad` is found by `Rad` too, below real matches
  (docs/search.md);
- typo keys: the folded word with its first letter written three times, so that an edit
  distance of two never reaches the first letter (`fuzzy_key`).
"""

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache

import Stemmer

STEMMERS = {"de": "german", "tr": "turkish", "en": "english"}
WORD = re.compile(r"\w+(?:['’ʼ]\w+)*")
APOSTROPHES = re.compile(r"['’ʼ]")
SUFFIX = re.compile(r"(?<=\w)['’ʼ]\w+")  # Turkish: what an apostrophe joins to a name
PLAIN_WORD = re.compile(r"\w+")
FOLDED = str.maketrans({"ß": "ss", "ẞ": "ss", "ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l"})
COMPOUND_MIN = 7  # letters of a German word that may be a compound: a head of four, a tail of three
HEAD_MIN, TAIL_MIN = 4, 3
FUZZY_FROM, FUZZY_TWO_FROM = 5, 9  # letters: one edit from five, two from nine
FIRST_LETTER_REPEATS = 3
WORDS_KEPT = 300_000  # analysed words an instance keeps (news vocabulary repeats: Zipf)


@dataclass
class Analyzed:
    """A text's terms: `stems` in order (phrases and BM25), the rest as sets (`variants`: only
    those that differ from the word's stem)."""

    stems: list[str] = field(default_factory=list)
    variants: set[str] = field(default_factory=set)
    fuzzy: set[str] = field(default_factory=set)
    tails: set[str] = field(default_factory=set)  # long words' stems, reversed: compounds by their end


@dataclass(frozen=True)
class Terms:
    """What one word is in the index."""

    stem: str
    variant: str
    parts: tuple[str, ...]
    fuzzy: str
    tail: str  # the stem reversed, for a word long enough to be a compound ("" else)


@dataclass(frozen=True)
class QueryWord:
    """One word of a query: the terms that find it exactly, and its typo tolerance."""

    stem: str
    variant: str
    folded: str
    distance: int  # edits allowed, 0 for short words


def lower(text: str, lang: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("İ", "i")  # not i + a combining dot
    if lang in {"tr", "az"}:
        text = text.replace("I", "ı")
    return text.lower()


@lru_cache(maxsize=WORDS_KEPT)
def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.translate(FOLDED))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(FOLDED)


def words(text: str, lang: str) -> Iterator[tuple[str, int, int]]:
    """The words of a text, lowercased, with where each stands in it (for snippets)."""
    lowered = lower(text, lang)
    same = len(lowered) == len(text)  # else (rare letters whose lowercase is longer) word by word
    for match in WORD.finditer(lowered if same else text):
        word = match.group() if same else lower(match.group(), lang)
        if not word.isalnum():  # an apostrophe within (rarely anything else): cut or dropped
            word = APOSTROPHES.split(word, maxsplit=1)[0] if lang == "tr" else APOSTROPHES.sub("", word)
        if word:
            yield word, match.start(), match.end()


@cache
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(STEMMERS.get(lang, "porter"))


@lru_cache(maxsize=WORDS_KEPT)
def stem(word: str, lang: str) -> str:
    return fold(str(_stemmer(lang).stemWord(word)))


@lru_cache(maxsize=WORDS_KEPT)
def variant(word: str, lang: str) -> str:
    return str(_stemmer(lang).stemWord(fold(word)))


def fuzzy_key(folded: str) -> str:
    return folded[:1] * FIRST_LETTER_REPEATS + folded[1:]


def compounds(lang: str) -> bool:
    return lang == "de"


def compound_parts(word: str, lang: str) -> tuple[str, ...]:
    if not compounds(lang) or len(word) < COMPOUND_MIN:
        return ()
    tails = (stem(word[start:], lang) for start in range(HEAD_MIN, len(word) - TAIL_MIN + 1))
    return tuple(tail for tail in tails if len(tail) >= TAIL_MIN)


@lru_cache(maxsize=WORDS_KEPT)
def terms(word: str, lang: str) -> Terms:
    stemmed = stem(word, lang)
    tail = stemmed[::-1] if compounds(lang) and len(word) >= COMPOUND_MIN else ""
    return Terms(stemmed, variant(word, lang), compound_parts(word, lang), fuzzy_key(fold(word)), tail)


def tokens(text: str, lang: str) -> list[str]:
    """The words of `words`, without where they stand: what indexing needs, at C speed."""
    lowered = lower(text, lang)
    return PLAIN_WORD.findall(SUFFIX.sub("", lowered) if lang == "tr" else APOSTROPHES.sub("", lowered))


def analyze(text: str, lang: str) -> Analyzed:
    found = tokens(text, lang)
    each = {word: terms(word, lang) for word in set(found)}
    return Analyzed(
        stems=[each[word].stem for word in found],
        variants={item.variant for item in each.values() if item.variant != item.stem},
        fuzzy={item.fuzzy for item in each.values()},
        tails={item.tail for item in each.values() if item.tail},
    )


def query_word(word: str, lang: str, typos: bool = True) -> QueryWord:
    folded = fold(word)
    letters = len(folded) if typos else 0
    distance = 2 if letters >= FUZZY_TWO_FROM else 1 if letters >= FUZZY_FROM else 0
    return QueryWord(stem(word, lang), variant(word, lang), folded, distance)
