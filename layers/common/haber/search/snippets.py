"""A result's snippet: a short stretch of its text around the first word the query matched,
every matched word in <mark>, everything else escaped (the text is an article's, and may
hold `<`, `&` or anything a writer typed)."""

from dataclasses import dataclass, field

from markupsafe import escape
from rapidfuzz.distance import DamerauLevenshtein

from haber.search import analysis

LENGTH = 220  # characters of text shown
BEFORE = 60  # of them, before the first match


@dataclass
class Marks:
    """What a text word must be to be marked: the query's words as the index matches them."""

    lang: str
    words: tuple[analysis.QueryWord, ...]
    seen: dict[str, bool] = field(default_factory=dict)  # word -> marked, for this query

    def match(self, word: str) -> bool:
        if word not in self.seen:
            self.seen[word] = self._matches(word)
        return self.seen[word]

    def _matches(self, word: str) -> bool:
        terms, folded = analysis.terms(word, self.lang), analysis.fold(word)
        for wanted in self.words:
            if wanted.stem in (terms.stem, *terms.parts) or terms.variant == wanted.variant:
                return True
            if (
                wanted.distance
                and folded[:1] == wanted.folded[:1]
                and DamerauLevenshtein.distance(folded, wanted.folded, score_cutoff=wanted.distance) <= wanted.distance
            ):
                return True
        return False


def snippet(text: str, marks: Marks) -> str:
    found: list[tuple[int, int]] = []
    begin, end = 0, _word_end(text, LENGTH)
    for word, start, stop in analysis.words(text, marks.lang):
        if found and start > end:
            break
        if marks.match(word):
            if not found:
                begin = _word_start(text, start - BEFORE)
                end = _word_end(text, begin + LENGTH)
            found.append((start, stop))
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
