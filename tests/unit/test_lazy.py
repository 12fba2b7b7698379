"""Lazily loaded public names (haber.platform.lazy): each name under a package's
`if TYPE_CHECKING:` block is found, is the object its module defines, and is not loaded
when the package is imported."""

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from haber.platform import lazy

LAYER = Path(__file__).parents[2] / "layers" / "common"
PACKAGES = ["haber.articles", "haber.comments", "haber.counters", "haber.media", "haber.translation"]


@pytest.mark.parametrize("package", PACKAGES)
def test_each_deferred_name_is_the_one_its_module_defines(package: str) -> None:
    deferred = lazy.deferred(package)
    assert deferred, "no names under `if TYPE_CHECKING:`"
    loaded = importlib.import_module(package)
    for name, module in deferred.items():
        expected = (
            importlib.import_module(f"{package}.{name}")
            if module == package
            else getattr(importlib.import_module(module), name)
        )
        assert getattr(loaded, name) is expected, name


@pytest.mark.parametrize("package", PACKAGES)
def test_an_unknown_name_is_an_attribute_error(package: str) -> None:
    with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
        getattr(importlib.import_module(package), "no_such_name")  # noqa: B009


def test_importing_the_packages_loads_none_of_their_deferred_modules() -> None:
    script = (
        "import json, sys; from haber.platform import lazy; "
        f"import {', '.join(PACKAGES)}; "
        f"deferred = {{m if m != p else f'{{p}}.{{n}}' for p in {PACKAGES!r} for n, m in lazy.deferred(p).items()}}; "
        "print(json.dumps(sorted(deferred & set(sys.modules))))"
    )
    environment = {"PYTHONPATH": str(LAYER), "TABLE_NAME": "unit", "SIGNING_SECRET": "unit-test-secret-0123456789"}
    result = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == []
