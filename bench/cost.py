"""`make cost`: what Haber's backend costs per million page views, per million views, per
million comments and per million translated articles, from work measured here (DynamoDB requests
and units, handler time) and the price table in bench/prices.json.

A page view is what a reader's browser asks for on the seed's article page: the HTML page
(from the CDN, or on a miss from SiteFunction) and the view beacon (always the backend),
plus the stylesheet, script and icon (immutable: the CDN's). "Backend" is what is behind the
CDN: HTTP API, Lambda (arm64), DynamoDB (on demand); the CDN's own fee is shown beside it.

Lambda time is modelled, not measured on Lambda: the handler's local time beyond DynamoDB,
scaled by the CPU share Lambda gives the function's memory (a full vCPU at 1,769 MB), plus
DYNAMODB_MS per DynamoDB request. Method and results: docs/cost.md."""

import copy
import fnmatch
import json
import math
import os
import random
import statistics
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from boto3.dynamodb.conditions import Key
from boto3.dynamodb.types import Binary

from bench.meter import Meter
from devstack import ROOT, aws
from devstack.dynamodb import DynamoDBLocal, ensure_table, free_port
from devstack.runtime import Runtime
from devstack.samples import DEMO_ARTICLE, samples
from devstack.seed import seed
from devstack.streams import StreamPoller
from devstack.template import Stack
from haber import articles
from haber.counters import store
from haber.platform import clock, keys
from haber.platform.caching import PUBLIC_CACHE
from haber.platform.db import table
from haber.site import navigation
from tests.conftest import Api
from tests.fakes import FakeProvider, serving

PRICES: dict[str, dict[str, float]] = json.loads((ROOT / "bench" / "prices.json").read_text())["regions"]
ROUNDS = int(os.environ.get("COST_ROUNDS", "20"))
DYNAMODB_MS = 5.0  # one DynamoDB request from Lambda in the same region, typical latency
FULL_VCPU_MB = 1769
IMAGES_PER_PAGE = 2  # the seed's article page: its lead image and one figure (one rendition each)
# The traffic the aggregator sees: it writes each article's STATS item once per batch
# (and merges it into the most-read), so what a view costs there depends on how many
# views share a batch and over how many articles they spread. A batch holds what one
# stream shard brings in the mapping's batching window (markers spread over the shards
# like over the partitions).
VIEWS_PER_SECOND = float(os.environ.get("VIEWS_PER_SECOND", "20"))  # a site's average: ~52 million views a month
STREAM_SHARDS = int(os.environ.get("STREAM_SHARDS", "4"))
READ_ARTICLES = 300  # articles readers open in a day; popularity falls as 1/rank (Zipf)
# The CDN's hit rate follows from the shared-cache lifetime (s-maxage) and the traffic: each
# language's page of each read article is one cached copy per cache; a cache asks the origin
# again on the first request after the copy's s-maxage (answering it with the stale copy
# within stale-while-revalidate, and making the reader wait after it). Page views spread over
# the READ_ARTICLES by popularity, over the languages by LANGUAGE_SHARES and evenly over
# CDN_CACHES caches that each fetch from the origin on their own (1: Origin Shield, or a
# readership one regional edge cache serves; CloudFront's smaller edge locations ask it).
# At 20 views a second that gives 90 % hits for a five-minute lifetime: CDN_HIT_RATE's old
# default. CDN_HIT_RATE, when set, replaces the model.
CDN_CACHES = int(os.environ.get("CDN_CACHES", "1"))
LANGUAGE_SHARES = {"de": 0.5, "tr": 0.35, "en": 0.15}
OLD_PUBLIC_CACHE = "public, max-age=60, s-maxage=300, stale-while-revalidate=60"  # before issue #36
# Search (docs/search.md): one query per 20 page views at 10 million page views a month. A
# query is one SearchFunction call, measured here on the demo's index; the engine's extra time
# at 300,000 articles per language, what its index weighs and what an article's update costs
# are `python -m bench.search --articles 300000` figures (docs/benchmarks.md), set here.
SEARCHES_PER_MONTH = float(os.environ.get("MONTHLY_PAGE_VIEWS", "10000000")) / 20
SEARCH_QUERY_MS = float(os.environ.get("SEARCH_QUERY_MS", "21.4"))  # German p50 at 300,000 (2026-12-03)
SEARCH_INDEX_GB = float(os.environ.get("SEARCH_INDEX_GB", "3.7"))  # 1.46 + 1.23 + 1.03 GB (de, tr, en at 300,000)
SEARCH_UPDATE_MS = float(os.environ.get("SEARCH_UPDATE_MS", "38"))  # one article, one language: a commit
ARTICLE_CHANGES_PER_MONTH = float(os.environ.get("ARTICLE_CHANGES_PER_MONTH", "6000"))  # 200 a day
FILES_PER_COMMIT = 12  # a commit's new segment files, meta.json, .managed.json and the manifest
SEARCH_COLD_STARTS_PER_MONTH = 10_000  # each copies every index file: a GET per file
INDEX_FILES = 90  # three languages' segments after tantivy's merges


def directive(cache_control: str, name: str) -> int:
    return next((int(part.split("=")[1]) for part in cache_control.split(", ") if part.startswith(f"{name}=")), 0)


def cdn_origin_share(cache_control: str, views_per_second: float = VIEWS_PER_SECOND) -> tuple[float, float]:
    """Of the article pages' views: the share the origin answers (a background refresh or a
    miss), and the share whose reader waits for it (a miss). For one copy at one cache read
    at a rate r (Poisson), a fetch follows the first request after the s-maxage: one every
    s-maxage + 1/r seconds, r / (1 + r * s-maxage) a second; that request finds the copy past
    stale-while-revalidate too (and its reader waits) with the chance exp(-r * swr)."""
    fresh, stale = directive(cache_control, "s-maxage"), directive(cache_control, "stale-while-revalidate")
    popularity = [1 / rank for rank in range(1, READ_ARTICLES + 1)]
    fetched = waited = 0.0
    for weight in popularity:
        for share in LANGUAGE_SHARES.values():
            rate = views_per_second * weight / sum(popularity) * share / CDN_CACHES
            fetches = CDN_CACHES * rate / (1 + rate * fresh)
            fetched += fetches
            waited += fetches * math.exp(-rate * stale)
    return fetched / views_per_second, waited / views_per_second


HIT_RATE = float(os.environ.get("CDN_HIT_RATE") or 1 - cdn_origin_share(PUBLIC_CACHE)[0])


@dataclass
class Work:
    """What the backend does for one request or event."""

    api_requests: float = 0.0
    invocations: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    billed_ms: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    read_units: float = 0.0
    write_units: float = 0.0

    def __add__(self, other: "Work") -> "Work":
        total = Work(self.api_requests + other.api_requests, defaultdict(float), defaultdict(float))
        for work in (self, other):
            for name, count in work.invocations.items():
                total.invocations[name] += count
            for name, ms in work.billed_ms.items():
                total.billed_ms[name] += ms
        total.read_units = self.read_units + other.read_units
        total.write_units = self.write_units + other.write_units
        return total

    def scaled(self, factor: float) -> "Work":
        return Work(
            self.api_requests * factor,
            defaultdict(float, {k: v * factor for k, v in self.invocations.items()}),
            defaultdict(float, {k: v * factor for k, v in self.billed_ms.items()}),
            self.read_units * factor,
            self.write_units * factor,
        )

    def dollars(self, region: str, memory_mb: dict[str, int]) -> dict[str, float]:
        price = PRICES[region]
        gb_seconds = sum(ms / 1000 * memory_mb[name] / 1024 for name, ms in self.billed_ms.items())
        return {
            "HTTP API": self.api_requests * price["http_api_per_million"] / 1e6,
            "Lambda requests": sum(self.invocations.values()) * price["lambda_requests_per_million"] / 1e6,
            "Lambda compute": gb_seconds * price["lambda_arm64_per_gb_second"],
            "DynamoDB reads": self.read_units * price["dynamodb_read_units_per_million"] / 1e6,
            "DynamoDB writes": self.write_units * price["dynamodb_write_units_per_million"] / 1e6,
        }


def billed(local_ms: float, waited_ms: float, requests: int, memory_mb: int) -> float:
    """Lambda's billed milliseconds for work that took local_ms here."""
    return math.ceil((local_ms - waited_ms) * FULL_VCPU_MB / memory_mb + requests * DYNAMODB_MS)


def measure(
    runtime: Runtime, units: Meter, function: str, events: list[dict[str, Any]], memory: dict[str, int]
) -> Work:
    """The median work of one invocation per event (after the instance is warm)."""
    runtime.invoke(function, copy.deepcopy(events[0]))  # warm
    samples_ = []
    for event in events:
        units.reset()
        started = time.perf_counter()
        runtime.invoke(function, event)
        took = (time.perf_counter() - started) * 1000
        samples_.append(
            (billed(took, units.waited_ms, len(units.calls), memory[function]), units.read_units, units.write_units)
        )
    work = Work(api_requests=1.0)
    work.invocations[function] = 1.0
    work.billed_ms[function] = statistics.median(s[0] for s in samples_)
    work.read_units = statistics.median(s[1] for s in samples_)
    work.write_units = statistics.median(s[2] for s in samples_)
    return work


def drained(
    runtime: Runtime, units: Meter, poller: StreamPoller, function: str, per: int, memory: dict[str, int]
) -> Work:
    """A stream consumer's work for what the stream holds, divided among `per` events."""
    units.reset()
    before = poller.invocations[function]
    started = time.perf_counter()
    poller.drain()
    took = (time.perf_counter() - started) * 1000
    invocations = poller.invocations[function] - before
    work = Work()
    work.invocations[function] = invocations / per
    work.billed_ms[function] = billed(took, units.waited_ms, len(units.calls), memory[function]) / per
    work.read_units, work.write_units = units.read_units / per, units.write_units / per
    return work


def views_per_batch(stack: Stack) -> int:
    """Views in one aggregator batch at VIEWS_PER_SECOND, from the template's mapping."""
    function = stack.template["Resources"]["CountersAggregatorFunction"]["Properties"]
    mapping = stack.resolve(next(e["Properties"] for e in function["Events"].values() if e["Type"] == "DynamoDB"))
    arriving = VIEWS_PER_SECOND * float(mapping["MaximumBatchingWindowInSeconds"]) / STREAM_SHARDS
    return max(1, min(int(mapping["BatchSize"]), round(arriving)))


def aggregated(
    runtime: Runtime, units: Meter, poller: StreamPoller, batch: int, memory: dict[str, int], batches: int = 3
) -> Work:
    """The aggregator's work per view, for batches of `batch` views of READ_ARTICLES articles
    drawn by popularity. The markers are written as the beacon writes them; each article's
    day and week counts have started already (as after a day's first views)."""
    draw = random.Random(11)
    ids = [f"zipf{n:012d}".translate(str.maketrans("0189", "abcd")) for n in range(READ_ARTICLES)]
    weights = [1 / rank for rank in range(1, READ_ARTICLES + 1)]

    def write_markers(chosen: list[str]) -> None:
        with runtime.environment("CountersFunction"):
            for article_id in chosen:
                address = f"bench-{uuid.uuid4().hex}"
                store.add_view(article_id, clock.today(), address, address, room=20)

    write_markers(ids)
    poller.drain()
    work = Work()
    for _ in range(batches):
        write_markers(draw.choices(ids, weights, k=batch))
        work = work + drained(runtime, units, poller, "CountersAggregatorFunction", batch, memory)
    return work.scaled(1 / batches)


def cdn_origin(stack: Stack, path: str) -> str:
    """Where the CDN sends a path: the first cache behaviour whose pattern matches, else the default."""
    config = stack.resolve(stack.template["Resources"]["Cdn"]["Properties"]["DistributionConfig"])
    for behavior in config.get("CacheBehaviors", []):
        if fnmatch.fnmatchcase(path, behavior["PathPattern"]):
            return str(behavior["TargetOriginId"])
    return str(config["DefaultCacheBehavior"]["TargetOriginId"])


def scenarios(runtime: Runtime, memory: dict[str, int]) -> dict[str, Work]:
    units = Meter(runtime)
    poller = StreamPoller(runtime)
    poller.drain()
    with runtime.environment("SiteFunction"):
        slug = articles.get_live(DEMO_ARTICLE, "de")["slug"]
    page = copy.deepcopy(samples()["site/home.json"])
    page["rawPath"] = page["requestContext"]["http"]["path"] = f"/de/{slug}"
    page["pathParameters"] = {"page": f"de/{slug}"}
    navigation.forget()
    html = measure(runtime, units, "SiteFunction", [copy.deepcopy(page) for _ in range(ROUNDS)], memory)
    if cdn_origin(runtime.stack, page["rawPath"]) != "api":  # a function URL: no HTTP API request
        html.api_requests = 0.0

    views = []
    for number in range(ROUNDS * 5):
        event = copy.deepcopy(samples()["counters/view.json"])
        event["requestContext"]["http"]["sourceIp"] = f"10.7.{number // 256}.{number % 256}"
        views.append(event)
    beacon = measure(runtime, units, "CountersFunction", views, memory)
    if cdn_origin(runtime.stack, views[0]["rawPath"]) != "api":
        beacon.api_requests = 0.0
    poller.drain()  # the beacon's markers: not the traffic modelled below
    aggregation = aggregated(runtime, units, poller, views_per_batch(runtime.stack), memory)

    posts = []
    for number in range(ROUNDS):
        event = copy.deepcopy(samples()["comments/post.json"])
        event["headers"]["idempotency-key"] = f"cost-{uuid.uuid4().hex}"
        event["requestContext"]["http"]["sourceIp"] = f"10.6.0.{number}"
        posts.append(event)
    comment = measure(runtime, units, "CommentsFunction", posts, memory)
    poller.drain()

    creations = []
    for _ in range(3):
        event = copy.deepcopy(samples()["articles/create.json"])
        body = json.loads(event["body"])
        event["body"] = json.dumps({**body, "title": f"{body['title']} {uuid.uuid4().hex[:6]}"})
        creations.append(event)
    created = measure(runtime, units, "ArticlesFunction", creations, memory)
    translated = drained(runtime, units, poller, "TranslationWorkerFunction", len(creations) + 1, memory)
    searches = [copy.deepcopy(samples()["search/search.json"]) for _ in range(ROUNDS)]
    search = measure(runtime, units, "SearchFunction", searches, memory)
    return {
        "article page (HTML), on a CDN miss": html,
        "view beacon": beacon,
        "view aggregation (stream)": aggregation,
        "comment (post)": comment,
        "article (create)": created,
        "article (translate into 2 languages)": translated,
        "search (GET /search), demo index": search,
    }


def main() -> None:
    server = DynamoDBLocal(free_port()).start()
    provider = FakeProvider()
    try:
        with serving(provider) as url:
            os.environ["GOOGLE_TRANSLATE_URL"] = f"{url}/m"
            limits = {"CommentRatePerMinute": "100000", "CommentAddressRatePerMinute": "100000"}
            stack = Stack(
                f"haber-cost-{uuid.uuid4().hex[:8]}",
                "cost-secret-0123456789abcdef",
                # SiteUrl set, as docs/deploying asks behind the CDN (the pages' origin then is
                # SiteFunction's URL, not the HTTP API)
                {**limits, "TranslationProvider": "google", "SiteUrl": "https://haber.example.com"},
            )
            ensure_table(stack, server.endpoint)
            runtime = Runtime(stack, server.endpoint)
            seed(runtime)
            memory = {name: int(f.memory_mb) for name, f in stack.functions.items()}
            measured = scenarios(runtime, memory)
            sizes = revision_sizes(runtime)
            paths = invalidation_paths(runtime)
    finally:
        server.stop()
    report(measured, memory, provider.characters())
    revisions_report(sizes)
    invalidations_report(paths)
    freshness_report(measured, memory, paths)


# A newsroom's month as docs/cost.md models it: 100 articles a day, each written 15 times
# over its life (created as a draft, 3 edits, 2 machine languages for the first version and
# each edit, 2 approvals, published), each write leaving one revision.
ARTICLES_PER_DAY = 100
REVISIONS_PER_ARTICLE = 15
STORAGE_PER_GB_MONTH = 0.25


def revision_sizes(runtime: Runtime) -> list[int]:
    """Bytes of each stored revision of the demo articles (realistic lengths, 3 languages),
    counted as DynamoDB bills an item: attribute names and values."""
    with runtime.environment("ArticlesFunction"):
        items = []
        for article_id in json_ids():
            items += table().query(KeyConditionExpression=Key("pk").eq(keys.revisions(article_id)))["Items"]
    return [sum(len(name) + _size(value) for name, value in item.items()) for item in items]


def json_ids() -> list[str]:
    demo = json.loads((ROOT / "devstack/seed/demo.json").read_text(encoding="utf-8"))
    return [article["id"] for article in demo["articles"]]


def _size(value: Any) -> int:
    if isinstance(value, Binary):
        return len(value.value)  # type: ignore[attr-defined]  # boto3-stubs leave out Binary.value
    if isinstance(value, str):
        return len(value.encode())
    return len(json.dumps(value, default=str).encode())


def revisions_report(sizes: list[int]) -> None:
    average = sum(sizes) / len(sizes)
    units = sum(math.ceil(size / 1024) for size in sizes) / len(sizes)
    per_month = ARTICLES_PER_DAY * 30 * REVISIONS_PER_ARTICLE
    print(f"\nrevisions ({len(sizes)} of the demo articles, whole article in 3 languages, compressed)\n")
    print(f"{'average item':52} {average / 1024:8.1f} KB")
    print(f"{'write units per revision (x2 inside a transaction)':52} {units * 2:8.1f}")
    print(f"{'revisions a month':52} {per_month:8,}  ({ARTICLES_PER_DAY} articles a day, {REVISIONS_PER_ARTICLE} each)")
    for region, prices in PRICES.items():
        writes = per_month * units * 2 * prices["dynamodb_write_units_per_million"] / 1e6
        storage = per_month * average / 1024**3 * STORAGE_PER_GB_MONTH
        print(f"{region:52} ${writes:7.2f} a month in writes; storage grows ${storage:.3f} a month, each month")


def report(measured: dict[str, Work], memory: dict[str, int], characters: int) -> None:
    print(
        "work per event (Lambda ms modelled at each function's memory, with", DYNAMODB_MS, "ms per DynamoDB request)\n"
    )
    print(f"{'event':40} {'API':>4} {'invocations':>11} {'billed ms':>9} {'read units':>10} {'write units':>11}")
    for name, work in measured.items():
        invocations, billed_ms = sum(work.invocations.values()), sum(work.billed_ms.values())
        print(
            f"{name:40} {work.api_requests:4.0f} {invocations:11.3f} {billed_ms:9.1f}"
            f" {work.read_units:10.2f} {work.write_units:11.2f}"
        )
    view = measured["view beacon"] + measured["view aggregation (stream)"]
    page_view = measured["article page (HTML), on a CDN miss"].scaled(1 - HIT_RATE) + view
    rows = {
        f"page view (HTML at {HIT_RATE:.0%} CDN hits + view)": page_view.scaled(1e6),
        "  of which the HTML page": measured["article page (HTML), on a CDN miss"].scaled((1 - HIT_RATE) * 1e6),
        "  of which the view": view.scaled(1e6),
        "million views": view.scaled(1e6),
        "million comments": measured["comment (post)"].scaled(1e6),
        "million translated articles (create + 2 languages)": (
            measured["article (create)"] + measured["article (translate into 2 languages)"]
        ).scaled(1e6),
    }
    for region in PRICES:
        print(f"\n{region}: dollars, backend only (HTTP API, Lambda arm64, DynamoDB on demand)\n")
        print(f"{'':52} {'total':>8}    HTTP API  Lambda req  Lambda GB-s  DDB reads  DDB writes")
        for label, work in rows.items():
            parts = work.dollars(region, memory)
            name = label if label.startswith(" ") else f"per {label}"
            print(f"{name:52} {sum(parts.values()):8.2f}   " + "  ".join(f"{value:9.2f}" for value in parts.values()))
        # The page, the beacon and the page's images reach CloudFront; renditions are
        # immutable, so S3 sees next to none of the image requests.
        edge = PRICES[region]["cloudfront_requests_per_million"] * (2 + IMAGES_PER_PAGE)
        print(f"{'per million page views at the edge (CloudFront), apart':52} {edge:8.2f}")
    print(
        f"\nmachine translation: {characters} characters sent to the provider in all (fees: the provider's price list)"
    )
    search_report(measured["search (GET /search), demo index"], memory)


def search_report(query: Work, memory: dict[str, int]) -> None:
    """A month of search: the queries, the index's S3 requests and storage, the indexer."""
    at_scale = copy.deepcopy(query)
    at_scale.billed_ms["SearchFunction"] += SEARCH_QUERY_MS * FULL_VCPU_MB / memory["SearchFunction"]
    queries = at_scale.scaled(SEARCHES_PER_MONTH)
    updates = ARTICLE_CHANGES_PER_MONTH * 3  # each language's index
    indexer = Work()
    indexer.invocations["SearchIndexerFunction"] = ARTICLE_CHANGES_PER_MONTH
    indexer.billed_ms["SearchIndexerFunction"] = updates * SEARCH_UPDATE_MS
    print(
        f"\nsearch: {SEARCHES_PER_MONTH:,.0f} queries a month (1 per 20 page views), {SEARCH_QUERY_MS} ms engine time"
        f" each at 300,000 articles per language, {SEARCH_INDEX_GB} GB of indexes, {ARTICLE_CHANGES_PER_MONTH:,.0f}"
        " article changes a month"
    )
    for region, price in PRICES.items():
        parts = {
            "queries (HTTP API, Lambda)": sum(queries.dollars(region, memory).values()),
            "index checks (S3 GET, at most 1 a query)": SEARCHES_PER_MONTH * price["s3_get_per_thousand"] / 1e3,
            "cold starts' copies (S3 GET)": SEARCH_COLD_STARTS_PER_MONTH
            * INDEX_FILES
            * price["s3_get_per_thousand"]
            / 1e3,
            "index storage (S3)": SEARCH_INDEX_GB * price["s3_storage_per_gb_month"],
            "indexer (Lambda)": sum(indexer.dollars(region, memory).values()),
            "indexer's uploads (S3 PUT)": updates * FILES_PER_COMMIT * price["s3_put_per_thousand"] / 1e3,
        }
        print(f"\n{region}: dollars a month for search, {sum(parts.values()):.2f} in all")
        for name, dollars in parts.items():
            print(f"  {name:44} {dollars:8.2f}")


# The CDN invalidator over one article's life (as the revisions' model, plus what happens
# to some articles later): a draft saved twice, published (two machine languages), three
# edits (each translated again); CORRECTED of the articles get a correction, UNPUBLISHED
# are taken down.
CORRECTED = 0.05
UNPUBLISHED = 0.01
LIFE = ("article", "correction", "unpublication")


def invalidation_paths(runtime: Runtime) -> dict[str, dict[str, int]]:
    """Paths the CDN invalidator asked for, per CDN_INVALIDATE setting and part of the life."""
    api = Api(runtime, ROOT / ".local" / "jwt-key.pem")
    poller = StreamPoller(runtime)
    cloudfront = aws.local_client("cloudfront")
    distribution = aws.distribution(runtime.stack.table_name)

    def sent() -> int:
        listed = cloudfront.list_invalidations(DistributionId=distribution, MaxItems="1000")["InvalidationList"]
        return sum(
            cloudfront.get_invalidation(DistributionId=distribution, Id=item["Id"])["Invalidation"][
                "InvalidationBatch"
            ]["Paths"]["Quantity"]
            for item in listed.get("Items") or []
        )

    def changed(article_id: str, change: dict[str, Any]) -> None:
        version = api.request("GET", f"/newsroom/articles/{article_id}", role="editor").json["version"]
        response = api.request("PUT", f"/articles/{article_id}", change, role="editor", if_match=f'"v{version}"')
        assert response.status_code == 200, response.json
        poller.drain()

    found: dict[str, dict[str, int]] = {}
    for setting in ("changes", "takedowns"):
        runtime.stack.functions["CdnInvalidatorFunction"].environment["CDN_INVALIDATE"] = setting
        poller.drain()
        counts = [sent()]
        body = json.loads(samples()["articles/create.json"]["body"])
        created = api.request("POST", "/articles", {**body, "status": "draft"}, role="editor").json
        changed(created["id"], {"summary": "Zweite Fassung."})
        changed(created["id"], {"status": "published"})
        for edit in range(3):
            changed(created["id"], {"body": f"<p>Fassung {edit + 3}: die Brücke ist fertig.</p>"})
        counts.append(sent())
        correction = {"lang": "de", "text": "Die Brücke kostete 40, nicht 14 Millionen Euro."}
        assert (
            api.request("POST", f"/articles/{created['id']}/corrections", correction, role="editor").status_code == 201
        )
        poller.drain()
        counts.append(sent())
        changed(created["id"], {"status": "unpublished"})
        counts.append(sent())
        found[setting] = {part: counts[n + 1] - counts[n] for n, part in enumerate(LIFE)}
    return found


def invalidated(parts: dict[str, int]) -> tuple[float, float]:
    """Paths a month and their dollars (CloudFront's invalidation price is the same everywhere)."""
    month = (
        ARTICLES_PER_DAY
        * 30
        * (parts["article"] + CORRECTED * parts["correction"] + UNPUBLISHED * parts["unpublication"])
    )
    prices = next(iter(PRICES.values()))
    free, each = prices["cloudfront_free_invalidation_paths"], prices["cloudfront_invalidation_path"]
    return month, max(0.0, month - free) * each


def invalidations_report(paths: dict[str, dict[str, int]]) -> None:
    print(
        f"\nCDN invalidation paths ({ARTICLES_PER_DAY} articles a day;"
        f" {CORRECTED:.0%} corrected, {UNPUBLISHED:.0%} taken down)\n"
    )
    for setting, parts in paths.items():
        month, dollars = invalidated(parts)
        each = ", ".join(f"{part} {count}" for part, count in parts.items())
        print(f"CDN_INVALIDATE={setting:10} paths: {each}; {month:9,.0f} a month: ${dollars:8.2f}")


# The price of freshness: how soon an edit reaches readers against what it costs, for the
# shared-cache lifetime of pages and reads (PUBLIC_CACHE) and the CDN_INVALIDATE setting.
FRESHNESS = (
    ("changes", OLD_PUBLIC_CACHE, "the old default"),
    ("takedowns", OLD_PUBLIC_CACHE, ""),
    ("takedowns", "public, max-age=30, s-maxage=30, stale-while-revalidate=30", ""),
    ("takedowns", PUBLIC_CACHE, "the default"),
    ("changes", PUBLIC_CACHE, ""),
)


def freshness_report(measured: dict[str, Work], memory: dict[str, int], paths: dict[str, dict[str, int]]) -> None:
    page = measured["article page (HTML), on a CDN miss"]
    view = measured["view beacon"] + measured["view aggregation (stream)"]
    views = VIEWS_PER_SECOND * 86400 * 30
    region = next(iter(PRICES))
    print(
        f"\nthe price of freshness ({region}; {ARTICLES_PER_DAY} articles a day; {views / 1e6:.0f} million article"
        f" page views a month, {VIEWS_PER_SECOND:g} a second, over {READ_ARTICLES} articles by popularity, languages"
        f" {', '.join(f'{lang} {share:.0%}' for lang, share in LANGUAGE_SHARES.items())}, {CDN_CACHES} cache(s)"
        " fetching from the origin)\n"
    )
    print(
        f"{'CDN_INVALIDATE':14} {'s-maxage + swr':>14} {'an edit, at most':>16} {'hits':>5} {'waits':>6}"
        f" {'origin pages/month':>18} {'pages $':>8} {'paths $':>8} {'total $':>8} {'$ per M views':>13}"
    )
    for setting, cache_control, note in FRESHNESS:
        fetched, waited = cdn_origin_share(cache_control)
        fresh = directive(cache_control, "s-maxage")
        stale = directive(cache_control, "stale-while-revalidate")
        pages = sum(page.scaled(fetched * views).dollars(region, memory).values())
        _, invalidations = invalidated(paths[setting])
        per_million = sum((page.scaled(fetched) + view).scaled(1e6).dollars(region, memory).values())
        per_million += invalidations / views * 1e6
        latest = f"{fresh + stale} s" if setting == "takedowns" else f"inval. or {fresh + stale} s"
        print(
            f"{setting:14} {f'{fresh} + {stale}':>14} {latest:>16} {1 - fetched:5.0%} {waited:6.1%}"
            f" {fetched * views / 1e6:17.1f}M {pages:8.2f} {invalidations:8.2f} {pages + invalidations:8.2f}"
            f" {per_million:13.2f}  {note}"
        )
    fresh_pages = cdn_origin_share(PUBLIC_CACHE)[0] - cdn_origin_share(OLD_PUBLIC_CACHE)[0]
    renders = sum(page.scaled(fresh_pages * views).dollars(region, memory).values())
    _, takedowns = invalidated(paths["takedowns"])
    print(
        f"\nthe default's freshness: ${renders:.2f} of page renders beyond the five-minute lifetime's and"
        f" ${takedowns:.2f} of paths, ${renders + takedowns:.2f} a month"
        f" (${(renders + takedowns) / views * 1e6:.2f} per million page views)"
    )
    print(
        "\n(pages $: SiteFunction for the page views the origin answers; paths $: invalidations; $ per M views:"
        " the whole backend's cost of a page view, page and view, with the invalidations spread over the views;"
        " waits: page views whose reader waits for the origin, the rest of the origin's are background refreshes)"
    )


if __name__ == "__main__":
    main()
