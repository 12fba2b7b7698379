"""Runs the template's functions in this process, each with its own environment, the way
Lambda would: one invocation at a time per runtime, handler module loaded on first use."""

import contextlib
import importlib.util
import os
import threading
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from devstack import aws
from devstack.dynamodb import CREDENTIALS
from devstack.template import REGION, Function, Stack
from haber.platform.observability import logger

# Lambda logs this once per invocation without application metrics; locally it is noise.
warnings.filterwarnings("ignore", "No application metrics to publish", UserWarning)
LOCAL_ENVIRONMENT = {
    **CREDENTIALS,
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "AWS_XRAY_SDK_ENABLED": "false",
}


@dataclass
class LambdaContext:
    function_name: str
    timeout_ms: int = 10_000
    memory_limit_in_mb: int = 512
    function_version: str = "$LATEST"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    started: float = field(default_factory=time.monotonic)

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:{REGION}:000000000000:function:{self.function_name}"

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    @property
    def log_stream_name(self) -> str:
        return "local"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, self.timeout_ms - int((time.monotonic() - self.started) * 1000))


class Runtime:
    def __init__(self, stack: Stack, dynamodb_endpoint: str):
        self.stack = stack
        self.dynamodb_endpoint = dynamodb_endpoint
        aws.ensure_secrets(stack)
        aws.ensure_buckets(stack)
        self._lock = threading.RLock()
        self._handlers: dict[str, Callable[[dict[str, Any], Any], Any]] = {}

    def invoke(self, function_name: str, event: dict[str, Any]) -> Any:
        function = self.stack.functions[function_name]
        with self.environment(function_name):
            # One process hosts every function here; on Lambda each has its own logger.
            logger.append_keys(service=os.environ.get("POWERTOOLS_SERVICE_NAME", "service_undefined"))
            handler = self._handlers.get(function_name) or self._load(function)
            context = LambdaContext(function_name, function.timeout_seconds * 1000, function.memory_mb)
            return handler(event, context)

    @contextlib.contextmanager
    def environment(self, function_name: str) -> Iterator[None]:
        """The function's environment variables, for the duration of one call."""
        wanted = {
            **LOCAL_ENVIRONMENT,
            **aws.environment(),
            **self.stack.functions[function_name].environment,
            "AWS_ENDPOINT_URL_DYNAMODB": self.dynamodb_endpoint,
            "AWS_LAMBDA_FUNCTION_NAME": function_name,
        }
        if "CDN_DISTRIBUTION_ID" in wanted:
            wanted["CDN_DISTRIBUTION_ID"] = aws.distribution(self.stack.table_name)
        with self._lock:
            saved = {key: os.environ.get(key) for key in wanted}
            os.environ.update(wanted)
            try:
                yield
            finally:
                for key, value in saved.items():
                    if value is None:
                        os.environ.pop(key, None)
                    else:
                        os.environ[key] = value

    def _load(self, function: Function) -> Callable[[dict[str, Any], Any], Any]:
        module_name, _, attribute = function.handler.rpartition(".")
        path = function.code_uri / f"{module_name.replace('.', '/')}.py"
        spec = importlib.util.spec_from_file_location(f"haber_function_{function.name}", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        handler: Callable[[dict[str, Any], Any], Any] = getattr(module, attribute)
        self._handlers[function.name] = handler
        return handler
