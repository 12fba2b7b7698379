"""S3 access for media: presigned uploads, objects in and out, and a prefix deleted.

boto3 honours AWS_ENDPOINT_URL_S3, which the local stack sets to reach its S3 emulator;
the code is the same everywhere.
"""

import os
from functools import cache
from typing import TYPE_CHECKING, Any

import boto3
from botocore.config import Config

if TYPE_CHECKING:
    from mypy_boto3_s3.client import S3Client

# Within the API functions' 10 s, like DynamoDB; the media processor's larger objects get
# the same bounds per attempt.
_CONFIG = Config(
    connect_timeout=1,
    read_timeout=5,
    retries={"mode": "standard", "total_max_attempts": 3},
    signature_version="s3v4",
)


def client() -> "S3Client":
    return _client(os.environ.get("AWS_ENDPOINT_URL_S3", ""))


@cache
def _client(endpoint: str) -> "S3Client":
    config = _CONFIG.merge(Config(s3={"addressing_style": "path"})) if endpoint else _CONFIG
    return boto3.session.Session().client("s3", endpoint_url=endpoint or None, config=config)


def presigned_upload(
    bucket: str, key: str, content_type: str, max_bytes: int, expires: int
) -> tuple[str, dict[str, str]]:
    """A browser form upload (POST policy) of exactly this key and type, at most max_bytes:
    the address to post to and the signed fields."""
    post = client().generate_presigned_post(
        Bucket=bucket,
        Key=key,
        Fields={"Content-Type": content_type},
        Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_bytes]],
        ExpiresIn=expires,
    )
    return post["url"], dict(post["fields"])


def read(bucket: str, key: str, limit: int) -> bytes | None:
    """The object's bytes, or None when it is gone or larger than `limit`."""
    try:
        response = client().get_object(Bucket=bucket, Key=key)
    except client().exceptions.NoSuchKey:
        return None
    if response["ContentLength"] > limit:
        response["Body"].close()
        return None
    return response["Body"].read()


def write(bucket: str, key: str, data: bytes, content_type: str, cache_control: str) -> None:
    client().put_object(Bucket=bucket, Key=key, Body=data, ContentType=content_type, CacheControl=cache_control)


def fetch(bucket: str, key: str) -> tuple[bytes, str, str] | None:
    """(body, content type, cache control) of a stored object, or None."""
    try:
        response = client().get_object(Bucket=bucket, Key=key)
    except client().exceptions.NoSuchKey:
        return None
    return response["Body"].read(), response.get("ContentType", ""), response.get("CacheControl", "")


def delete(bucket: str, key: str) -> None:
    client().delete_object(Bucket=bucket, Key=key)


def delete_prefix(bucket: str, prefix: str) -> int:
    """Delete every object under `prefix`; returns how many."""
    deleted = 0
    for page in client().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        keys: list[Any] = [{"Key": item["Key"]} for item in page.get("Contents", [])]
        if keys:
            client().delete_objects(Bucket=bucket, Delete={"Objects": keys, "Quiet": True})
            deleted += len(keys)
    return deleted
