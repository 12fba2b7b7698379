"""The project's single sources of truth agree with what is derived from them."""

import json
import re
import tomllib

from devstack import ROOT
from devstack.openapi import DOCUMENT, render
from devstack.template import Stack


def test_the_layer_requirements_are_the_project_dependencies() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    lines = (ROOT / "layers/common/requirements.txt").read_text().splitlines()
    assert sorted(project) == sorted(line for line in lines if line and not line.startswith("#"))


def test_the_shipped_openapi_document_is_current() -> None:
    assert DOCUMENT.read_text(encoding="utf-8") == render(), "run `make openapi`"


def test_openapi_describes_exactly_the_template_routes() -> None:
    document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    described = {f"{method.upper()} {path}" for path, operations in document["paths"].items() for method in operations}
    routes = {route.key for route in Stack("t", "secret").routes}
    assert described == routes


def test_editor_routes_are_marked_as_needing_a_token() -> None:
    document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    for route in Stack("t", "secret").routes:
        operation = document["paths"][route.path][route.method.lower()]
        assert ("security" in operation) == (route.authorizer is not None), route.key


def test_functions_follow_the_design_rules() -> None:
    """Thin handlers: no boto3, no os.environ, no try/except in function code."""
    for path in (ROOT / "functions").rglob("*.py"):
        source = path.read_text()
        assert not re.search(r"\bimport boto3\b|\bos\.environ\b|\btry:", source), path
