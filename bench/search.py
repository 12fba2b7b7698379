"""Search at scale, on this machine: a generated corpus per language (realistic lengths: a
title of 8-14 words, a lead of 20-40, a body of 250-700 in paragraphs; words drawn by a
Zipf law from the demo articles' vocabulary grown with compounds and inflections to about
60,000 words per language), indexed by the engine the search function uses.

Prints per language: full rebuild time (the engine's part: analysis and indexing, not the
DynamoDB scan), index size, one article's update (a commit), warm query latency p50/p95
through the search domain's code path (parse, analyse, query, fresh ranking, snippets; no
HTTP, no DynamoDB), and the search function's cold start (a fresh process: import the
handler, copy the index from S3 into an empty folder and open it, answer one query; S3 is
the local stack's, moto's server over HTTP on this machine, so the copy's share is this
machine's, not Lambda's).

    python -m bench.search                 # 10,000 articles per language (make bench)
    python -m bench.search --articles 300000 --languages de   # by hand: minutes, GBs of disk
    python -m bench.search --articles 300000 --index-dir ~/bench-indexes   # keep them; a second
        run measures the kept indexes again without rebuilding (its rebuild column is empty)
"""

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from unittest import mock

from devstack import ROOT, aws
from devstack.runtime import LOCAL_ENVIRONMENT
from devstack.template import REGION
from haber.search import analysis, engine, files, querying
from haber.search.records import Entry

SUFFIXES = {
    "de": ["", "", "", "e", "en", "er", "es", "n", "s"],
    "tr": ["", "", "de", "da", "deki", "ler", "lar", "in", "ın", "e", "a", "den", "dan", "leri", "ları"],
    "en": ["", "", "", "s", "ed", "ing", "er", "'s"],
}
QUERIES = 300
UPDATES = 20
BATCH = 5_000  # articles per commit, as the rebuild


def vocabulary(lang: str, size: int, rng: random.Random) -> list[str]:
    demo = json.loads((ROOT / "devstack" / "seed" / "demo.json").read_text(encoding="utf-8"))
    texts = [
        " ".join(text.values()) for article in demo["articles"] for code, text in article["renditions"].items()
        if code == lang
    ]  # fmt: skip
    base = sorted({w for w in re.findall(r"[^\W\d_]{2,}", re.sub(r"<[^>]+>", " ", " ".join(texts)))})
    words = list(base)
    while len(words) < size:
        first, second = rng.choice(base), rng.choice(base)
        if lang == "de" and rng.random() < 0.5:
            words.append(first.capitalize() + second.lower())  # a compound
        else:
            words.append(first + rng.choice(SUFFIXES[lang]))
    rng.shuffle(words)
    return words


def sentence(words: list[str], weights: list[float], rng: random.Random, count: int) -> str:
    return " ".join(rng.choices(words, cum_weights=weights, k=count)).capitalize() + "."


def corpus(lang: str, articles: int, seed: int = 7) -> Iterator[Entry]:
    rng = random.Random(seed)
    words = vocabulary(lang, 60_000, rng)
    weights, total = [], 0.0
    for rank in range(1, len(words) + 1):
        total += 1 / rank**1.07
        weights.append(total)
    now = datetime.now(UTC)
    for number in range(articles):
        body = [sentence(words, weights, rng, rng.randint(8, 25)) for _ in range(rng.randint(18, 40))]
        yield Entry(
            id=f"bench{number:011d}",
            lang=lang,
            title=sentence(words, weights, rng, rng.randint(8, 14))[:-1],
            summary=sentence(words, weights, rng, rng.randint(20, 40)),
            body=" ".join(body),
            slug=f"bench-{number}",
            category=rng.choice(["economy", "culture", "sports", "technology", "politics"]),
            tags=rng.sample(["cologne", "berlin", "istanbul", "transport", "housing", "football"], 2),
            author="Bench Redaktion",
            published_at=(now - timedelta(minutes=rng.randint(0, 60 * 24 * 365 * 5))).strftime("%Y-%m-%dT%H:%M:%SZ"),
        )


def queries(lang: str, rng: random.Random, sample: list[Entry]) -> list[str]:
    """What readers type: one to three words from real articles, some misspelt, some quoted."""
    found = []
    for _ in range(QUERIES):
        entry = rng.choice(sample)
        words = [word for word, _, _ in analysis.words(entry["title"] + " " + entry["body"][:400], lang)]
        start = rng.randrange(max(1, len(words) - 3))
        picked = words[start : start + rng.choice([1, 1, 2, 2, 3])]
        kind = rng.random()
        if kind < 0.15 and len(picked[0]) >= 6:
            typo = rng.randrange(1, len(picked[0]))
            picked[0] = picked[0][:typo] + picked[0][typo + 1 :]
        elif kind < 0.25 and len(picked) > 1:
            picked = [f'"{" ".join(picked)}"']
        found.append(" ".join(picked))
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def size_of(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.iterdir() if path.is_file())


def build(lang: str, articles: int, folder: Path) -> tuple[list[Entry], float]:
    """Index the corpus into `folder`; its sample (queries are drawn from it), and the time it took.
    A folder that holds a finished build of the same corpus is reused (the time is then NaN)."""
    kept = folder.with_name(f"{folder.name}.sample.json")  # beside the index: not its size, not copied
    if kept.exists():
        return json.loads(kept.read_text(encoding="utf-8")), float("nan")
    index = engine.open_index(folder)
    started = time.perf_counter()
    batch: list[Entry] = []
    sample: list[Entry] = []
    for number, entry in enumerate(corpus(lang, articles)):
        batch.append(entry)
        if number % max(1, articles // 200) == 0:
            sample.append(entry)
        if len(batch) == BATCH:
            engine.write(index, set(), batch)
            batch = []
    engine.write(index, set(), batch)
    rebuild = time.perf_counter() - started
    kept.write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")
    return sample, rebuild


def measure(lang: str, articles: int, folder: Path) -> dict[str, float]:
    sample, rebuild = build(lang, articles, folder)
    index = engine.open_index(folder)
    updates = []
    for entry in sample[:UPDATES]:
        changed = Entry(**{**entry, "title": entry["title"] + " aktualisiert"})
        began = time.perf_counter()
        engine.write(index, {entry["id"]}, [changed])
        updates.append((time.perf_counter() - began) * 1000)
    rng = random.Random(11)
    asked = queries(lang, rng, sample)
    now = int(time.time())
    latencies, newest, totals = [], [], []
    for number, q in enumerate([*asked[:20], *asked]):
        began = time.perf_counter()
        parsed = querying.parse(q, lang)
        found, marks = querying.matches(index, parsed, lang, engine.Filters(), False, 0, 10)
        [querying.hit(entry, lang, marks) for entry in found.entries]
        took = (time.perf_counter() - began) * 1000
        if number >= 20:  # after 20 warm-up queries
            latencies.append(took)
            totals.append(found.total)
            began = time.perf_counter()
            engine.find(index, engine.query(index, parsed, lang, engine.Filters(), now), True, 0, 10, now)
            newest.append((time.perf_counter() - began) * 1000)
    return {
        "rebuild_s": rebuild,
        "index_mb": size_of(folder) / 1e6,
        "update_ms": statistics.median(updates),
        "p50_ms": percentile(latencies, 0.5),
        "p95_ms": percentile(latencies, 0.95),
        "newest_p95_ms": percentile(newest, 0.95),
        "median_total": statistics.median(totals),
        **dict(zip(("cold_ms", "copy_ms"), cold_start(lang, folder, asked[0]), strict=True)),
    }


COLD = """
import time
started = time.perf_counter()
import importlib.util as u
spec = u.spec_from_file_location("app", {app!r}); spec.loader.exec_module(u.module_from_spec(spec))
from haber.search import engine, indexes, querying
imported = time.perf_counter()
index = indexes.reading({lang!r})  # the manifest and every file from S3, then open
opened = time.perf_counter()
parsed = querying.parse({q!r}, {lang!r})
now = int(time.time())
engine.find(index, engine.query(index, parsed, {lang!r}, engine.Filters(), now), False, 0, 10, now)
print((time.perf_counter() - started) * 1000, (opened - imported) * 1000)
"""


def cold_start(lang: str, folder: Path, q: str) -> tuple[float, float]:
    """Median of three fresh processes: the handler's imports, copying the index from S3 (the
    local stack's, moto's server, over HTTP) into an empty folder and opening it, one query.
    Returns that whole time and the copy's share of it (with the S3 client's making and the
    index's opening, as a cold Lambda instance has them too)."""
    bucket = "haber-bench-search"
    s3 = aws.local_client("s3")
    with contextlib.suppress(s3.exceptions.BucketAlreadyOwnedByYou):
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    environment = {**os.environ, **LOCAL_ENVIRONMENT, **aws.environment(), "SEARCH_BUCKET": bucket}
    with mock.patch.dict(os.environ, environment):
        files.push(lang, folder, None)
    code = COLD.format(app=str(ROOT / "functions" / "search" / "app.py"), q=q, lang=lang)
    runs = []
    for _ in range(3):
        with tempfile.TemporaryDirectory(prefix="haber-bench-cold-") as empty:
            fresh = {
                **environment,
                "PYTHONPATH": f"{ROOT / 'layers' / 'common'}:{ROOT}",
                "POWERTOOLS_SERVICE_NAME": "search",
                "AWS_LAMBDA_FUNCTION_NAME": "SearchFunction",
                "SEARCH_FOLDER": empty,
            }
            output = subprocess.run([sys.executable, "-c", code], env=fresh, capture_output=True, check=True).stdout
            whole, copy = map(float, output.split())
            runs.append((whole, copy))
    runs.sort()
    return runs[1]


def search_report(articles: int, languages: list[str], kept: Path | None = None) -> None:
    os.environ.update({**LOCAL_ENVIRONMENT, "TABLE_NAME": os.environ.get("TABLE_NAME", "bench")})
    print(f"\nsearch: {articles:,} generated articles per language (tantivy {version('tantivy')})\n")
    print(
        f"{'lang':5} {'rebuild s':>9} {'index MB':>9} {'update ms':>9} {'p50 ms':>7} {'p95 ms':>7}"
        f" {'newest p95':>10} {'cold ms':>8} {'of it copy':>10} {'matches':>8}"
    )
    for lang in languages:
        folder = kept / f"{lang}-{articles}" if kept else Path(tempfile.mkdtemp(prefix=f"haber-bench-search-{lang}-"))
        try:
            r = measure(lang, articles, folder)
        finally:
            if not kept:
                shutil.rmtree(folder, ignore_errors=True)
        print(
            f"{lang:5} {r['rebuild_s']:9.1f} {r['index_mb']:9.1f} {r['update_ms']:9.1f} {r['p50_ms']:7.1f}"
            f" {r['p95_ms']:7.1f} {r['newest_p95_ms']:10.1f} {r['cold_ms']:8.0f} {r['copy_ms']:10.0f}"
            f" {r['median_total']:8.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="articles per language (default 10,000)")
    parser.add_argument("--languages", default="de,tr,en", help="comma-separated (default de,tr,en)")
    parser.add_argument("--index-dir", type=Path, help="keep the indexes here and reuse them on the next run")
    arguments = parser.parse_args()
    search_report(arguments.articles, arguments.languages.split(","), arguments.index_dir)


if __name__ == "__main__":
    main()
