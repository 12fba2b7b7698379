"""The project's single sources of truth agree with what is derived from them."""

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from devstack import ROOT
from devstack.openapi import DOCUMENT, PAGE_FUNCTIONS, render
from devstack.template import Stack


def test_the_layer_requirements_are_the_project_dependencies() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    lines = (ROOT / "layers/common/requirements.txt").read_text().splitlines()
    assert sorted(project) == sorted(line for line in lines if line and not line.startswith("#"))


def test_the_media_processors_pillow_is_the_one_the_tests_use() -> None:
    groups = tomllib.loads((ROOT / "pyproject.toml").read_text())["dependency-groups"]["dev"]
    wanted = (ROOT / "functions/media_processor/requirements.txt").read_text().split()
    assert wanted and all(line in groups for line in wanted)


def test_the_shipped_openapi_document_is_current() -> None:
    assert DOCUMENT.read_text(encoding="utf-8") == render(), "run `make openapi`"


def test_openapi_describes_exactly_the_template_routes() -> None:
    document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    described = {f"{method.upper()} {path}" for path, operations in document["paths"].items() for method in operations}
    routes = {route.key for route in Stack("t", "secret").routes if route.function not in PAGE_FUNCTIONS}
    assert described == routes


def test_editor_routes_are_marked_as_needing_a_token() -> None:
    document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    for route in Stack("t", "secret").routes:
        if route.function in PAGE_FUNCTIONS:
            continue
        operation = document["paths"][route.path][route.method.lower()]
        assert ("security" in operation) == (route.authorizer is not None), route.key


def test_anonymous_writes_have_route_throttling_of_their_own() -> None:
    api = Stack("t", "secret").template["Resources"]["HttpApi"]["Properties"]
    default = api["DefaultRouteSettings"]["ThrottlingRateLimit"]
    limited = api["RouteSettings"]
    public_writes = {r.key for r in Stack("t", "secret").routes if r.method != "GET" and r.authorizer is None}
    assert public_writes == set(limited)
    for key, settings in limited.items():
        assert key.endswith("/views") or settings["ThrottlingRateLimit"] < default, key


def test_functions_follow_the_design_rules() -> None:
    """Thin handlers: no boto3, no os.environ, no try/except in function code."""
    for path in (ROOT / "functions").rglob("*.py"):
        source = path.read_text()
        assert not re.search(r"\bimport boto3\b|\bos\.environ\b|\btry:", source), path
        # A domain's package is its public face: handlers never reach into its modules.
        assert not re.search(r"from haber\.(articles|comments|counters|translation|i18n|media)\.\w+ import", source), (
            path
        )


def test_ids_and_route_parameters_are_declared_once() -> None:
    """The article and media id pattern is written in platform/ids.py only; the route
    parameters handlers share (ids, page size, cursor, language) in platform/params.py."""
    sources = [*(ROOT / "layers" / "common").rglob("*.py"), *(ROOT / "functions").rglob("*.py")]
    for path in [*sources, *(ROOT / "devstack").rglob("*.py")]:
        if path.name != "ids.py":
            assert "a-z2-7]{16}" not in path.read_text(), path
    shared = re.compile(r"^(ArticleId|MediaId|CommentId|Limit|Cursor|\w*Lang) = ", re.MULTILINE)
    for path in (ROOT / "functions").rglob("*.py"):
        assert not shared.search(path.read_text()), path


def test_untyped_shapes_are_named_once() -> None:
    """`dict[str, Any]` is written only in platform/shapes.py; the rest of the code names
    which untyped shape it holds (an event, a raw item, a request, a document)."""
    for path in [*(ROOT / "layers" / "common").rglob("*.py"), *(ROOT / "functions").rglob("*.py")]:
        if path.name != "shapes.py":
            assert "dict[str, Any]" not in path.read_text(), path


def test_each_handler_loads_without_cycle_collection() -> None:
    """Every handler module imports haber.platform.loading before anything else and calls
    its done() once everything is loaded."""
    for path in (ROOT / "functions").rglob("*.py"):
        source = path.read_text()
        if "def lambda_handler" not in source:
            continue
        imports = re.findall(r"^(?:import|from) \S+", source, re.MULTILINE)
        assert imports[0] == "import haber.platform.loading", path
        assert source.rstrip().endswith("haber.platform.loading.done()"), path


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).with_name("lint-imports")), "--no-logo", "--no-cache"]
    environment = {**os.environ, "PYTHONPATH": str(root / "layers" / "common")}
    return subprocess.run(command, cwd=root, env=environment, capture_output=True, text=True, check=False)


def test_the_import_contracts_hold() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("module", "added_import", "broken"),
    [
        ("platform/clock.py", "from haber import articles", "functions -> domains -> platform"),
        ("articles/reading.py", "from haber import counters", "functions -> domains -> platform"),
        ("i18n/catalog.py", "from haber.i18n import bundles", "No import cycles"),
        ("comments/threads.py", "from haber.articles import reading", "use articles only through"),
    ],
)
def test_the_import_contracts_catch_what_they_forbid(
    tmp_path: Path, module: str, added_import: str, broken: str
) -> None:
    """The contract is not vacuous: an upward import, a cycle or a reach into another
    domain's modules, added to a copy of the layer, breaks it."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(ROOT / "layers" / "common" / "haber", tmp_path / "layers" / "common" / "haber")
    target = tmp_path / "layers" / "common" / "haber" / module
    target.write_text(f"{added_import}  # noqa\n{target.read_text()}")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert re.search(rf"{re.escape(broken)}.*\n?.*BROKEN", result.stdout), result.stdout


@pytest.mark.parametrize("module", ["bench.__main__", "bench.cost", "bench.media"])
def test_each_benchmark_imports_as_make_runs_it(module: str) -> None:
    """`make bench` and `make cost` run `python -m bench…` with no PYTHONPATH: the entry
    points must put the layer on sys.path themselves (importing runs no benchmark)."""
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    command = [sys.executable, "-c", f"import {module}"]
    result = subprocess.run(command, check=False, cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
