"""The AWS services the stack uses besides DynamoDB (Secrets Manager), emulated by moto's
server on a local port: one per process, started on first use, so functions call them
through boto3 and Powertools exactly as on Lambda."""

import logging
from functools import cache

import boto3

from devstack.dynamodb import CREDENTIALS
from devstack.template import REGION, Stack

# Which variable points which boto3 client at the emulator.
ENDPOINT_VARIABLES = ("AWS_ENDPOINT_URL_SECRETS_MANAGER",)


@cache
def endpoint() -> str:
    from moto.server import ThreadedMotoServer  # noqa: PLC0415 - a third of a second, paid only when used

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return f"http://{host}:{port}"


def environment() -> dict[str, str]:
    url = endpoint()
    return dict.fromkeys(ENDPOINT_VARIABLES, url)


def ensure_secrets(stack: Stack) -> None:
    """The template's secrets, with the local stack's values."""
    client = boto3.session.Session().client(
        "secretsmanager",
        endpoint_url=endpoint(),
        region_name=REGION,
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )
    for logical_id, value in stack.secret_values().items():
        name = stack.secret_name(logical_id)
        try:
            client.put_secret_value(SecretId=name, SecretString=value)
        except client.exceptions.ResourceNotFoundException:
            client.create_secret(Name=name, SecretString=value)
