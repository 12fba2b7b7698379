"""Haber's local stack: DynamoDB Local, an HTTP API gateway and a function runtime,
all driven by template.yaml. Used by `make dev`, `make invoke` and the tests."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYER = ROOT / "layers" / "common"
# The shared layer is importable as on Lambda (where it is /opt/python): package `haber`.
if str(LAYER) not in sys.path:
    sys.path.insert(0, str(LAYER))
