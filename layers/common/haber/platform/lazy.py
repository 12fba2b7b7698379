"""Public names of a domain package that are loaded on first use (PEP 562), so that a
function imports only what its requests use: a read path does not load the write path's
modules (editing, media processing, the stream consumers) at its cold start.

A package lists such names under `if TYPE_CHECKING:` (type checkers and import contracts
see the real imports) and sets `__getattr__ = lazy.names(__name__, {...})` otherwise.
"""

import importlib
import sys
from collections.abc import Callable
from typing import Any


def names(package: str, modules: dict[str, tuple[str, ...]]) -> Callable[[str], Any]:
    """`{submodule: (name, ...)}` → a module `__getattr__` that imports the submodule when
    one of its names is first read; a name equal to the submodule's is the module itself."""
    where = {name: f"{package}.{module}" for module, listed in modules.items() for name in listed}

    def __getattr__(name: str) -> Any:  # noqa: N807 - the name PEP 562 looks up
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        loaded = importlib.import_module(module)
        value = loaded if module == f"{package}.{name}" else getattr(loaded, name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
