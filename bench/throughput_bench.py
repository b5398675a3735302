"""Throughput benchmark: replays a realistic mix of searches with concurrent clients against gunicorn
and prints requests a second, p50/p95/p99 latency and errors, for the portal's search, for the textbook
Django way on the same requests and for /healthz.

The mix: 1,000 distinct searches built from the synthetic catalogue's words (one word, two words, a
phrase, with and without filters, sorts and later pages, as users click them), drawn with Zipf-like
popularity (a few are asked again and again, most rarely), the same sequence for every target.

    .venv/bin/python bench/throughput_bench.py --count 100000 --clients 16 --requests 4000

It uses DATABASE_URL if set, otherwise postgres://postgres@127.0.0.1:5432/portal_bench, topped up to
--count entries as bench/search_bench.py does. The portal runs with its result cache on (Redis), as in
production. Target at 100,000 entries: at least 100 requests a second with p95 under 200 ms and no
errors, on this 2-core machine.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.search_bench import (  # noqa: E402
    DEFAULT_DATABASE_URL,
    PORT,
    ensure_database,
    environment,
    manage,
    percentile,
    sql,
)

FACETS = [
    "stage=grow", "stage=adopt", "theme=evidence", "theme=networks", "region=london", "region=north_west",
    "evidence_level=4", "organisation_type=nhs", "adopted=yes", "cost_band=2",
]  # fmt: skip
SORTS = ["", "sort=newest", "sort=evidence"]


def mix(distinct: int, total: int, seed: int = 2026) -> list[str]:
    """`total` request paths over `distinct` searches, the k-th most popular asked about 1/k as often."""
    from innovations.synthetic import COMMON, TextGenerator

    rng = random.Random(seed)  # noqa: S311 - a repeatable mix, not a secret
    vocabulary = TextGenerator().vocabulary
    searches: list[str] = []
    seen = set()
    while len(searches) < distinct:
        shape = rng.random()
        if shape < 0.4:
            q = rng.choice(COMMON[:200] + vocabulary[:2000])
        elif shape < 0.75:
            q = " ".join(rng.sample(COMMON[:300] + vocabulary[:3000], 2))
        elif shape < 0.85:
            q = f'"{rng.choice(COMMON[:100])} {rng.choice(COMMON[:100])}"'
        else:
            q = ""
        params = [f"q={urllib.parse.quote(q)}"] if q else []
        if rng.random() < 0.35:
            params.append(rng.choice(FACETS))
        if rng.random() < 0.15:
            params.append(rng.choice(FACETS))
        sort = rng.choice(SORTS) if rng.random() < 0.2 else ""
        if sort:
            params.append(sort)
        if rng.random() < 0.2:
            params.append(f"page={rng.randint(2, 5)}")
        path = "/innovations/" + ("?" + "&".join(params) if params else "")
        if path not in seen:
            seen.add(path)
            searches.append(path)
    weights = [1 / (rank + 1) for rank in range(distinct)]
    return rng.choices(searches, weights=weights, k=total)


def replay(paths: list[str], clients: int) -> tuple[float, list[float], int]:
    """Send `paths` with `clients` threads, each on its own keep-alive connection; returns the seconds
    taken, every latency in ms and the number of errors (non-200 answers or failed connections)."""
    lock = threading.Lock()
    queue = list(reversed(paths))
    latencies: list[float] = []
    errors = 0

    def worker():
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
        while True:
            with lock:
                if not queue:
                    return
                path = queue.pop()
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors += 0 if ok else 1

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies, errors


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=4000, help="requests replayed per target")
    parser.add_argument("--distinct", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--textbook-requests", type=int, default=400, help="requests for the textbook way")
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    ensure_database(database_url)
    env = {**environment(database_url), "SEARCH_RESULT_CACHE": "true"}
    manage(env, "migrate", "--noinput", "-v", "0")
    have = sql(env, "SELECT count(*) FROM innovations_catalogueentry")[0][0]
    if have < args.count:
        print(f"Catalogue has {have}; generating {args.count - have} more...", flush=True)
        manage(env, "generate_catalogue", "--count", str(args.count - have), "--batch", "5000")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "rebuild_phrase_index")
    sql(env, "VACUUM ANALYZE")  # a settled catalogue, as autovacuum leaves it after the generator's writes
    import redis

    redis.Redis.from_url(env["REDIS_URL"]).flushdb()  # start cold: the benchmark's own Redis database

    paths = mix(args.distinct, args.requests)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "bench.wsgi", "--bind", f"127.0.0.1:{PORT}", "--workers",
         str(args.workers), "--log-level", "warning", "--timeout", "300", "--backlog", "256"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start")
        rows = []
        for name, target in [
            ("portal search", paths),
            (
                "textbook way",
                [p.replace("/innovations/", "/bench/textbook/innovations/", 1) for p in paths][
                    : args.textbook_requests
                ],
            ),
            ("/healthz", ["/healthz"] * args.requests),
        ]:
            if not target:
                continue
            seconds, latencies, errors = replay(target, args.clients)
            rows.append((name, len(target), seconds, latencies, errors))
            print(f"  replayed {name}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)

    have = sql(env, "SELECT count(*) FROM innovations_catalogueentry")[0][0]
    print()
    print(
        f"Catalogue: {have:,} entries. {args.workers} gunicorn workers, {args.clients} clients, "
        f"{args.distinct} distinct searches (Zipf), result cache on."
    )
    header = (
        f"{'target':<15} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}"
    )
    print(header)
    print("-" * len(header))
    for name, count, seconds, latencies, errors in rows:
        print(
            f"{name:<15} {count:>9} {count / seconds:>8.1f} {statistics.median(latencies):>8.1f} "
            f"{percentile(latencies, 95):>8.1f} {percentile(latencies, 99):>8.1f} {errors:>7}"
        )


if __name__ == "__main__":
    main()
