"""A reader's comment as posted, and the rules its author and text must follow."""

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from haber.platform.text import without_disallowed

# Comment rules: lengths after NFC normalisation and trimming.
AUTHOR_LENGTH = (1, 60)
TEXT_LENGTH = (1, 2000)
MAX_LINKS = 3
# The limits a reader can act on, as a comment form tells them.
LIMITS = {"author_length": AUTHOR_LENGTH[1], "text_length": TEXT_LENGTH[1], "links": MAX_LINKS}
_LINK = re.compile(r"(?i)\b(?:https?://|www\.)")
# Letters that render as nothing: Hangul fillers, the halfwidth filler, the blank braille pattern.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_ZERO_WIDTH_JOINER = "\u200d"
_LOOKALIKE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")  # scripts with letters that look the same


def comment_author(value: str) -> str:
    author = _normalized(value, *AUTHOR_LENGTH, single_line=True)
    for word in author.split():
        scripts = {_script(char) for char in word if char.isalpha()} & set(_LOOKALIKE_SCRIPTS)
        if len(scripts) > 1:
            raise _refused(
                "mixed_scripts", f"mixes {' and '.join(sorted(scripts)).lower()} letters in one word ({word!r})"
            )
    return author


def comment_text(value: str) -> str:
    text = _normalized(value, *TEXT_LENGTH, single_line=False)
    if len(_LINK.findall(text)) > MAX_LINKS:
        raise _refused("too_many_links", f"may contain at most {MAX_LINKS} links")
    return text


def _normalized(value: str, shortest: int, longest: int, single_line: bool) -> str:
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    value = _visible(without_disallowed(value))  # format characters (Unicode's Cf) go too
    if single_line:
        value = " ".join(value.split())
    value = value.strip()
    if shortest and not value:
        raise _refused("blank", "must contain visible characters")
    if not shortest <= len(value) <= longest:
        reason = "too_long" if len(value) > longest else "too_short"
        raise _refused(reason, f"must be {shortest} to {longest} characters long (is {len(value)})")
    return value


def _refused(reason: str, message: str) -> PydanticCustomError:
    """A broken comment rule: `reason` is the detail's machine-readable kind (the page's
    script says it in the reader's language), `message` the English explanation."""
    return PydanticCustomError(reason, "{message}", {"message": message})


def _visible(value: str) -> str:
    """Without invisible characters: format characters (zero-width spaces, bidirectional
    overrides, soft hyphens…) and blank letters. A zero-width joiner between two emoji
    parts stays: it makes one emoji of them (👨‍👩‍👧)."""
    kept = []
    for index, char in enumerate(value):
        if char in BLANK_LETTERS:
            continue
        if unicodedata.category(char) == "Cf":
            joins_emoji = 0 < index < len(value) - 1 and _emoji_part(value[index - 1]) and _emoji_part(value[index + 1])
            if not (char == _ZERO_WIDTH_JOINER and joins_emoji):
                continue
        kept.append(char)
    return "".join(kept)


def _emoji_part(char: str) -> bool:
    return ord(char) > 0x2000 and unicodedata.category(char) in ("So", "Sk", "Mn")


def _script(char: str) -> str:
    return unicodedata.name(char, "UNKNOWN").split(" ")[0]


class NewComment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    author: Annotated[str, Field(max_length=500), AfterValidator(comment_author)]
    text: Annotated[str, Field(max_length=20_000), AfterValidator(comment_text)]
    lang: str | None = Field(default=None, description="language of the text; default: the article's")
    parent_id: str | None = Field(default=None, description="id of the top-level comment this replies to")
    website: str | None = Field(default=None, description="leave empty (a trap for bots)")
