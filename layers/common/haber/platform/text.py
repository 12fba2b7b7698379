"""Text rules shared by request bodies: single lines and texts, NFC, no control characters."""

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, Field

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,39}$"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,119}$"  # what slugify makes (at most 80 + a suffix), with room


def _clean_line(value: str) -> str:
    value = unicodedata.normalize("NFC", value).strip()
    if _CONTROL.search(value) or "\n" in value or "\r" in value:
        raise ValueError("must be a single line without control characters")
    if not value:
        raise ValueError("must not be blank")
    return value


def _clean_text(value: str) -> str:
    value = unicodedata.normalize("NFC", _CONTROL.sub("", value)).strip()
    if not value:
        raise ValueError("must not be blank")
    return value


Line = Annotated[str, AfterValidator(_clean_line)]
Text = Annotated[str, AfterValidator(_clean_text)]
Slug = Annotated[str, Field(pattern=ID_PATTERN, description="lowercase letters, digits and hyphens")]
