"""Haber's local stack: DynamoDB Local, an HTTP API gateway and a function runtime,
all driven by template.yaml. Used by `make dev`, `make invoke` and the tests."""

import os
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYER = ROOT / "layers" / "common"
# The shared layer is importable as on Lambda (where it is /opt/python): package `haber`.
if str(LAYER) not in sys.path:
    sys.path.insert(0, str(LAYER))


def written_once(path: Path, make: Callable[[], bytes]) -> bytes:
    """The file's bytes, made and written first if it does not exist yet, readable only by
    its owner. Several processes may start at once (test workers, dev servers): each writes
    a whole file of its own aside and links it into place, and the first link wins, so no
    one reads a half-written file or keeps a key another process replaced."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        aside = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
        descriptor = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(make())
        try:
            os.link(aside, path)
        except FileExistsError:
            pass
        finally:
            aside.unlink()
    path.chmod(0o600)  # also for a file an earlier version left readable
    return path.read_bytes()
