"""Text rules shared by request bodies: single lines and texts, NFC, and only characters
XML 1.0 allows (a feed or sitemap must stay well-formed whatever an editor pastes)."""

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, Field

# What no text field may hold: C0 controls but tab and line breaks, DEL and the C1 controls,
# lone surrogates, and the noncharacters (U+FDD0–U+FDEF, and the last two of every plane).
# The first part is what XML 1.0 refuses outright; the rest it "discourages", and no
# reader's text needs them.
_PLANE_ENDS = "".join(rf"\U{plane:04x}fffe-\U{plane:04x}ffff" for plane in range(17))  # escaped: a pattern is text too
DISALLOWED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef" + _PLANE_ENDS + "]")
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,39}$"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,119}$"  # what slugify makes (at most 80 + a suffix), with room


def _clean_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("must be a single line")
    if found := DISALLOWED.search(value):
        raise ValueError(f"must not contain U+{ord(found.group()):04X} (a control character or noncharacter)")
    value = unicodedata.normalize("NFC", value).strip()
    if not value:
        raise ValueError("must not be blank")
    return value


def _clean_text(value: str) -> str:
    value = unicodedata.normalize("NFC", without_disallowed(value)).strip()
    if not value:
        raise ValueError("must not be blank")
    return value


def without_disallowed(value: str) -> str:
    """The text with every character no text field may hold taken out."""
    return DISALLOWED.sub("", value)


Line = Annotated[str, AfterValidator(_clean_line)]
Text = Annotated[str, AfterValidator(_clean_text)]
Slug = Annotated[str, Field(pattern=ID_PATTERN, description="lowercase letters, digits and hyphens")]
