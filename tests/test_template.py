"""What the deployed stack promises its operators, read from template.yaml (no AWS here)."""

import fnmatch
import json
import re
from typing import Any

from devstack import ROOT
from devstack.template import Stack, load_template
from haber.counters import marks
from haber.platform import observability
from tests import iam

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
    assert sorted(STREAM_CONSUMERS) == [
        "CdnInvalidatorFunction",
        "CountersAggregatorFunction",
        "MediaProcessorFunction",
        "SearchIndexerFunction",
        "TranslationWorkerFunction",
    ]


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


def test_parked_counter_records_raise_an_alarm() -> None:
    """Parked counter records reach no dead-letter queue, so the aggregator's own metric alarms."""
    (alarm,) = [alarm for alarm in alarms() if alarm.get("MetricName") == "CounterRecordsParked"]
    service = RESOURCES["CountersAggregatorFunction"]["Properties"]["Environment"]["Variables"]
    assert alarm["Dimensions"] == [{"Name": "service", "Value": service["POWERTOOLS_SERVICE_NAME"]}]
    assert alarm["Namespace"] == observability.NAMESPACE
    source = (ROOT / "layers/common/haber/counters/parking.py").read_text(encoding="utf-8")
    assert 'add_metric(name="CounterRecordsParked"' in source


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


# What each function may write, by partition-key prefix; docs/operations.md has the same table.
WRITE_PREFIXES = {
    "ArticlesFunction": {
        "ARTICLE#*",
        "SLUG#*",
        "CATEGORY",
        "AUTHORS",
        "TAGS",
        "AUTHOR_SLUG#*",  # an author's and a tag's addresses, in their PUT's transaction
        "TAG_SLUG#*",
        "COMMENTS#*",
        "MEDIA#*",
        "REVISIONS#*",
    },
    "CommentsFunction": {"COMMENTS#*", "COMMENT#*", "RATE#*", "IDEMPOTENCY#*", "TM#*", "BUDGET#*"},
    "CountersFunction": {"VIEW#*", "REACTION#*", "SHARE#*"},
    "CountersAggregatorFunction": {"ARTICLE#*", "TOP#*", "PARKED#*"},
    "TranslationFunction": {
        "ARTICLE#*",
        "SLUG#*",
        "CATEGORY",
        "COMMENTS#*",
        "GLOSSARY",
        "I18N#*",
        "MEDIA#*",
        "REVISIONS#*",
    },
    "TranslationWorkerFunction": {
        "ARTICLE#*",
        "SLUG#*",
        "TM#*",
        "BUDGET#*",
        "I18N#*",
        "PARKED#*",
        "MEDIA#*",
        "REVISIONS#*",
        "AUTHORS",  # machine-translated bios
        "TAGS",  # and tag names
        "AUTHOR_SLUG#*",  # which may move their addresses
        "TAG_SLUG#*",
    },
    "SiteFunction": set(),
    "MediaFunction": {"MEDIA#*"},
    "MediaProcessorFunction": {"MEDIA#*", "ARTICLE#*", "REVISIONS#*"},  # an image change is a revision
    "SearchFunction": set(),
    "SearchIndexerFunction": {"PARKED#*"},
    "CdnInvalidatorFunction": set(),
}
WRITES = ("PutItem", "UpdateItem", "DeleteItem", "ConditionCheckItem", "BatchWriteItem")


def test_each_function_writes_only_under_its_own_key_prefixes() -> None:
    assert {function: iam.write_prefixes(function) for function in FUNCTIONS} == WRITE_PREFIXES
    for function in FUNCTIONS:
        for statement in iam.statements(function):
            listed = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            if any(action.removeprefix("dynamodb:") in WRITES for action in listed):
                assert iam.leading_keys(statement), (function, statement.get("Sid"))
    # The anonymous counters cannot touch an article, a comment or another reader's window.
    for key in ("ARTICLE#a/META", "COMMENTS#a", "RATE#client#minute#1", "CATEGORY"):
        assert not any(iam.may("CountersFunction", action, key) for action in WRITES), key
    assert iam.may("CountersFunction", "UpdateItem", "VIEW#a#2026-11-29#address")
    assert not iam.may("CountersFunction", "DeleteItem", "VIEW#a#2026-11-29#address")
    assert not iam.may("CommentsFunction", "PutItem", "ARTICLE#a")
    assert not iam.may("ArticlesFunction", "PutItem", "GLOSSARY")


def test_the_operators_guide_lists_each_functions_write_prefixes() -> None:
    guide = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    for function, prefixes in WRITE_PREFIXES.items():
        row = next(line for line in guide.splitlines() if line.startswith(f"| {function} |"))
        assert set(re.findall(r"`([^`]+)`", row.split("|")[2])) == prefixes, function


def test_no_function_environment_carries_a_secret() -> None:
    signers = {
        "ArticlesFunction",
        "CommentsFunction",
        "CountersFunction",
        "SiteFunction",
        "MediaFunction",
        "SearchFunction",
    }
    variables = TEMPLATE["Globals"]["Function"]["Environment"]["Variables"]
    for function in FUNCTIONS:
        own = RESOURCES[function]["Properties"].get("Environment", {}).get("Variables", {})
        for name, value in {**variables, **own}.items():
            assert "resolve:secretsmanager" not in json.dumps(value), (function, name)
            assert name != "SIGNING_SECRET", function
        assert ("SIGNING_SECRET_ID" in own) == (function in signers), function
        if function in signers:
            assert own["SIGNING_SECRET_ID"] == {"Ref": "SigningSecret"}
            granted = [
                p for p in RESOURCES[function]["Properties"]["Policies"] if "AWSSecretsManagerGetSecretValuePolicy" in p
            ]
            assert granted == [{"AWSSecretsManagerGetSecretValuePolicy": {"SecretArn": {"Ref": "SigningSecret"}}}]


def test_the_cdn_keys_on_path_and_query_and_passes_writes_through() -> None:
    key = RESOURCES["CdnCachePolicy"]["Properties"]["CachePolicyConfig"]["ParametersInCacheKeyAndForwardedToOrigin"]
    assert key["HeadersConfig"] == {"HeaderBehavior": "whitelist", "Headers": ["Authorization"]}
    assert key["CookiesConfig"] == {"CookieBehavior": "none"} and key["QueryStringsConfig"] == {
        "QueryStringBehavior": "all"
    }
    assert key["EnableAcceptEncodingGzip"] and key["EnableAcceptEncodingBrotli"]
    config = RESOURCES["Cdn"]["Properties"]["DistributionConfig"]
    for behavior in config["CacheBehaviors"]:
        if behavior["TargetOriginId"] != "api":
            continue
        assert {"POST", "PUT", "DELETE"} <= set(behavior["AllowedMethods"]), behavior["PathPattern"]
        assert behavior["CachedMethods"] == ["GET", "HEAD"] and behavior["Compress"] is True
        assert behavior["ViewerProtocolPolicy"] == "redirect-to-https"
        assert behavior["CachePolicyId"] == {"Ref": "CdnCachePolicy"}
        assert behavior["OriginRequestPolicyId"] == {"Ref": "CdnOriginRequestPolicy"}
    pages = config["DefaultCacheBehavior"]
    assert pages["TargetOriginId"] == {"Fn::If": ["PagesThroughTheirUrl", "pages", "api"]}
    assert pages["AllowedMethods"] == ["GET", "HEAD"]
    assert pages["Compress"] is True and pages["CachePolicyId"] == {"Ref": "CdnPagesCachePolicy"}
    pages_policy = RESOURCES["CdnPagesCachePolicy"]["Properties"]["CachePolicyConfig"]
    pages_key = pages_policy["ParametersInCacheKeyAndForwardedToOrigin"]
    assert pages_key["HeadersConfig"] == {"HeaderBehavior": "none"}
    assert pages_key["CookiesConfig"] == {"CookieBehavior": "none"}
    # Exactly the parameters the pages read: an invalidated path leaves no copy under another query.
    read = set(re.findall(r'query\.get\("(\w+)"', (ROOT / "functions" / "site" / "app.py").read_text(encoding="utf-8")))
    assert pages_key["QueryStringsConfig"]["QueryStringBehavior"] == "whitelist"
    assert set(pages_key["QueryStringsConfig"]["QueryStrings"]) == read
    sent = RESOURCES["CdnOriginRequestPolicy"]["Properties"]["OriginRequestPolicyConfig"]["HeadersConfig"]["Headers"]
    assert {"User-Agent", "Accept-Language", "CloudFront-Viewer-Address", "Idempotency-Key", "If-Match"} <= set(sent)
    assert "Host" not in sent and len(sent) <= 10  # API Gateway answers only to its own name; 10: CloudFront's quota
    origin = next(o for o in config["Origins"] if o["Id"] == "api")
    assert origin["OriginCustomHeaders"] == [
        {
            "HeaderName": "X-Haber-Edge",
            "HeaderValue": {"Fn::Sub": "{{resolve:secretsmanager:${CdnOriginSecret}:SecretString}}"},
        }
    ]
    for function in ("CommentsFunction", "CountersFunction"):  # they read the reader's address
        variables = RESOURCES[function]["Properties"]["Environment"]["Variables"]
        assert variables["EDGE_SECRET_ID"] == {"Fn::If": ["HasCdn", {"Ref": "CdnOriginSecret"}, ""]}
    assert config["WebACLId"] == {"Fn::If": ["HasCdnWebAcl", {"Ref": "CdnWebAclArn"}, {"Ref": "AWS::NoValue"}]}
    assert RESOURCES["Cdn"]["Condition"] == "HasCdn"


def test_the_cdn_forgets_at_once_only_what_must_not_wait_by_default() -> None:
    """Invalidation paths cost $0.005 each: by default only an unpublication, a deletion and a
    correction are invalidated, the rest expires within a minute (docs/cost.md); `changes`
    stays for a newsroom that wants to pay for every edit."""
    setting = TEMPLATE["Parameters"]["CdnInvalidation"]
    assert setting["Default"] == "takedowns" and set(setting["AllowedValues"]) == {"changes", "takedowns"}
    variables = RESOURCES["CdnInvalidatorFunction"]["Properties"]["Environment"]["Variables"]
    assert variables["CDN_INVALIDATE"] == {"Ref": "CdnInvalidation"}


def test_the_edge_web_acl_limits_each_address() -> None:
    acl = load_template(ROOT / "waf.yaml")["Resources"]["WebAcl"]["Properties"]
    assert acl["Scope"] == "CLOUDFRONT"
    limits = {rule["Name"]: rule["Statement"].get("RateBasedStatement") for rule in acl["Rules"]}
    assert limits["writes-per-address"]["AggregateKeyType"] == "IP"
    assert "NotStatement" in limits["writes-per-address"]["ScopeDownStatement"]  # everything but GET
    assert limits["requests-per-address"]["AggregateKeyType"] == "IP"


def test_the_view_beacon_has_its_own_door_that_only_the_cdn_opens() -> None:
    counters = RESOURCES["CountersFunction"]["Properties"]["FunctionUrlConfig"]
    assert counters["AuthType"] == "AWS_IAM"
    config = RESOURCES["Cdn"]["Properties"]["DistributionConfig"]
    beacon, images, *_ = config["CacheBehaviors"]  # CloudFront takes the first pattern that matches
    assert beacon["PathPattern"] == "/articles/*/views" and beacon["TargetOriginId"] == "view-beacon"
    assert images["PathPattern"] == "/images/*" and images["TargetOriginId"] == "media"
    assert beacon["CachePolicyId"] == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # CachingDisabled
    origin = next(o for o in config["Origins"] if o["Id"] == "view-beacon")
    assert origin["OriginAccessControlId"] == {"Ref": "CdnViewsAccessControl"}
    assert (
        RESOURCES["CdnViewsAccessControl"]["Properties"]["OriginAccessControlConfig"]["OriginAccessControlOriginType"]
        == "lambda"
    )
    permission = RESOURCES["CdnMayCallTheViewBeacon"]["Properties"]
    assert permission["Principal"] == "cloudfront.amazonaws.com" and permission["FunctionUrlAuthType"] == "AWS_IAM"
    assert "${Cdn}" in permission["SourceArn"]["Fn::Sub"]
    sent = RESOURCES["CdnViewsOriginRequestPolicy"]["Properties"]["OriginRequestPolicyConfig"]["HeadersConfig"][
        "Headers"
    ]
    assert set(sent) == {"User-Agent", "CloudFront-Viewer-Address", "x-amz-content-sha256"}


def test_images_reach_readers_only_through_the_cdn_and_originals_never() -> None:
    bucket = RESOURCES["MediaBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    statements = RESOURCES["MediaBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    tls, cdn = statements[0], statements[1]["Fn::If"][1]
    assert tls["Effect"] == "Deny" and tls["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert cdn["Principal"] == {"Service": "cloudfront.amazonaws.com"} and cdn["Action"] == "s3:GetObject"
    assert cdn["Resource"]["Fn::Sub"].endswith("/images/*")  # renditions; originals stay private
    assert "${Cdn}" in cdn["Condition"]["StringEquals"]["AWS:SourceArn"]["Fn::Sub"]
    origin = next(o for o in RESOURCES["Cdn"]["Properties"]["DistributionConfig"]["Origins"] if o["Id"] == "media")
    assert origin["OriginAccessControlId"] == {"Ref": "CdnMediaAccessControl"}
    processor = RESOURCES["MediaProcessorFunction"]["Properties"]
    (uploads,) = [e["Properties"] for e in processor["Events"].values() if e["Type"] == "S3"]
    assert uploads["Filter"]["S3Key"]["Rules"] == [{"Name": "prefix", "Value": "originals/"}]


def test_the_media_processor_rejects_an_upload_on_lambdas_last_try_and_keeps_checked_bytes_apart() -> None:
    processor = RESOURCES["MediaProcessorFunction"]["Properties"]
    attempts = int(processor["Environment"]["Variables"]["MEDIA_PROCESSING_ATTEMPTS"])
    assert attempts == 1 + processor["EventInvokeConfig"]["MaximumRetryAttempts"]
    statements = {s["Sid"]: s for p in processor["Policies"] if "Statement" in p for s in p["Statement"]}
    assert statements["KeepCheckedOriginals"]["Resource"]["Fn::Sub"].endswith("/checked/*")
    # The form is the media function's own PutObject: it can reach originals/, never checked/.
    media = {
        s["Sid"]: s
        for p in RESOURCES["MediaFunction"]["Properties"]["Policies"]
        if "Statement" in p
        for s in p["Statement"]
    }
    puts = [s["Resource"]["Fn::Sub"] for s in media.values() if "s3:PutObject" in s["Action"]]
    assert puts and all(resource.endswith("/originals/*") for resource in puts)


def test_the_counters_stream_mapping_names_its_shard_keeps_it_in_order_and_bounds_record_age() -> None:
    """The aggregator's marks are per shard, assume one batch of a shard at a time, and are
    dropped once older than any record Lambda still delivers."""
    function = TEMPLATE["Resources"]["CountersAggregatorFunction"]["Properties"]
    (mapping,) = (event["Properties"] for event in function["Events"].values() if event["Type"] == "DynamoDB")
    assert 0 < mapping["TumblingWindowInSeconds"] <= 900  # only tumbling-window events carry shardId
    assert mapping.get("ParallelizationFactor", 1) == 1
    assert mapping["MaximumRecordAgeInSeconds"] == marks.RECORD_AGE_SECONDS < marks.MARKS_KEPT_SECONDS


def test_counts_are_gathered_no_longer_than_the_cdn_keeps_the_stats() -> None:
    """The batching window is the team's trade of cost per view against how late counts
    move; by default no longer than a shared cache keeps an article's stats (s-maxage)."""
    function = TEMPLATE["Resources"]["CountersAggregatorFunction"]["Properties"]
    (mapping,) = (event["Properties"] for event in function["Events"].values() if event["Type"] == "DynamoDB")
    assert mapping["MaximumBatchingWindowInSeconds"] == {"Ref": "CounterBatchingSeconds"}
    window = TEMPLATE["Parameters"]["CounterBatchingSeconds"]
    assert window["MinValue"] > 0 and window["MaxValue"] <= 300  # Lambda's range for a stream
    counters_app = (ROOT / "functions" / "counters" / "app.py").read_text(encoding="utf-8")
    shared_cache = int(re.findall(r'^LIVE = ".*s-maxage=(\d+)', counters_app, re.MULTILINE)[0])
    assert window["Default"] == shared_cache


def cdn_origin_for(path: str, site_url: str = "https://haber.example.com") -> str:
    """The origin CloudFront sends a path to: the first behaviour whose pattern matches."""
    stack = Stack("haber-cdn", "secret-0123456789abcdef", {"SiteUrl": site_url})
    config = stack.resolve(RESOURCES["Cdn"]["Properties"]["DistributionConfig"])
    for behavior in config["CacheBehaviors"]:
        if fnmatch.fnmatchcase(path, behavior["PathPattern"]):  # CloudFront's * also spans "/"
            return str(behavior["TargetOriginId"])
    return str(config["DefaultCacheBehavior"]["TargetOriginId"])


def test_behind_the_cdn_every_api_route_reaches_the_api_and_every_page_the_pages() -> None:
    routes = {
        re.sub(r"\{[^}]+\}", "x", event["Properties"]["Path"])
        for resource in RESOURCES.values()
        if resource["Type"] == "AWS::Serverless::Function"
        for event in resource["Properties"].get("Events", {}).values()
        if event["Type"] == "HttpApi"
    }
    site = {"/", "/x"}  # SiteFunction's own routes: / and /{page+}
    assert site <= routes
    expected = {"/articles/x/views": "view-beacon", "/images/x/x": "media"}
    for path in routes - site:
        assert cdn_origin_for(path) == expected.get(path, "api"), path
    for page in ("/", "/de/", "/tr/some-slug", "/en/wirtschaft/economy/rss.xml", "/sitemap.xml", "/robots.txt"):
        assert cdn_origin_for(page) == "pages", page
        # Without SiteUrl a page names the address it was asked at, which must not be the
        # function's URL (it answers only CloudFront): the pages then go through the API.
        assert cdn_origin_for(page, site_url="") == "api", page
    site_function = RESOURCES["SiteFunction"]["Properties"]
    assert site_function["FunctionUrlConfig"] == {"AuthType": "AWS_IAM"}
    origin = next(o for o in RESOURCES["Cdn"]["Properties"]["DistributionConfig"]["Origins"] if o["Id"] == "pages")
    assert origin["OriginAccessControlId"] == {"Ref": "CdnPagesAccessControl"}
    for permission in ("CdnMayCallThePages", "CdnMayInvokeThePages"):
        properties = RESOURCES[permission]["Properties"]
        assert properties["FunctionName"] == {"Ref": "SiteFunction"} and "${Cdn}" in properties["SourceArn"]["Fn::Sub"]
