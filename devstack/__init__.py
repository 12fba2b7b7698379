"""Haber's local stack: DynamoDB Local, an HTTP API gateway and a function runtime,
all driven by template.yaml. Used by `make dev`, `make invoke` and the tests."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
