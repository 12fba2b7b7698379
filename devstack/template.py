"""template.yaml as the local stack sees it: functions, routes, table, authorizers.

Intrinsic functions are resolved with parameter defaults (plus local overrides) and
local names for resources, so nothing in the template is written down twice.
"""

import copy
import hmac
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from devstack import ROOT

REGION = "eu-central-1"
# No internet here: machine translation is off locally unless TRANSLATION_PROVIDER says otherwise.
LOCAL_PARAMETERS = {
    "Stage": "local",
    "JwtIssuer": "https://haber.local/issuer",
    "JwtAudience": "haber-local",
    "TranslationProvider": "none",
    "SiteUrl": "http://127.0.0.1:3000",
    # Example accounts, so the local pages show the box as a deployment with links would.
    "FollowUsLinks": "Instagram=https://www.instagram.com/haber,X=https://x.com/haber,YouTube=https://www.youtube.com/@haber",
}


class _CloudFormationLoader(yaml.SafeLoader):
    pass


def _intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {"Ref" if suffix == "Ref" else f"Fn::{suffix}": value}


_CloudFormationLoader.add_multi_constructor("!", _intrinsic)


def load_template(path: Path = ROOT / "template.yaml") -> dict[str, Any]:
    """The template as data: a copy of its one parse per process and file version (a tenth
    of a second each, and the tests make a stack per test)."""
    return copy.deepcopy(_parsed(path, path.stat().st_mtime_ns))


@cache
def _parsed(path: Path, _version: int) -> dict[str, Any]:
    document: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=_CloudFormationLoader)  # noqa: S506
    return document


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    function: str
    authorizer: str | None

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class StreamSubscription:
    """A DynamoDB stream event source mapping of the template."""

    function: str
    batch_size: int
    max_retries: int
    starting_position: str
    filters: tuple[dict[str, Any], ...]
    reports_item_failures: bool
    tumbling_window: int = 0  # seconds; events then name their shard and carry a state


@dataclass(frozen=True)
class UploadSubscription:
    """An S3 event of the template: object-created notifications of a bucket, by key prefix."""

    function: str
    bucket: str
    prefix: str
    attempts: int = 3  # an asynchronous invocation's first try and Lambda's two retries


@dataclass
class Function:
    name: str
    code_uri: Path
    handler: str
    environment: dict[str, str]
    timeout_seconds: int = 3  # Lambda's default
    memory_mb: int = 128  # Lambda's default
    routes: list[Route] = field(default_factory=list)
    streams: list[StreamSubscription] = field(default_factory=list)
    uploads: list[UploadSubscription] = field(default_factory=list)


class Stack:
    """The resolved template for one local deployment."""

    def __init__(self, table_name: str, secret: str, parameters: dict[str, str] | None = None):
        self.template = load_template()
        self.table_name = table_name
        self.secret = secret
        self.parameters = {
            name: str(spec.get("Default", "")) for name, spec in self.template.get("Parameters", {}).items()
        }
        self.parameters.update(LOCAL_PARAMETERS)
        self.parameters.update(parameters or {})
        resources = self.template["Resources"]
        self.functions = {
            name: self._function(name, resource["Properties"])
            for name, resource in resources.items()
            if resource["Type"] == "AWS::Serverless::Function"
        }
        self.routes = [route for function in self.functions.values() for route in function.routes]
        self.streams = [stream for function in self.functions.values() for stream in function.streams]
        self.uploads = [upload for function in self.functions.values() for upload in function.uploads]

    def resolve(self, value: Any) -> Any:  # noqa: PLR0911 - one return per intrinsic function
        if isinstance(value, list):
            return [self.resolve(item) for item in value]
        if not isinstance(value, dict):
            return value
        if set(value) == {"Ref"}:
            return self._reference(value["Ref"])
        if set(value) == {"Fn::Sub"}:
            return re.sub(r"\$\{([^}]+)\}", lambda match: str(self._reference(match.group(1))), value["Fn::Sub"])
        if set(value) == {"Fn::GetAtt"}:
            return self._reference(".".join(value["Fn::GetAtt"]))
        if set(value) == {"Fn::If"}:
            condition, when_true, when_false = value["Fn::If"]
            return self.resolve(when_true if self.condition(condition) else when_false)
        if set(value) == {"Fn::Join"}:
            separator, parts = value["Fn::Join"]
            return separator.join(str(part) for part in self.resolve(parts))
        return {key: self.resolve(item) for key, item in value.items()}

    def condition(self, name: str) -> bool:
        return self._holds(self.template.get("Conditions", {})[name])

    def _holds(self, expression: dict[str, Any]) -> bool:
        (function, arguments), *_ = expression.items()
        if function in ("Condition", "Fn::Condition"):  # JSON's name, and the YAML tag's as loaded
            return self.condition(arguments)
        if function == "Fn::Equals":
            left, right = (self.resolve(argument) for argument in arguments)
            return bool(left == right)
        if function == "Fn::Not":
            return not self._holds(arguments[0])
        if function == "Fn::And":
            return all(self._holds(argument) for argument in arguments)
        if function == "Fn::Or":
            return any(self._holds(argument) for argument in arguments)
        raise ValueError(f"the local stack does not evaluate {function} in conditions")

    def _reference(self, name: str) -> Any:  # noqa: PLR0911 - one return per kind of name
        if name in self.parameters:
            return self.parameters[name]
        pseudo = {
            "AWS::Region": REGION,
            "AWS::AccountId": "000000000000",
            "AWS::URLSuffix": "amazonaws.com",
            "AWS::Partition": "aws",
        }
        if name in pseudo:
            return pseudo[name]
        logical_id, _, attribute = name.partition(".")
        if logical_id == "Table":
            return f"arn:aws:dynamodb:{REGION}:000000000000:table/{self.table_name}" if attribute else self.table_name
        if name == "AWS::NoValue":
            return None
        resource = self.template["Resources"].get(logical_id, {})
        if resource.get("Type") == "AWS::S3::Bucket" and not attribute:
            return self.resolve(resource["Properties"]["BucketName"])
        if logical_id in self.secret_values():
            return self.secret_name(logical_id)  # Secrets Manager takes a name wherever it takes an ARN
        return f"haber-local-{logical_id}" + (f"-{attribute}" if attribute else "")

    def secret_values(self) -> dict[str, str]:
        """Each Secrets Manager secret of the template, with a value of its own derived from
        the local secret (the local AWS emulator holds them under secret_name)."""
        return {
            logical_id: hmac.new(self.secret.encode(), logical_id.encode(), "sha256").hexdigest()
            for logical_id, resource in self.template["Resources"].items()
            if resource["Type"] == "AWS::SecretsManager::Secret"
            and ("Condition" not in resource or self.condition(resource["Condition"]))
        }

    def secret_name(self, logical_id: str) -> str:
        return f"{self.table_name}-{logical_id}"

    def _function(self, name: str, properties: dict[str, Any]) -> Function:
        defaults = self.template.get("Globals", {}).get("Function", {})
        variables = {
            **defaults.get("Environment", {}).get("Variables", {}),
            **properties.get("Environment", {}).get("Variables", {}),
        }
        function = Function(
            name=name,
            code_uri=ROOT / properties["CodeUri"],
            handler=properties["Handler"],
            environment={key: str(self.resolve(value)) for key, value in variables.items()},
            timeout_seconds=int(properties.get("Timeout", defaults.get("Timeout", 3))),
            memory_mb=int(properties.get("MemorySize", defaults.get("MemorySize", 128))),
        )
        api_auth = self.template["Resources"].get("HttpApi", {}).get("Properties", {}).get("Auth", {})
        for event in properties.get("Events", {}).values():
            if event["Type"] == "DynamoDB":
                function.streams.append(_subscription(name, event["Properties"]))
            if event["Type"] == "S3":
                function.uploads.append(self._upload_subscription(name, event["Properties"]))
            if event["Type"] != "HttpApi":
                continue
            spec = event["Properties"]
            authorizer = spec.get("Auth", {}).get("Authorizer", api_auth.get("DefaultAuthorizer"))
            route = Route(
                spec.get("Method", "ANY").upper(),
                spec.get("Path", "$default"),
                name,
                None if authorizer in (None, "NONE") else authorizer,
            )
            function.routes.append(route)
        return function

    def _upload_subscription(self, function: str, spec: dict[str, Any]) -> UploadSubscription:
        rules = spec.get("Filter", {}).get("S3Key", {}).get("Rules", [])
        prefix = next((rule["Value"] for rule in rules if rule["Name"].lower() == "prefix"), "")
        retries = self.template["Resources"][function]["Properties"].get("EventInvokeConfig", {})
        attempts = 1 + int(retries.get("MaximumRetryAttempts", 2))
        return UploadSubscription(function, str(self.resolve(spec["Bucket"])), prefix, attempts)

    def buckets(self) -> dict[str, dict[str, Any]]:
        """The template's S3 buckets by name, with their properties resolved."""
        found = {}
        for resource in self.template["Resources"].values():
            if resource["Type"] == "AWS::S3::Bucket":
                properties = self.resolve(resource["Properties"])
                found[properties["BucketName"]] = properties
        return found

    def table_definition(self) -> dict[str, Any]:
        """CreateTable arguments for the template's table."""
        properties = self.template["Resources"]["Table"]["Properties"]
        definition = {
            key: properties[key]
            for key in ("AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes", "BillingMode")
        }
        definition["StreamSpecification"] = {"StreamEnabled": True, **properties["StreamSpecification"]}
        return {"TableName": self.table_name, **definition}

    def ttl_attribute(self) -> str:
        return str(self.template["Resources"]["Table"]["Properties"]["TimeToLiveSpecification"]["AttributeName"])

    def http_api(self) -> dict[str, Any]:
        properties: dict[str, Any] = self.resolve(self.template["Resources"]["HttpApi"]["Properties"])
        return properties

    def authorizer(self, name: str) -> dict[str, Any]:
        config: dict[str, Any] = self.http_api()["Auth"]["Authorizers"][name]["JwtConfiguration"]
        audience = config["audience"]
        return {"issuer": config["issuer"], "audience": audience.split(",") if isinstance(audience, str) else audience}


def _subscription(function: str, spec: dict[str, Any]) -> StreamSubscription:
    filters = tuple(json.loads(item["Pattern"]) for item in spec.get("FilterCriteria", {}).get("Filters", []))
    return StreamSubscription(
        function=function,
        batch_size=int(spec.get("BatchSize", 100)),
        max_retries=int(spec.get("MaximumRetryAttempts", -1)),
        starting_position=spec.get("StartingPosition", "LATEST"),
        filters=filters,
        reports_item_failures="ReportBatchItemFailures" in spec.get("FunctionResponseTypes", []),
        tumbling_window=int(spec.get("TumblingWindowInSeconds", 0)),
    )
