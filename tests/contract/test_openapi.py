"""The OpenAPI document tells the truth: schemathesis generates requests from it, valid and
invalid, anonymous and with each role, sends them over real HTTP to the local gateway (the
same routing, authorizer and handlers as `make dev`) on a table of its own, and checks every
answer against the document: no 5xx, documented status codes, headers and bodies, invalid
input refused."""

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.openapi.checks import RejectedPositiveData

from devstack.gateway import Gateway, serve
from devstack.openapi import DOCUMENT
from tests.conftest import Api, make_runtime

EXAMPLES = 25  # per operation and role: bounded so the suite stays fast (about a minute)
# A body over the limit is refused with 413 before anything reads it (API Gateway does the
# same over 10 MB): as good a refusal of invalid data as a 400.
# An If-Match that names no version is refused with 412, as any If-Match that does not match.
REFUSALS = ["400", "401", "403", "404", "405", "406", "409", "412", "413", "415", "422", "428", "429", "5xx"]
# A missing If-Match is refused with 428 Precondition Required, as RFC 6585 says.
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "negative_data_rejection": {"expected-statuses": REFUSALS},
            "missing_required_header": {"expected-statuses": ["400", "401", "403", "406", "415", "422", "428"]},
        }
    }
)
schema = schemathesis.openapi.from_path(DOCUMENT, config=CONFIG)
# The same examples every run (a contract test that passes by luck is no test), none stored.
CONTRACT = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)


@pytest.fixture(scope="module")
def server(dynamodb_endpoint: str, seeded_items: list[dict[str, Any]], issuer_key: Path) -> Iterator[tuple[str, Api]]:
    api = Api(make_runtime(dynamodb_endpoint, seeded_items), issuer_key)
    httpd = serve(Gateway(api.runtime, api.issuer), 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", api
    httpd.shutdown()


# Every check but one, and positive_data_acceptance narrowed. unsupported_method expects 405
# for a method a path lacks; API Gateway's HTTP API (and so the local gateway) answers an
# unmatched route with 404.
EXCLUDED = [schemathesis.checks.unsupported_method, schemathesis.checks.positive_data_acceptance]
# Schema-valid requests Haber rightly refuses, by rules no JSON Schema can state: a category
# that exists, a signed cursor the server issued, the current version in If-Match, an
# article, comment or media item that exists, a reply's visible parent, comments open, the
# article's state. Each has tests of its own; every other refusal of valid data fails.
RUNTIME_RULES = frozenset(
    {
        "unknown_category",
        "invalid_cursor",
        "precondition_failed",
        "article_not_found",
        "comment_not_found",
        "media_not_found",
        "media_not_ready",
        "media_gone",  # an image id no media item has (any well-formed id)
        "media_rejected",
        "media_in_use",
        "invalid_parent",
        "comments_closed",
        "rate_limited",
        "translation_is_source",  # a translation in the source language the body also names
        "not_in_future",  # "scheduled" with a publication time that is not in the future (now decides)
        "invalid_transition",  # a status the article's current status cannot move to
        "not_machine_translation",  # approving a language that is not a current machine translation
        "revision_not_found",
        "not_published",  # a correction of an article that is not published
        "unknown_author",  # an article naming an author that does not exist
        "no_source_text",  # a source_lang the names (or bio) sent have no text in
        # a query of more than 20 words (words as the search analyser splits them, at any of
        # the separators Python and the query language know: no JSON Schema pattern says it)
        "invalid_query",
    }
)


@schemathesis.check
def schema_valid_requests_are_accepted(ctx: Any, response: Any, case: Any) -> bool | None:
    """positive_data_acceptance, but for the refusals by a rule only the data can settle,
    and only for cases positive in every part (schemathesis' coverage phase can mark a case
    positive whose body it generated as negative)."""
    parts = case.meta.components.values() if case.meta else []
    if any(part.mode.is_negative for part in parts):
        return None
    try:
        return schemathesis.checks.positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        if _error_code(response) not in RUNTIME_RULES:
            raise
        return None


def _error_code(response: Any) -> str | None:
    try:
        return str(response.json()["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return None


def call_and_check(case: Any, server: tuple[str, Api], role: str | None) -> None:
    """As the role: a real token wherever the case carries one (schemathesis generates the
    Authorization header of staff routes, and leaves it out to test a missing token)."""
    url, api = server
    if role and case.headers and "Authorization" in case.headers:
        case.headers["Authorization"] = api.token(role)["Authorization"]
    case.call_and_validate(base_url=url, excluded_checks=EXCLUDED)


@schema.parametrize()
@CONTRACT
def test_anonymous_requests_keep_the_contract(case: Any, server: tuple[str, Api]) -> None:
    call_and_check(case, server, None)


@schema.parametrize()
@CONTRACT
def test_editor_requests_keep_the_contract(case: Any, server: tuple[str, Api]) -> None:
    call_and_check(case, server, "editor")


@schema.parametrize()
@CONTRACT
def test_moderator_requests_keep_the_contract(case: Any, server: tuple[str, Api]) -> None:
    call_and_check(case, server, "moderator")
