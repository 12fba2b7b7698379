"""What the deployed stack promises its operators, read from template.yaml (no AWS here)."""

from typing import Any

from devstack.template import load_template

TEMPLATE = load_template()
RESOURCES: dict[str, Any] = TEMPLATE["Resources"]
FUNCTIONS = [name for name, resource in RESOURCES.items() if resource["Type"] == "AWS::Serverless::Function"]
STREAM_CONSUMERS = [
    name
    for name in FUNCTIONS
    if any(event["Type"] == "DynamoDB" for event in RESOURCES[name]["Properties"].get("Events", {}).values())
]


def alarms() -> list[dict[str, Any]]:
    return [r["Properties"] for r in RESOURCES.values() if r["Type"] == "AWS::CloudWatch::Alarm"]


def watched(properties: dict[str, Any]) -> list[tuple[str, str]]:
    """(metric name, function) pairs an alarm watches, directly or in its metric math."""
    found = []
    stats = [properties] + [m["MetricStat"]["Metric"] for m in properties.get("Metrics", []) if "MetricStat" in m]
    for stat in stats:
        for dimension in stat.get("Dimensions", []):
            if dimension["Name"] == "FunctionName":
                found.append((stat["MetricName"], dimension["Value"]["Ref"]))
    return found


def test_alarms_can_reach_their_topic() -> None:
    """CloudWatch must be able to use the topic's key, or every alarm's publish fails silently."""
    topic = RESOURCES["AlarmTopic"]["Properties"]
    key = RESOURCES[topic["KmsMasterKeyId"]["Ref"]]
    assert key["Type"] == "AWS::KMS::Key" and key["Properties"]["EnableKeyRotation"] is True
    statements = key["Properties"]["KeyPolicy"]["Statement"]
    cloudwatch = next(s for s in statements if s["Principal"] == {"Service": "cloudwatch.amazonaws.com"})
    assert set(cloudwatch["Action"]) == {"kms:Decrypt", "kms:GenerateDataKey*"}
    assert cloudwatch["Condition"]["StringEquals"]["aws:SourceAccount"] == {"Ref": "AWS::AccountId"}
    assert all(alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}] for alarm in alarms())
    assert RESOURCES["AlarmEmailSubscription"]["Condition"] == "HasAlarmEmail"


def test_every_function_is_watched() -> None:
    pairs = {pair for alarm in alarms() for pair in watched(alarm)}
    for function in FUNCTIONS:
        assert ("Errors", function) in pairs, function
        assert ("Throttles", function) in pairs, function
    for consumer in STREAM_CONSUMERS:
        assert ("IteratorAge", consumer) in pairs, consumer
    assert sorted(STREAM_CONSUMERS) == ["CountersAggregatorFunction", "TranslationWorkerFunction"]


def test_server_errors_alarm_on_a_rate_not_a_count() -> None:
    alarm = RESOURCES["ApiServerErrorsAlarm"]["Properties"]
    expression = next(m["Expression"] for m in alarm["Metrics"] if m.get("ReturnData"))
    assert "errors / requests" in expression


def test_budget_exhaustion_alarms_for_both_spenders() -> None:
    services = {
        dimension["Value"]
        for alarm in alarms()
        if alarm.get("MetricName") == "TranslationBudgetExhausted"
        for dimension in alarm["Dimensions"]
    }
    spenders = {
        RESOURCES[name]["Properties"]["Environment"]["Variables"]["POWERTOOLS_SERVICE_NAME"]
        for name in FUNCTIONS
        if "TRANSLATION_MONTHLY_CHARACTERS" in RESOURCES[name]["Properties"]["Environment"]["Variables"]
    }
    assert services == spenders == {"comments", "translation-worker"}


def test_access_logs_keep_no_ip_address_and_have_their_own_retention() -> None:
    api = RESOURCES["HttpApi"]["Properties"]["AccessLogSettings"]
    assert "sourceIp" not in api["Format"] and "$context.identity" not in api["Format"]
    logs = RESOURCES["ApiAccessLogs"]["Properties"]["RetentionInDays"]
    assert logs == {"Ref": "AccessLogRetentionDays"}
    assert TEMPLATE["Parameters"]["AccessLogRetentionDays"]["Default"] <= 7


def test_a_stack_reads_only_its_own_stages_provider_keys() -> None:
    resources = [
        statement["Resource"]
        for name in FUNCTIONS
        for policy in RESOURCES[name]["Properties"].get("Policies", [])
        for statement in policy.get("Statement", [])
        if statement.get("Action") == "ssm:GetParameter"
    ]
    assert resources
    assert all(resource["Fn::Sub"].endswith(":parameter/haber/${Stage}/*") for resource in resources)


def test_the_table_cannot_be_deleted_by_accident() -> None:
    table = RESOURCES["Table"]
    assert table["DeletionPolicy"] == "Retain" and table["UpdateReplacePolicy"] == "Retain"
    assert table["Properties"]["DeletionProtectionEnabled"] is True
    assert table["Properties"]["SSESpecification"]["Fn::If"][0] == "HasTableKey"


def test_production_refuses_open_cors() -> None:
    rule = TEMPLATE["Rules"]["NoOpenCorsInProduction"]
    assert rule["RuleCondition"] == {"Fn::Equals": [{"Ref": "Stage"}, "prod"]}
    assert rule["Assertions"][0]["Assert"] == {"Fn::Not": [{"Fn::Contains": [{"Ref": "CorsAllowOrigins"}, "*"]}]}


def test_anonymous_write_functions_can_have_reserved_concurrency() -> None:
    for name in ("CommentsFunction", "CountersFunction"):
        reserved = RESOURCES[name]["Properties"]["ReservedConcurrentExecutions"]
        assert reserved["Fn::If"][:2] == ["HasWriteConcurrency", {"Ref": "AnonymousWriteConcurrency"}], name
