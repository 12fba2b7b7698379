"""Builds the API's OpenAPI document from every function's resolver (Powertools'
OpenAPIMerge) and writes it into the shared layer, which serves it at /openapi.json."""

import json
from typing import Any

from aws_lambda_powertools.event_handler.openapi.merge import OpenAPIMerge
from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer

from devstack import LAYER, ROOT
from devstack.template import load_template

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


def _with_error_format(document: dict[str, Any]) -> dict[str, Any]:
    """Powertools documents FastAPI-style 422s; Haber answers every error in its own shape."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    schemas["Error"] = ERROR_SCHEMA
    for operations in document["paths"].values():
        for operation in operations.values():
            operation["responses"].pop("422", None)
            operation["responses"]["4XX"] = {
                "description": "Client error: bad input (400), missing token (401), wrong role (403), "
                "unknown id (404), "
                "stale If-Match (412), body over 256 KB (413), missing If-Match (428)",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            }
    return document


def render() -> str:
    return json.dumps(generate(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_document() -> Any:
    DOCUMENT.write_text(render(), encoding="utf-8")
    return DOCUMENT


def _function_properties() -> list[dict[str, Any]]:
    resources = load_template()["Resources"].values()
    return [
        resource["Properties"]
        for resource in resources
        if resource["Type"] == "AWS::Serverless::Function"
        and any(event["Type"] == "HttpApi" for event in resource["Properties"].get("Events", {}).values())
    ]
