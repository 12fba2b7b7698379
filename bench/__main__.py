"""Per route: DynamoDB requests and warm handler time against DynamoDB Local; per function:
cold import time next to a bare `import boto3`, all measured in this run.

Machines here are shared and noisy: read the times as ratios within one run."""

import copy
import gzip
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from typing import Any

from bench.diff import diff_report
from bench.media import media_report
from bench.meter import Meter
from bench.search import search_report
from devstack import LAYER, ROOT, aws
from devstack.dynamodb import DynamoDBLocal, ensure_table, free_port
from devstack.runtime import LOCAL_ENVIRONMENT, Runtime
from devstack.samples import DEMO_ARTICLE, samples
from devstack.seed import seed
from devstack.streams import StreamPoller
from devstack.template import Stack
from haber import articles, comments, media
from haber.articles import ArticleCreate, ArticleUpdate
from haber.site import navigation
from tests.fakes import FakeProvider, serving

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))
COLD_RUNS = int(os.environ.get("BENCH_COLD_RUNS", "7"))
VIEWS = int(os.environ.get("BENCH_VIEWS", "2000"))
TRANSLATIONS = int(os.environ.get("BENCH_TRANSLATIONS", "10"))
# Articles per language of the search benchmark's generated corpus; 300000 by hand (docs/search.md).
SEARCH_ARTICLES = int(os.environ.get("BENCH_SEARCH_ARTICLES", "10000"))


def main() -> None:
    server = DynamoDBLocal(free_port()).start()
    try:
        limits = {
            "CommentRatePerMinute": "100000",
            "CommentRatePerDay": "100000",
            "CommentAddressRatePerMinute": "100000",
            "CommentAddressRatePerDay": "100000",
        }
        stack = Stack(f"haber-bench-{uuid.uuid4().hex[:8]}", "bench-secret-0123456789abcdef", parameters=limits)
        ensure_table(stack, server.endpoint)
        runtime = Runtime(stack, server.endpoint)
        seed(runtime)
        print(f"warm handler calls against DynamoDB Local ({ROUNDS} rounds each, after 3 warm-up calls)\n")
        print(
            f"{'route':50} {'event':22} {'status':>6} {'requests':>8} {'capacity':>8} {'median ms':>10} {'p90 ms':>8}"
        )
        meter = Meter(runtime)
        for name, event in samples().items():
            route_report(runtime, meter, name, event)
        pages_report(runtime, meter)
        counters_report(runtime, meter)
        translation_report(runtime)
        media_report()
        diff_report()
        print("\ncold import of each function's handler module (fresh process, median of", COLD_RUNS, "runs)\n")
        baseline = cold_import("import boto3")
        print(f"{'import boto3 (baseline)':42} {baseline:8.0f} ms")
        for function in stack.functions.values():
            module = function.code_uri / f"{function.handler.rpartition('.')[0]}.py"
            code = (
                "import importlib.util as u; "
                f"s = u.spec_from_file_location('app', {str(module)!r}); s.loader.exec_module(u.module_from_spec(s))"
            )
            took = cold_import(code, {**LOCAL_ENVIRONMENT, **function.environment})
            print(f"{function.name:42} {took:8.0f} ms  ({took / baseline:.1f}x boto3)")
        signing_secret_report(stack)
    finally:
        server.stop()
    search_report(SEARCH_ARTICLES, ["de", "tr", "en"])


def route_report(runtime: Runtime, meter: Meter, name: str, sample: dict[str, Any]) -> None:
    if "Records" in sample:
        return  # the stream consumer is measured in counters_report
    function = next(route.function for route in runtime.stack.routes if route.key == sample["routeKey"])
    times, statuses, requests, capacity = [], set(), [], []
    for round_number in range(ROUNDS + 3):
        event = prepare(runtime, name, copy.deepcopy(sample), round_number)
        meter.reset()
        started = time.perf_counter()
        response = runtime.invoke(function, event)
        elapsed = (time.perf_counter() - started) * 1000
        if round_number >= 3:
            times.append(elapsed)
            statuses.add(response["statusCode"])
            requests.append(len(meter.calls))
            capacity.append(meter.capacity)
    counted = f"{min(requests)}" if min(requests) == max(requests) else f"{min(requests)}-{max(requests)}"
    p90 = statistics.quantiles(times, n=10)[-1]
    status = "/".join(map(str, sorted(statuses)))
    median = statistics.median(times)
    units = statistics.median(capacity)
    short = name.rsplit("/", 1)[-1]
    print(f"{sample['routeKey']:50} {short:22} {status:>6} {counted:>8} {units:>8.1f} {median:10.2f} {p90:8.2f}")


def pages_report(runtime: Runtime, meter: Meter) -> None:
    """Each reader page: DynamoDB requests (first: the instance's minute-long cache of
    categories and most-read empty), warm time, the part of it that is not DynamoDB
    (rendering and the rest), and the HTML's size."""
    print(f"\nreader pages, warm ({ROUNDS} rounds; first = an instance's first page)\n")
    print(
        f"{'page':34} {'requests':>8} {'first':>5} {'median ms':>9} {'beyond DynamoDB ms':>18} {'bytes':>7} {'gzip':>6}"
    )
    with runtime.environment("ArticlesFunction"):
        category_path = navigation.category_path("de", "Wirtschaft")
    paths = {"home /de/": "/de/", "category " + category_path: category_path}
    for lang in ("de", "tr", "en"):
        with runtime.environment("ArticlesFunction"):
            document = articles.get_live(DEMO_ARTICLE, lang)
        paths[f"article /{lang}/…"] = f"/{lang}/{document['slug']}"
    for label, path in paths.items():
        event = copy.deepcopy(samples()["site/home.json"])
        event["rawPath"] = event["requestContext"]["http"]["path"] = path
        event["pathParameters"] = {"page": path.lstrip("/")}
        navigation.forget()
        counts, times, beyond = [], [], []
        for _ in range(ROUNDS + 3):
            meter.reset()
            started = time.perf_counter()
            response = runtime.invoke("SiteFunction", event)
            elapsed = (time.perf_counter() - started) * 1000
            assert response["statusCode"] == 200, (path, response["statusCode"])
            counts.append(len(meter.calls))
            times.append(elapsed)
            beyond.append(elapsed - meter.waited_ms)
        body = response["body"].encode()
        median, rest = statistics.median(times[3:]), statistics.median(beyond[3:])
        print(
            f"{label[:34]:34} {statistics.median(counts[3:]):8.0f} {counts[0]:5d} {median:9.2f} {rest:18.2f}"
            f" {len(body):7d} {len(gzip.compress(body)):6d}"
        )


def counters_report(runtime: Runtime, meter: Meter) -> None:
    """Views through the handler, one after another (one Lambda instance), then the stream
    aggregation of those views."""
    sample = samples()["counters/view.json"]
    poller = StreamPoller(runtime)
    poller.drain()  # what the seed left in the stream: only the views below are aggregated
    before = poller.invocations["CountersAggregatorFunction"]
    meter.reset()
    started = time.perf_counter()
    for number in range(VIEWS):
        event = copy.deepcopy(sample)
        event["requestContext"]["http"]["sourceIp"] = f"10.8.{number // 256}.{number % 256}"
        assert json.loads(runtime.invoke("CountersFunction", event)["body"])["counted"]
    took = time.perf_counter() - started
    view_requests, view_capacity = len(meter.calls) / VIEWS, meter.capacity / VIEWS
    meter.reset()
    started = time.perf_counter()
    poller.drain()
    aggregation = time.perf_counter() - started
    updates = meter.calls.count("UpdateItem")  # the article's STATS item, once per batch
    invocations = poller.invocations["CountersAggregatorFunction"] - before
    print(f"\ncounters: {VIEWS} views of one article from distinct readers, through the handler\n")
    print(f"  views per second, one handler instance      {VIEWS / took:10.0f}")
    print(f"  DynamoDB requests per view (synchronous)    {view_requests:10.2f}  (UpdateItem; totals once a second)")
    print(f"  capacity units per view (synchronous)       {view_capacity:10.2f}")
    print(f"  aggregation: stream records per second      {VIEWS / aggregation:10.0f}  ({invocations} invocations)")
    print(f"  aggregation: STATS updates per 100 views    {updates * 100 / VIEWS:10.2f}")
    print(f"  aggregation: capacity units per view        {meter.capacity / VIEWS:10.2f}")
    print(f"  writes to the article's STATS item          {updates:10d}  (one per batch)")


def translation_report(runtime: Runtime) -> None:
    """Characters sent for a ten-paragraph article, then for a one-paragraph edit, and the
    worker's time per article against a local fake provider (no network latency)."""

    paragraphs = [
        f"<p>Absatz {n}: Der Stadtrat von Köln hat am Dienstag über neue <em>Radwege</em> beraten.</p>"
        for n in range(10)
    ]
    provider = FakeProvider()
    with serving(provider) as url:
        os.environ["GOOGLE_TRANSLATE_URL"] = f"{url}/m"
        runtime.stack.functions["TranslationWorkerFunction"].environment["TRANSLATION_PROVIDER"] = "google"
        poller = StreamPoller(runtime)
        poller.drain()  # the demo articles (human translations: no provider call)
        times = []
        for number in range(TRANSLATIONS):
            body = {
                "source_lang": "de",
                "title": f"Radwege in Köln {number}",
                "summary": "Der Rat berät.",
                "body": "".join(paragraphs),
                "category": "politics",
                "author": "Bench",
            }
            with runtime.environment("ArticlesFunction"):
                created = articles.create(ArticleCreate.model_validate(body), "bench")
            provider.requests.clear()
            started = time.perf_counter()
            poller.drain()
            times.append((time.perf_counter() - started) * 1000)
            if number == 0:  # later articles share their paragraphs: the memory answers those
                first = provider.characters()
        edited = "".join([*paragraphs[:4], "<p>Ein ganz neuer Absatz über Brücken.</p>", *paragraphs[5:]])
        with runtime.environment("ArticlesFunction"):
            articles.update(created.meta["id"], ArticleUpdate(body=edited), "bench", version=None)
        provider.requests.clear()
        poller.drain()
        edit = provider.characters()
    changed = len("Ein ganz neuer Absatz über Brücken.") * 2  # into two languages
    print("\ntranslation: a ten-paragraph German article into tr and en, fake provider on loopback\n")
    print(f"  characters sent, first translation          {first:10d}")
    print(f"  characters sent, one-paragraph edit         {edit:10d}  ({edit / changed:.2f}x the changed paragraph)")
    print(f"  worker time per article, median (ms)        {statistics.median(times):10.1f}  ({TRANSLATIONS} articles)")
    print(f"  worker time, first article (all misses)     {times[0]:10.1f}")


def prepare(runtime: Runtime, name: str, event: dict[str, Any], round_number: int) -> dict[str, Any]:
    """Mutating events need a fresh target each round: an article to unpublish, a current version."""

    if name == "articles/create.json":  # a title of its own: the common case, no slug collision
        body = json.loads(event["body"])
        event["body"] = json.dumps({**body, "title": f"{body['title']} {uuid.uuid4().hex[:8]}"})
    if name.startswith("counters/"):  # a new reader each round
        event["requestContext"]["http"]["sourceIp"] = f"10.9.{round_number // 256}.{round_number % 256}"
    if "idempotency-key" in event["headers"]:  # a new request each round, not a replay
        event["headers"]["idempotency-key"] = f"bench-{uuid.uuid4().hex}"
    if name.startswith("comments/") and name.endswith(("approve.json", "reject.json", "delete.json")):
        event = _fresh_comment(runtime, event, approved=not name.endswith("approve.json"))
    if name == "media/delete.json":  # an image of its own to delete each round
        with runtime.environment("MediaFunction"):
            announced = media.create(
                media.MediaCreate(filename="bench.jpg", content_type="image/jpeg", size=1), "bench"
            )
        old = event["pathParameters"]["id"]
        event["rawPath"] = event["requestContext"]["http"]["path"] = event["rawPath"].replace(old, announced["id"])
        event["pathParameters"]["id"] = announced["id"]
    if name.endswith(("articles/update.json", "unpublish.json")):
        with runtime.environment("ArticlesFunction"):
            body = json.loads(samples()["articles/create.json"]["body"])
            body["title"] += f" {uuid.uuid4().hex[:8]}"
            created = articles.create(ArticleCreate.model_validate(body), "bench").meta
        path = event["rawPath"].rsplit("/", 1)[0] + "/" + created["id"]
        event["rawPath"] = event["requestContext"]["http"]["path"] = path
        event["pathParameters"] = {"id": created["id"]}
        if "if-match" in event["headers"]:
            event["headers"]["if-match"] = f'"v{created["version"]}"'
    return event


def _fresh_comment(runtime: Runtime, event: dict[str, Any], approved: bool) -> dict[str, Any]:
    article = event["pathParameters"]["id"]
    with runtime.environment("CommentsFunction"):
        posted = comments.post(article, "Bench", "Ein Kommentar", None, None, uuid.uuid4().hex)
        if approved:
            comments.moderate(article, posted["id"], "approve", "bench")
    old = event["pathParameters"]["comment_id"]
    event["rawPath"] = event["requestContext"]["http"]["path"] = event["rawPath"].replace(old, posted["id"])
    event["pathParameters"]["comment_id"] = posted["id"]
    return event


def signing_secret_report(stack: Stack) -> None:
    """What the first signing costs a fresh instance: Powertools' parameters, a Secrets
    Manager client and one GetSecretValue (here against the local emulator)."""
    environment = {**LOCAL_ENVIRONMENT, **aws.environment(), **stack.functions["CountersFunction"].environment}
    imported = cold_import("import boto3; from haber.platform import signing", environment)
    signed = cold_import("import boto3; from haber.platform import signing; signing.derived_key('x')", environment)
    print(f"{'first read of the signing secret':42} {signed - imported:8.0f} ms  (once per instance and hour)")


def cold_import(code: str, environment: dict[str, str] | None = None) -> float:
    samples_ms = []
    for _ in range(COLD_RUNS):
        script = f"import time; t = time.perf_counter(); {code}; print((time.perf_counter() - t) * 1000)"
        env = {**os.environ, **(environment or {}), "PYTHONPATH": str(LAYER)}
        output = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
        samples_ms.append(float(output.stdout.strip().splitlines()[-1]))
    return statistics.median(samples_ms)


if __name__ == "__main__":
    main()
