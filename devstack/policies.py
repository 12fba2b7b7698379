"""What S3 checks of a browser's form upload (a presigned POST) and moto's server does not:
the signature, the policy's expiry and each of its conditions, the file's size. A WSGI
layer in front of moto, so a local upload that breaks the policy is refused as on AWS."""

import base64
import hashlib
import hmac
import io
import json
from datetime import UTC, datetime
from typing import Any

from werkzeug.wrappers import Request, Response

from devstack.dynamodb import CREDENTIALS


class PostPolicyCheck:
    def __init__(self, app: Any):
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if environ["REQUEST_METHOD"] != "POST" or not environ.get("CONTENT_TYPE", "").startswith("multipart/form-data"):
            return self.app(environ, start_response)
        raw = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = io.BytesIO(raw)
        request = Request(environ)
        try:
            fields = {name.lower(): value for name, value in request.form.items()}
            upload = request.files.get("file")
            size = len(upload.read()) if upload else 0
        finally:
            request.close()  # the parsed file's temporary copy
        refusal = refused(request.path.strip("/").split("/")[0], fields, size)
        environ["wsgi.input"] = io.BytesIO(raw)  # moto reads the form again
        if refusal:
            code, message = refusal
            status = 400 if code in ("EntityTooLarge", "EntityTooSmall") else 403
            body = (
                f"<?xml version='1.0' encoding='UTF-8'?><Error><Code>{code}</Code><Message>{message}</Message></Error>"
            )
            return Response(body, status=status, content_type="application/xml")(environ, start_response)
        return self.app(environ, start_response)


def refused(bucket: str, fields: dict[str, str], size: int) -> tuple[str, str] | None:
    """(S3 error code, message) if S3 would refuse this form upload, else None."""
    encoded = fields.get("policy", "")
    if not encoded or fields.get("x-amz-algorithm") != "AWS4-HMAC-SHA256":
        return "AccessDenied", "Bucket POST must contain a policy signed with AWS4-HMAC-SHA256"
    if not hmac.compare_digest(
        _signature(encoded, fields.get("x-amz-credential", "")), fields.get("x-amz-signature", "")
    ):
        return "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided"
    policy = json.loads(base64.b64decode(encoded))
    if datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00")) < datetime.now(UTC):
        return "AccessDenied", "Invalid according to Policy: Policy expired."
    return _broken_condition(policy["conditions"], {**fields, "bucket": bucket}, size)


def _broken_condition(conditions: list[Any], values: dict[str, str], size: int) -> tuple[str, str] | None:
    for stated in conditions:
        condition = stated
        if isinstance(stated, dict):
            (name, expected), *_ = stated.items()
            condition = ["eq", f"${name}", expected]
        operator, *arguments = condition
        if operator == "content-length-range":
            low, high = (int(argument) for argument in arguments)
            if size > high:
                return "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size"
            if size < low:
                return "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size"
            continue
        name, expected = arguments[0].lstrip("$").lower(), str(arguments[1])
        actual = values.get(name, "")
        if (operator == "eq" and actual != expected) or (operator == "starts-with" and not actual.startswith(expected)):
            return "AccessDenied", f"Invalid according to Policy: Policy Condition failed: {json.dumps(condition)}"
    return None


def _signature(encoded_policy: str, credential: str) -> str:
    """SigV4 of the policy, with the local stack's secret key (the credential's scope)."""
    _, date, region, service, _ = (credential.split("/") + [""] * 5)[:5]
    key = f"AWS4{CREDENTIALS['AWS_SECRET_ACCESS_KEY']}".encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, encoded_policy.encode(), hashlib.sha256).hexdigest()
