"""Public names of a domain package that are loaded on first use (PEP 562), so that a
function imports only what its requests use: a read path does not load the write path's
modules (editing, media processing, the stream consumers) at its cold start.

A package's `__init__.py` states each public name once, as an explicit re-export
(`from module import name as name`, which mypy's strict mode and ruff read as public):
the names readers use at the top, the others under `if TYPE_CHECKING:`, where type
checkers and the import contracts see them, and `__getattr__ = lazy.names(__name__)`
beside it. At run time that block is skipped; the first time one of its names is read,
`names` finds where it comes from in the block itself (the package's own source, parsed
once) and imports that module then.
"""

import ast
import importlib
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any


def names(package: str) -> Callable[[str], Any]:
    """A module `__getattr__` for the names imported under the package's `if TYPE_CHECKING:`
    block; a name imported from the package itself is its submodule."""

    def __getattr__(name: str) -> Any:  # noqa: N807 - the name PEP 562 looks up
        module = deferred(package).get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        if module == package:
            value = importlib.import_module(f"{package}.{name}")
        else:
            value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__


@cache
def deferred(package: str) -> dict[str, str]:
    """{name: the module it is imported from} for the package's `if TYPE_CHECKING:` block."""
    tree = ast.parse(Path(str(importlib.import_module(package).__file__)).read_text(encoding="utf-8"))
    blocks = [node.body for node in tree.body if isinstance(node, ast.If) and _is_type_checking(node.test)]
    return {
        alias.asname or alias.name: str(statement.module)
        for block in blocks
        for statement in block
        if isinstance(statement, ast.ImportFrom)
        for alias in statement.names
    }


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )
