"""The AWS services the stack uses besides DynamoDB (Secrets Manager, S3, CloudFront), emulated by
moto's server on a local port: one per process, started on first use, so functions call
them through boto3 and Powertools exactly as on Lambda. Every local stack of a process
shares the buckets (media ids are random): a copied table finds its images.

moto does not check a presigned POST's policy; `policies.py` does, in front of it, as S3
would (signature, expiry, key, type, size)."""

import logging
import threading
from functools import cache
from typing import Any

import boto3
from werkzeug.serving import make_server

from devstack.dynamodb import CREDENTIALS
from devstack.policies import PostPolicyCheck
from devstack.template import REGION, Stack

# Which variable points which boto3 client at the emulator.
ENDPOINT_VARIABLES = ("AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_CLOUDFRONT")


@cache
def endpoint() -> str:
    # A third of a second to import, paid only when used.
    from moto.moto_server.werkzeug_app import (  # noqa: PLC0415
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    app = PostPolicyCheck(DomainDispatcherApplication(create_backend_app))
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=MotoRequestHandler)
    threading.Thread(target=server.serve_forever, name="aws-emulator", daemon=True).start()
    host, port = server.server_address[:2]
    return f"http://{host!s}:{port}"


def environment() -> dict[str, str]:
    url = endpoint()
    return dict.fromkeys(ENDPOINT_VARIABLES, url)


@cache
def local_client(service: str) -> Any:
    """One client per service and process: making one costs a tenth of a second."""
    session: Any = boto3.session.Session()
    return session.client(
        service,
        endpoint_url=endpoint(),
        region_name=REGION,
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )


def ensure_buckets(stack: Stack) -> None:
    """The template's buckets, with their CORS rules (a browser uploads to them directly)."""
    s3 = local_client("s3")
    for name, properties in stack.buckets().items():
        try:
            s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        except s3.exceptions.BucketAlreadyOwnedByYou:
            continue
        rules = properties.get("CorsConfiguration", {}).get("CorsRules", [])
        for rule in rules:  # a CommaDelimitedList parameter resolves to its text locally
            if isinstance(rule["AllowedOrigins"], str):
                rule["AllowedOrigins"] = rule["AllowedOrigins"].split(",")
            if "MaxAge" in rule:  # CloudFormation's name for the API's MaxAgeSeconds
                rule["MaxAgeSeconds"] = rule.pop("MaxAge")
        if rules:
            s3.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": rules})


def ensure_secrets(stack: Stack) -> None:
    """The template's secrets, with the local stack's values."""
    client = local_client("secretsmanager")
    for logical_id, value in stack.secret_values().items():
        name = stack.secret_name(logical_id)
        try:
            client.put_secret_value(SecretId=name, SecretString=value)
        except client.exceptions.ResourceNotFoundException:
            client.create_secret(Name=name, SecretString=value)


@cache
def distribution(table_name: str) -> str:
    """The id of a CloudFront distribution standing in for the stack's CDN: the local stack
    runs the CDN invalidator (its function only exists with EnableCdn) against it, and
    `list_invalidations` shows what it asked to forget."""
    created = local_client("cloudfront").create_distribution(
        DistributionConfig={
            "CallerReference": table_name,
            "Comment": f"local stand-in for the CDN of {table_name}",
            "Enabled": True,
            "Origins": {
                "Quantity": 1,
                "Items": [
                    {
                        "Id": "api",
                        "DomainName": "api.haber.local",
                        "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"},
                    }
                ],
            },
            "DefaultCacheBehavior": {
                "TargetOriginId": "api",
                "ViewerProtocolPolicy": "redirect-to-https",
                "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
            },
        }
    )
    return str(created["Distribution"]["Id"])
