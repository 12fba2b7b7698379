"""Builds the API's OpenAPI document from every function's resolver (Powertools'
OpenAPIMerge) and writes it into the shared layer, which serves it at /openapi.json."""

import json
from typing import Any

from aws_lambda_powertools.event_handler.openapi.merge import OpenAPIMerge
from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer

from devstack import LAYER, ROOT
from devstack.template import load_template
from haber.counters import NETWORKS
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
                        "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
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
        if parameter["in"] == "path" and parameter["name"] == "id" and path.startswith("/articles/"):
            parameter["schema"]["pattern"] = ARTICLE_ID.pattern
        if parameter["in"] == "path" and parameter["name"] == "comment_id":
            parameter["schema"]["pattern"] = COMMENT_ID.pattern
    if any(parameter["name"] == "lang" and parameter["in"] == "query" for parameter in parameters):
        parameters.append(ACCEPT_LANGUAGE)


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
