"""What an editor's write must satisfy before anything is written: what the caller's role
may do, the version If-Match names, translations that are not the source, and bodies with
text that fit an item."""

import re

from haber.articles.records import Meta
from haber.articles.sanitizing import sanitize, text_of
from haber.platform import languages
from haber.platform.errors import (
    BadRequest,
    Forbidden,
    PayloadTooLarge,
    PreconditionFailed,
    PreconditionRequired,
    field_error,
)
from haber.platform.ids import check_article_id

# A text item must stay under DynamoDB's 400 KB with room for translations that run longer.
MAX_STORED_BODY_BYTES = 200_000
_IF_MATCH = re.compile(r'^\s*(?:W/)?"?v?(\d+)')
EDITOR = frozenset({"editor"})  # what internal writers (the seed, imports) may do: everything


def role_allows(roles: frozenset[str], old: Meta | None, status: str | None, fields: set[str]) -> None:
    """Editors do everything; a reporter writes drafts (creates them, and changes them while
    they stay drafts); a translator changes translations only. Anything else is a 403 naming
    what the role may not touch. `status` is the one asked for (None: unchanged)."""
    if "editor" in roles:
        return
    stays_draft = status == "draft" or (status is None and old is not None and old["status"] == "draft")
    if "reporter" in roles and stays_draft:
        return
    if "translator" in roles and old is not None and fields <= {"translations"}:
        return
    if "reporter" in roles and (old is None or old["status"] == "draft"):
        problem = field_error("status", 'may only be "draft" for a reporter: an editor publishes')
    elif "reporter" in roles and old is not None:
        problem = field_error("status", f"is {old['status']}: only an editor changes the article now")
    else:
        named = sorted(fields - {"translations"}) or ["translations"]
        problem = field_error(named[0], "is changed by an editor; a translator changes translations")
    raise Forbidden("Your role may not make this change.", [problem])


def expected_version(article_id: str, if_match: str | None) -> int:
    """The version an update's If-Match names (the article's id is checked first: a bad id
    is a 400 whatever the header says)."""
    check_article_id(article_id)
    if not if_match:
        raise PreconditionRequired("Send If-Match with the article's ETag or version to update it.")
    match = _IF_MATCH.match(if_match)
    if not match:
        raise PreconditionFailed("If-Match does not name a version of this article.")
    return int(match.group(1))


def translation_languages(langs: list[str], source_lang: str) -> None:
    for lang in langs:
        languages.check(lang, f"translations.{lang}")
        if lang == source_lang:
            raise BadRequest(
                "A translation cannot be in the article's source language.",
                [field_error(f"translations.{lang}", "is the source language; edit title, summary and body instead")],
                code="translation_is_source",
            )


def sanitized_body(body: str, field: str) -> str:
    """The body as stored. What is stored is the sanitized body, which can be longer than
    what was sent (every "&" becomes "&amp;"): its size is checked after sanitizing."""
    sanitized = sanitize(body)
    if not text_of(sanitized):
        raise BadRequest(
            "The body has no text left once disallowed markup is removed.", [field_error(field, "has no text")]
        )
    size = len(sanitized.encode())
    if size > MAX_STORED_BODY_BYTES:
        raise PayloadTooLarge(
            f"The body is {size} bytes once sanitized; the limit is {MAX_STORED_BODY_BYTES}.",
            [field_error(field, f"is {size} bytes once sanitized (at most {MAX_STORED_BODY_BYTES})")],
        )
    return sanitized
