"""The IAM policy simulator's answer for a function's DynamoDB policy, read from
template.yaml: may this function take this action on an item with this partition key?
(DynamoDB Local does not enforce IAM, so the tests ask this instead.)

Only what Haber's policies use: Allow statements, exact action names, and
`ForAllValues:StringLike` on `dynamodb:LeadingKeys`, whose `*` matches any characters.
Each item of a transaction or a batch is authorised as its own action."""

import re
from typing import Any

from devstack.template import load_template

RESOURCES: dict[str, Any] = load_template()["Resources"]


def statements(function: str) -> list[dict[str, Any]]:
    """The function's DynamoDB statements (S3 and other services have their own)."""
    found = []
    for policy in RESOURCES[function]["Properties"].get("Policies", []):
        if isinstance(policy, dict):
            found += policy.get("Statement", [])
    return [statement for statement in found if "dynamodb:" in str(statement["Action"])]


def leading_keys(statement: dict[str, Any]) -> list[str] | None:
    """The partition-key patterns a statement is limited to (None: any key)."""
    condition = statement.get("Condition")
    if condition is None:
        return None
    patterns: list[str] = condition.get("ForAllValues:StringLike", {}).get("dynamodb:LeadingKeys", [])
    return patterns


def _like(pattern: str, value: str) -> bool:
    return re.fullmatch(".*".join(re.escape(part) for part in pattern.split("*")), value) is not None


def may(function: str, action: str, partition_key: str | None = None) -> bool:
    for statement in statements(function):
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        if statement["Effect"] != "Allow" or f"dynamodb:{action}" not in actions:
            continue
        patterns = leading_keys(statement)
        if patterns is None or (partition_key is not None and any(_like(p, partition_key) for p in patterns)):
            return True
    return False


def write_prefixes(function: str) -> set[str]:
    """The partition-key patterns of the function's keyed (write) statements."""
    return {pattern for statement in statements(function) for pattern in leading_keys(statement) or []}
