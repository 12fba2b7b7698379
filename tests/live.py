"""`python -m devstack dev` (what `make dev` runs) as a separate process on a free port,
for the tests that drive it over real HTTP: end to end, in a browser, with Lighthouse."""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from devstack import ROOT
from devstack.dynamodb import free_port, is_listening


@contextmanager
def dev_server(dynamodb_endpoint: str, **environment: str) -> Iterator[str]:
    port = free_port()
    variables = {
        **os.environ,
        "PORT": str(port),
        "OIDC_PORT": str(free_port()),
        "DYNAMODB_ENDPOINT": dynamodb_endpoint,
        "TABLE_NAME": f"haber-live-{uuid.uuid4().hex[:8]}",
        **environment,
    }
    # Started as a script's background job would be, with SIGINT ignored: Ctrl-C (SIGINT)
    # must stop it all the same.
    process = subprocess.Popen(
        ["/bin/sh", "-c", "trap '' INT; exec \"$0\" -m devstack dev", sys.executable],
        cwd=ROOT,
        env=variables,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120  # a fresh clone seeds, draws the demo images and indexes search first
    while not is_listening(port):
        assert process.poll() is None and time.monotonic() < deadline, (
            process.stdout.read().decode() if process.stdout else ""
        )
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    process.send_signal(signal.SIGINT)  # Ctrl-C
    try:
        output, _ = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:  # stopped all the same, so that no other test inherits it
        process.kill()
        output, _ = process.communicate()
        raise AssertionError(
            f"Ctrl-C did not stop the dev server in 60 s; it said last: {output.decode()[-3000:]}"
        ) from None
    assert process.returncode == 0, output.decode()
    assert "6 demo articles seeded" in output.decode()
