"""A reader's comment as posted, and the rules its author and text must follow."""

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

# Comment rules: lengths after NFC normalisation and trimming.
AUTHOR_LENGTH = (1, 60)
TEXT_LENGTH = (1, 2000)
MAX_LINKS = 3
_LINK = re.compile(r"(?i)\b(?:https?://|www\.)")
# C0/C1 controls except tab and newline, and the bidirectional overrides used to disguise text.
_HIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def comment_author(value: str) -> str:
    return _normalized(value, *AUTHOR_LENGTH, single_line=True)


def comment_text(value: str) -> str:
    text = _normalized(value, *TEXT_LENGTH, single_line=False)
    if len(_LINK.findall(text)) > MAX_LINKS:
        raise ValueError(f"may contain at most {MAX_LINKS} links")
    return text


def _normalized(value: str, shortest: int, longest: int, single_line: bool) -> str:
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    value = _HIDDEN.sub("", value)
    if single_line:
        value = " ".join(value.split())
    value = value.strip()
    if not shortest <= len(value) <= longest:
        raise ValueError(f"must be {shortest} to {longest} characters long (is {len(value)})")
    return value


class NewComment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    author: Annotated[str, Field(max_length=500), AfterValidator(comment_author)]
    text: Annotated[str, Field(max_length=20_000), AfterValidator(comment_text)]
    lang: str | None = Field(default=None, description="language of the text; default: the article's")
    parent_id: str | None = Field(default=None, description="id of the top-level comment this replies to")
    website: str | None = Field(default=None, description="leave empty (a trap for bots)")
