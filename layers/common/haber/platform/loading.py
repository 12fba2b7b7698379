"""Imported first by every handler module. While a function loads its code (boto3's service
models, pydantic's schemas, the layer) nothing it creates is garbage, yet the cycle collector
would scan those long-lived objects again and again as they pile up; it waits until the
handler module calls `done()` (docs/benchmarks.md, "Cold start", has what this saves)."""

import gc

gc.disable()


def done() -> None:
    gc.enable()
