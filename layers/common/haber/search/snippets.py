"""A result's snippet: a short stretch of its text around the first word the query matched,
every matched word in <mark>, everything else escaped (the text is an article's, and may
hold `<`, `&` or anything a writer typed)."""

from dataclasses import dataclass

from markupsafe import escape
from rapidfuzz.distance import DamerauLevenshtein

from haber.search import analysis

LENGTH = 220  # characters of text shown
BEFORE = 60  # of them, before the first match


@dataclass(frozen=True)
class Marks:
    """What a text word must be to be marked: the query's words as the index matches them."""

    lang: str
    words: tuple[analysis.QueryWord, ...]

    def match(self, word: str) -> bool:
        stem, variant, folded = analysis.stem(word, self.lang), analysis.variant(word, self.lang), analysis.fold(word)
        for wanted in self.words:
            if (
                stem == wanted.stem
                or variant == wanted.variant
                or wanted.stem in analysis.compound_parts(word, self.lang)
            ):
                return True
            if (
                wanted.distance
                and folded[:1] == wanted.folded[:1]
                and DamerauLevenshtein.distance(folded, wanted.folded, score_cutoff=wanted.distance) <= wanted.distance
            ):
                return True
        return False


def snippet(text: str, marks: Marks) -> str:
    found = [(start, end) for word, start, end in analysis.words(text, marks.lang) if marks.match(word)]
    begin = _word_start(text, found[0][0] - BEFORE) if found else 0
    end = _word_end(text, begin + LENGTH)
    parts = ["…" if begin else ""]
    position = begin
    for start, stop in found:
        if start < begin or stop > end:
            continue
        parts += [str(escape(text[position:start])), "<mark>", str(escape(text[start:stop])), "</mark>"]
        position = stop
    parts += [str(escape(text[position:end])), "…" if end < len(text) else ""]
    return "".join(parts).strip()


def _word_start(text: str, at: int) -> int:
    if at <= 0:
        return 0
    space = text.find(" ", at)
    return space + 1 if space != -1 else at


def _word_end(text: str, at: int) -> int:
    if at >= len(text):
        return len(text)
    space = text.rfind(" ", 0, at)
    return space if space > 0 else at
