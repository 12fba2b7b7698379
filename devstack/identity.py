"""The local OpenID Connect provider (devstack/oidc, oidc-provider from npm) as a child
process of `make dev`: the desk signs in through it, and the local gateway trusts its
tokens as API Gateway trusts Cognito's."""

import os
import subprocess
import time
from pathlib import Path

from devstack import ROOT, written_once
from devstack.auth import new_key
from devstack.dynamodb import is_listening

SERVER = ROOT / "devstack" / "oidc" / "server.mjs"


class IdentityProvider:
    def __init__(self, port: int, desk_url: str, audience: str, state: Path, access_token_ttl: int = 3600):
        self.port = port
        self.issuer = f"http://127.0.0.1:{port}"
        written_once(state / "oidc-key.pem", new_key)
        self.environment = {
            **os.environ,
            "OIDC_PORT": str(port),
            "DESK_URL": desk_url,
            "OIDC_AUDIENCE": audience,
            "OIDC_KEY_FILE": str(state / "oidc-key.pem"),
            "OIDC_ACCESS_TOKEN_TTL": str(access_token_ttl),
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 30.0) -> "IdentityProvider":
        self.process = subprocess.Popen(["node", str(SERVER)], env=self.environment)  # noqa: S603, S607
        deadline = time.monotonic() + timeout
        while not is_listening(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the OpenID Connect provider did not start on port {self.port}")
            time.sleep(0.1)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
