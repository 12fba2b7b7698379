"""Secrets kept in Secrets Manager, read by id through Powertools' cached parameters: once
per instance and hour, so a rotated value is in use everywhere within the hour without a
deployment (docs/operations.md)."""

import os
from functools import cache
from typing import TYPE_CHECKING, Any

import boto3
from botocore.config import Config

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.parameters import SecretsProvider

MAX_AGE_SECONDS = 3600


def value(secret_id: str) -> bytes:
    # Powertools wraps every failure in GetParameterError without a cause; the error it
    # wrapped decides the answer (a timeout or throttle is a 503, like DynamoDB's).
    from aws_lambda_powertools.utilities.parameters.exceptions import GetParameterError  # noqa: PLC0415

    try:
        found: Any = _provider(os.environ.get("AWS_ENDPOINT_URL_SECRETS_MANAGER", "")).get(
            secret_id, max_age=MAX_AGE_SECONDS
        )
    except GetParameterError as error:
        raise (error.__context__ or error) from None
    return found.encode() if isinstance(found, str) else bytes(found)


@cache
def _provider(endpoint: str) -> "SecretsProvider":
    """Loaded on first use: functions that never read a secret do not pay for the import."""
    from aws_lambda_powertools.utilities.parameters import SecretsProvider  # noqa: PLC0415

    # Within the API functions' 10 s, like every other outbound call.
    config = Config(connect_timeout=1, read_timeout=2, retries={"mode": "standard", "total_max_attempts": 2})
    client = boto3.session.Session().client("secretsmanager", endpoint_url=endpoint or None, config=config)
    return SecretsProvider(boto3_client=client)
