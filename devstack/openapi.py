"""Builds the API's OpenAPI document from every function's resolver (Powertools'
OpenAPIMerge) and writes it into the shared layer, which serves it at /openapi.json."""

import json
import unicodedata
from typing import Any

from aws_lambda_powertools.event_handler.openapi.merge import OpenAPIMerge
from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer

from devstack import LAYER, ROOT
from devstack.template import load_template
from haber.counters import NETWORKS
from haber.media import CONTENT_TYPES
from haber.platform.ids import ARTICLE_ID, COMMENT_ID

DOCUMENT = LAYER / "haber" / "platform" / "openapi.json"
DESCRIPTION = (
    "Articles, categories and languages of the Haber news backend, in every supported language. "
    'Errors are JSON: {"error": {"code", "message", "details"}}. Editor routes need a JWT with the editor role.'
)

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "details"],
            "properties": {
                "code": {"type": "string", "examples": ["validation_error", "article_not_found", "invalid_cursor"]},
                "message": {"type": "string"},
                "details": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "field": {"type": "string"},
                            "message": {"type": "string"},
                            "reason": {"type": "string", "description": "the rule broken, e.g. too_many_links"},
                        },
                    },
                },
            },
        }
    },
}


# HTML for readers and crawlers, not the JSON API: the README describes the pages.
PAGE_FUNCTIONS = frozenset({"SiteFunction"})


def generate() -> dict[str, Any]:
    merge = OpenAPIMerge(
        title="Haber API",
        version="1.0.0",
        description=DESCRIPTION,
        security_schemes={"bearerAuth": HTTPBearer(bearerFormat="JWT")},
        on_conflict="error",
    )
    for properties in _function_properties():
        module = properties["Handler"].rpartition(".")[0]
        merge.add_file(ROOT / properties["CodeUri"] / f"{module}.py")
    document: dict[str, Any] = json.loads(merge.get_openapi_json_schema())
    return _with_error_format(document)


ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
GATEWAY_ERROR = {
    "application/json": {
        "schema": {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}}
    }
}
RETRY_AFTER = {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer", "minimum": 1}}}
ACCEPT_LANGUAGE = {
    "name": "accept-language",
    "in": "header",
    "required": False,
    "description": "the reader's languages (RFC 9110), used when `lang` is not given",
    "schema": {"type": "string"},
}
LANGUAGE_PARAMETERS = ("lang", "translate_to")


def _with_error_format(document: dict[str, Any]) -> dict[str, Any]:
    """Every answer a route can give, in Haber's shapes: Powertools documents FastAPI-style
    422s; Haber answers errors with its envelope, and the gateway's own 401 with
    {"message"}. Language parameters take the template's SupportedLanguages."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    schemas["Error"] = ERROR_SCHEMA
    languages = _supported_languages()
    schemas["NewShare"]["properties"]["network"]["enum"] = list(NETWORKS)
    schemas["NewReaction"]["properties"]["type"]["enum"] = _template_default("ReactionTypes")
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            operation["responses"] = _responses(path, method, operation)
            _language_parameters(operation, languages, path)
    _stated_rules(document, languages)
    return document


def _responses(path: str, method: str, operation: dict[str, Any]) -> dict[str, Any]:
    responses = {status: answer for status, answer in operation["responses"].items() if status != "422"}
    responses["400"] = {"description": "Bad input: the details name each field"}
    responses["503"] = {"description": "DynamoDB busy or unreachable; nothing was written", "headers": RETRY_AFTER}
    if "{" in path:
        responses["404"] = {"description": "No such article, comment or slug"}
    if "requestBody" in operation:
        responses["413"] = {"description": "Body over 256 KB, or a body too large once sanitized"}
        responses["415"] = {"description": "Body not sent as application/json"}
    if "security" in operation:
        responses["403"] = {"description": "The token lacks the role this route needs"}
    if method == "get":
        responses["304"] = {"description": "Not modified (If-None-Match matched the ETag)"}
    for status, response in responses.items():
        if status.startswith(("4", "5")):
            response["content"] = ERROR
        if status == "429":
            response["headers"] = RETRY_AFTER
    if "security" in operation:
        responses["401"] = {"description": "Missing or invalid token (API Gateway)", "content": GATEWAY_ERROR}
    return dict(sorted(responses.items()))


def _language_parameters(operation: dict[str, Any], languages: list[str], path: str) -> None:
    """What the handlers check themselves (to answer with their own error codes), stated
    in the document: languages, and the shape of article and comment ids."""
    parameters = operation.get("parameters", [])
    for parameter in parameters:
        if parameter["name"] in LANGUAGE_PARAMETERS:
            parameter["schema"] = {key: value for key, value in parameter["schema"].items() if key != "anyOf"}
            parameter["schema"].update(type="string", enum=languages)
        if parameter["in"] == "path" and parameter["name"] == "id" and path.startswith(("/articles/", "/newsroom/")):
            parameter["schema"]["pattern"] = ARTICLE_ID.pattern
        if parameter["in"] == "path" and parameter["name"] == "comment_id":
            parameter["schema"]["pattern"] = COMMENT_ID.pattern
    if any(parameter["name"] == "lang" and parameter["in"] == "query" for parameter in parameters):
        parameters.append(ACCEPT_LANGUAGE)


# Characters no text field holds (platform.text's DISALLOWED), as a class both Python's and
# ECMA-262's regular expressions read alike: those of the Basic Multilingual Plane (the
# noncharacters of the other planes, and lone surrogates, which JSON cannot carry, are left
# to the description).
_DISALLOWED = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
LINE = rf"^[^\n\r{_DISALLOWED}]*[^\s{_DISALLOWED}][^\n\r{_DISALLOWED}]*$"  # one line, not blank
TEXT = rf"[^\s{_DISALLOWED}]"  # something visible once those characters are taken out
CURSOR = r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{27}$"  # base64url payload "." base64url signature
MEDIA_ID = ARTICLE_ID.pattern


def _stated_rules(document: dict[str, Any], languages: list[str]) -> None:
    """The rules the handlers apply themselves (to answer with their own error codes),
    stated where JSON Schema can: language codes in bodies and maps, media and reaction
    ids, the visible-text rules, cursors, the ids list of /stats, If-Match (required:
    without it 428, with a version that is not current 412)."""
    schemas = document["components"]["schemas"]
    language = {"type": "string", "enum": languages}
    by_language = {"propertyNames": language}
    for name, fields in LINE_FIELDS.items():
        for field in fields:
            _string(schemas[name]["properties"][field])["pattern"] = LINE
    for name, fields in TEXT_FIELDS.items():
        for field in fields:
            _string(schemas[name]["properties"][field])["pattern"] = TEXT
    schemas["ArticleCreate"]["properties"]["source_lang"].update(language)
    schemas["CorrectionCreate"]["properties"]["lang"].update(language)
    for name in ("ArticleCreate", "ArticleUpdate", "MediaUpdate"):
        schemas[name]["properties"]["translations"].update(by_language)
    for name, field, pattern in (("CategoryPut", "names", LINE), ("TagPut", "names", LINE), ("AuthorPut", "bio", TEXT)):
        schemas[name]["properties"][field].update(by_language)
        schemas[name]["properties"][field]["additionalProperties"]["pattern"] = pattern
    for name in ("TagPut", "AuthorPut"):
        _nullable(schemas[name]["properties"]["source_lang"], language)
    # A byline: the text, or at least one author.
    schemas["ArticleCreate"]["anyOf"] = [
        {"required": ["author"]},
        {"required": ["authors"], "properties": {"authors": {"minItems": 1}}},
    ]
    pairs = "|".join(languages)
    glossary = schemas["Glossary"]["properties"]
    glossary["protected"]["items"]["pattern"] = LINE
    pair = f"^({pairs})>({pairs})$"  # language pairs of supported languages only
    (rules,) = glossary["terms"].pop("patternProperties").values()
    glossary["terms"].update(patternProperties={pair: rules}, propertyNames={"pattern": pair})
    rules["propertyNames"]["pattern"] = rules["additionalProperties"]["pattern"] = LINE
    _nullable(schemas["MediaUpdate"]["properties"]["lang"], language)
    _nullable(schemas["NewComment"]["properties"]["lang"], language)
    _nullable(schemas["NewComment"]["properties"]["parent_id"], {"type": "string", "pattern": COMMENT_ID.pattern})
    schemas["MediaCreate"]["properties"]["content_type"]["enum"] = list(CONTENT_TYPES)
    for field in ("author", "text"):
        schemas["NewComment"]["properties"][field]["pattern"] = _visible_comment_text()
    reactions = _template_default("ReactionTypes")
    for path, operations in document["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                _state_parameter(path, parameter, language, reactions)


def _state_parameter(path: str, parameter: dict[str, Any], language: dict[str, Any], reactions: list[str]) -> None:
    schema, name, where = parameter["schema"], parameter["name"], parameter["in"]
    if where == "path" and name == "id" and path.startswith(("/media/", "/images/")):
        schema["pattern"] = MEDIA_ID
    elif where == "path" and name == "lang":
        schema.update(language)
    elif where == "path" and name == "type":
        schema["enum"] = reactions
    elif name == "cursor":
        _string(schema).update(pattern=CURSOR)
    elif path == "/stats" and name == "ids":  # as the handler reads it: spaces and empty items are skipped
        one = ARTICLE_ID.pattern[1:-1]
        schema["pattern"] = rf"^[\s,]*{one}(\s*,[\s,]*{one}){{0,99}}[\s,]*$"
    elif name == "idempotency-key":  # a header is a string or absent, never null
        parameter["schema"] = {"type": "string", "pattern": r"^[A-Za-z0-9_.:-]{8,128}$"}
    elif name == "if-match":
        parameter["required"] = True  # the handler answers its absence with 428, not a 400
        parameter["schema"] = {"type": "string", "pattern": r'^(W/)?"?v?[0-9]+', "maxLength": 100}
        parameter["description"] = 'the ETag or version read ("v3-…", "v3" or 3); missing: 428, not current: 412'


# Single-line and multi-line text fields of the request bodies (platform.text's Line and Text).
LINE_FIELDS = {
    "ArticleCreate": ("title", "author"),
    "ArticleUpdate": ("title", "author"),
    "Rendition": ("title",),
    "MediaCreate": ("filename",),
    "MediaUpdate": ("alt", "credit", "licence"),
    "MediaText": ("alt",),
    "AuthorPut": ("name",),
}
TEXT_FIELDS = {
    "ArticleCreate": ("summary", "body"),
    "ArticleUpdate": ("summary", "body"),
    "Rendition": ("summary", "body"),
    "MediaUpdate": ("caption",),
    "MediaText": ("caption",),
    "CorrectionCreate": ("text",),
}


def _string(spec: dict[str, Any]) -> dict[str, Any]:
    """The string schema of a property, or of its non-null branch."""
    return next((branch for branch in spec.get("anyOf", []) if branch.get("type") == "string"), spec)


def _nullable(spec: dict[str, Any], schema: dict[str, Any]) -> None:
    spec["anyOf"] = [schema, {"type": "null"}]


def _visible_comment_text() -> str:
    """Something visible once a comment's invisible characters are taken out: format
    characters (Unicode's Cf) and blank letters (comments.models)."""
    from haber.comments.models import BLANK_LETTERS  # noqa: PLC0415 - only when the document is made

    format_characters = {code for code in range(0x10000) if unicodedata.category(chr(code)) == "Cf"}
    runs: list[list[int]] = []
    for code in sorted(format_characters | set(map(ord, BLANK_LETTERS))):
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    invisible = "".join(f"\\u{first:04x}" + (f"-\\u{last:04x}" if last > first else "") for first, last in runs)
    return f"[^\\s{_DISALLOWED}{invisible}]"


def _supported_languages() -> list[str]:
    return _template_default("SupportedLanguages")


def _template_default(parameter: str) -> list[str]:
    """A comma-separated template parameter's default: what a stack deployed as is accepts."""
    default = load_template()["Parameters"][parameter]["Default"]
    return [value.strip() for value in str(default).split(",")]


def render() -> str:
    return json.dumps(generate(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_document() -> Any:
    DOCUMENT.write_text(render(), encoding="utf-8")
    return DOCUMENT


def _function_properties() -> list[dict[str, Any]]:
    resources = load_template()["Resources"]
    return [
        resource["Properties"]
        for name, resource in resources.items()
        if resource["Type"] == "AWS::Serverless::Function"
        and name not in PAGE_FUNCTIONS
        and any(event["Type"] == "HttpApi" for event in resource["Properties"].get("Events", {}).values())
    ]
