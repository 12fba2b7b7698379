"""The shapes Haber does not type field by field because they are not its own: what arrives
from outside, or goes to a library, as it is. Each is named here once so that a signature
says which it is; everything Haber stores or answers has a record in its domain's records.py
(docs/architecture.md, "Types")."""

from typing import Any

# A Lambda event as it arrives: API Gateway's request, a DynamoDB stream batch, S3's notice.
Event = dict[str, Any]
# A DynamoDB item as boto3's resource returns or takes it, before its domain reads it as a record.
Item = dict[str, Any]
# The parameters of one DynamoDB request or transaction action, as boto3 takes them.
Request = dict[str, Any]
# A document handed to a library or a client as is: a handler's answer, JSON-LD, the OpenAPI
# document, a template's context, a token's claims.
Json = dict[str, Any]
