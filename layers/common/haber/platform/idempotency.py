"""Idempotency-Key: a retried POST returns the first response and does nothing twice.

Powertools' idempotency utility keeps its records in the Haber table (pk = the scope,
sk = a hash of client and key, expiring through the table's TTL attribute).
"""

import os
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyValidationError,
)

from haber.platform import keys
from haber.platform.db import low_level_client
from haber.platform.errors import BadRequest, Conflict, field_error
from haber.platform.settings import get_settings
from haber.platform.shapes import Json, Request

KEY = re.compile(r"^[A-Za-z0-9_.:-]{8,128}$")
LIFETIME_SECONDS = 24 * 3600

Result = Json


def once(scope: str, key: str | None, client: str, payload: Any, run: Callable[[], Result], context: Any) -> Result:
    """run() once per (client, key); without a key, simply run()."""
    if key is None:
        return run()
    if not KEY.match(key):
        raise BadRequest(
            "Idempotency-Key must be 8 to 128 letters, digits or _ . : -",
            [field_error("Idempotency-Key", "has an invalid format")],
            code="invalid_idempotency_key",
        )
    config, function = _idempotent(scope, get_settings().table_name, os.environ.get("AWS_ENDPOINT_URL_DYNAMODB", ""))
    if context is not None:
        config.register_lambda_context(context)
    try:
        result: Result = function(request={"client": client, "key": key, "payload": payload}, run=run)
    except IdempotencyAlreadyInProgressError:
        raise Conflict(
            "A request with this Idempotency-Key is still being processed; retry shortly.", code="request_in_progress"
        ) from None
    except IdempotencyValidationError:
        raise Conflict(
            "This Idempotency-Key was used for a different request.", code="idempotency_key_reused"
        ) from None
    return result


@cache
def _idempotent(scope: str, table_name: str, endpoint: str) -> tuple[IdempotencyConfig, Callable[..., Result]]:
    config = IdempotencyConfig(
        event_key_jmespath="[client, key]",
        payload_validation_jmespath="payload",
        expires_after_seconds=LIFETIME_SECONDS,
    )
    persistence = DynamoDBPersistenceLayer(
        table_name=table_name,
        key_attr="pk",
        sort_key_attr="sk",
        static_pk_value=keys.idempotency_scope(scope),
        expiry_attr="expires_at",
        boto3_client=low_level_client(endpoint),
    )

    @idempotent_function(data_keyword_argument="request", config=config, persistence_store=persistence)  # type: ignore[untyped-decorator]
    def run_once(request: Request, run: Callable[[], Result]) -> Result:
        return run()

    return config, run_once
