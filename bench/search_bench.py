"""Search benchmark: serves the portal with gunicorn on a catalogue of N synthetic innovations and prints
p50 and p95 latency for a fixed mix of searches, for the portal's search and for the textbook Django way
on the same data, with their ratio, and for /healthz.

    .venv/bin/python bench/search_bench.py --count 100000
    .venv/bin/python bench/search_bench.py --count 1000000 --requests 20

It uses DATABASE_URL if set, otherwise postgres://postgres@127.0.0.1:5432/portal_bench (created if
missing), and adds synthetic innovations until the catalogue has --count of them.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import secrets
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8100
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/portal_bench"


def environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        # Each class repeats its query: measure what a search costs to compute, not the result cache.
        "SEARCH_RESULT_CACHE": os.environ.get("SEARCH_RESULT_CACHE", "false"),
        "PYTHONPATH": str(ROOT),
    }


def manage(env, *args, capture=False) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, capture_output=capture
    )
    return result.stdout if capture else ""


def sql(env, statement: str) -> list[tuple]:
    script = (
        "import django, json; django.setup();"
        "from django.db import connection;"
        "c = connection.cursor(); c.execute(__import__('sys').argv[1]);"
        "print(json.dumps(c.fetchall() if c.description else [], default=str))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, statement],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=True,
    ).stdout
    return [tuple(row) for row in json.loads(out)]


def ensure_database(database_url: str) -> None:
    parts = urllib.parse.urlparse(database_url)
    name = parts.path.lstrip("/")
    import psycopg

    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


class Client:
    def __init__(self):
        self.conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=900)

    def get(self, path: str) -> tuple[int, bytes, float]:
        started = time.perf_counter()
        self.conn.request("GET", path)
        response = self.conn.getresponse()
        body = response.read()
        return response.status, body, (time.perf_counter() - started) * 1000


def measure(client: Client, path: str, requests: int, warmup: int = 2) -> list[float]:
    for _ in range(warmup):
        status, body, _ms = client.get(path)
        if status != 200:
            raise SystemExit(f"{path} answered {status}: {body[:300]!r}")
    return [client.get(path)[2] for _ in range(requests)]


def misspelt(word: str) -> str:
    """The word with two letters in its middle swapped, as a hurried typist would."""
    middle = len(word) // 2
    return word[: middle - 1] + word[middle] + word[middle - 1] + word[middle + 1 :]


def common_phrases(env, count: int = 25) -> list[str]:
    """`count` different quoted phrases of two common words standing side by side in entries' text."""
    from innovations.synthetic import COMMON

    common = set(COMMON[:200])
    summaries = sql(
        env,
        "SELECT summary FROM innovations_innovation WHERE status = 'published' ORDER BY id DESC LIMIT 2000",
    )
    found: list[str] = []
    for (summary,) in summaries:
        words = summary.rstrip(".").lower().split()
        for left, right in zip(words, words[1:], strict=False):
            phrase = f'"{left} {right}"'
            if left in common and right in common and left != right and phrase not in found:
                found.append(phrase)
                break
        if len(found) == count:
            break
    return [f"/innovations/?q={urllib.parse.quote(phrase)}" for phrase in found]


def measure_each(client: Client, paths: list[str], requests: int) -> list[float]:
    """Latencies over `paths` in turn (each asked once before the timed rounds)."""
    for path in paths:
        measure(client, path, 0, warmup=1)
    return [client.get(paths[i % len(paths)])[2] for i in range(max(requests, len(paths)))]


def choose_queries(env) -> dict[str, str | list[str]]:
    """Search terms chosen from the data: by how many documents contain them."""
    from innovations.synthetic import COMMON, TextGenerator

    vocabulary = TextGenerator().vocabulary
    rare = vocabulary[-1]
    slug, summary = sql(
        env, "SELECT slug, summary FROM innovations_innovation WHERE status = 'published' ORDER BY id LIMIT 1"
    )[0]
    words = [w for w in summary.rstrip(".").lower().split() if w in set(vocabulary) and len(w) > 3]
    phrase = f'"{words[0]} {words[1]}"' if len(words) > 1 else f'"{COMMON[5]} {COMMON[6]}"'
    return {
        "rare word": f"/innovations/?q={urllib.parse.quote(rare)}",
        "25 phrases of common words": common_phrases(env),
        "common word": f"/innovations/?q={COMMON[40]}",
        "three words": f"/innovations/?q={urllib.parse.quote(' '.join([COMMON[60], COMMON[120], vocabulary[700]]))}",
        "quoted phrase": f"/innovations/?q={urllib.parse.quote(phrase)}",
        # Widened: too few entries hold both rare words, so those holding either are shown too.
        "two rare words (some of them)": f"/innovations/?q={urllib.parse.quote(' '.join(vocabulary[-2:]))}",
        # Corrected: a rare word with two letters swapped.
        "misspelt rare word": f"/innovations/?q={urllib.parse.quote(misspelt(rare))}",
        "broad (>half)": "/innovations/?q=service",
        "browse": "/innovations/",
        "browse, 3 facets": "/innovations/?stage=grow&theme=evidence&region=london",
        "page 50, broad": "/innovations/?q=service&page=50",
        "detail": f"/innovations/{slug}/",
        "one search box, broad": "/search/?q=service",
        "one search box, rare": f"/search/?q={urllib.parse.quote(rare)}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40, help="timed requests per query class (portal)")
    parser.add_argument(
        "--textbook-requests", type=int, default=10, help="timed requests per class (textbook)"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--only", default="", help="measure only the query classes whose names contain this text"
    )
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    ensure_database(database_url)
    env = environment(database_url)
    manage(env, "migrate", "--noinput", "-v", "0")
    have = sql(env, "SELECT count(*) FROM innovations_catalogueentry")[0][0]
    if have < args.count:
        print(f"Catalogue has {have}; generating {args.count - have} more...", flush=True)
        manage(env, "generate_catalogue", "--count", str(args.count - have), "--batch", "5000")
    have = sql(env, "SELECT count(*) FROM innovations_catalogueentry")[0][0]
    # The one search box also searches the advice directory: load the demo sources (updated, never doubled).
    manage(env, "import_advice", str(ROOT / "portal" / "advice" / "demo" / "advice.csv"))
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "rebuild_phrase_index")  # quick when no word has become common
    sql(env, "VACUUM ANALYZE")  # a settled catalogue, as autovacuum leaves it after the generator's writes

    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bench.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
            # The textbook way takes minutes a request at 1,000,000 entries; let it finish.
            "--timeout",
            "900",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                if Client().get("/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start")
        queries = choose_queries(env)
        client = Client()
        # Every worker's first request loads its templates and caches (a second or so): let each do
        # that before anything is timed, so a class does not carry one worker's start.
        for _ in range(10 * args.workers):
            client.get("/innovations/?q=service")
        rows = []
        for name, path in queries.items():
            if args.only not in name:
                continue
            if isinstance(path, list):
                ours = measure_each(client, path, args.requests)
                counts = []
                for each in path:
                    status, body, _ = client.get(each.replace("/innovations/", "/api/innovations/", 1))
                    counts.append(json.loads(body)["count"] if status == 200 else -1)
                rows.append((name, f"{min(counts)}-{max(counts)}", ours, None))
                print(f"  measured {name}", flush=True)
                continue
            ours = measure(client, path, args.requests)
            textbook_path = (
                path.replace("/innovations/?", "/bench/textbook/innovations/?", 1)
                if path.startswith("/innovations/?") or path == "/innovations/"
                else None
            )
            if path == "/innovations/":
                textbook_path = "/bench/textbook/innovations/"
            textbook = (
                measure(client, textbook_path, args.textbook_requests, warmup=1)
                if textbook_path and args.textbook_requests
                else None
            )
            count = ""
            if path.startswith("/innovations/?") or path == "/innovations/":
                api = path.replace("/innovations/", "/api/innovations/", 1)
                status, body, _ = client.get(api)
                count = json.loads(body)["count"] if status == 200 else f"HTTP {status}"
            rows.append((name, count, ours, textbook))
            print(f"  measured {name}", flush=True)
        health = measure(client, "/healthz", args.requests)
    finally:
        server.terminate()
        server.wait(timeout=30)

    print()
    print(f"Catalogue: {have:,} published innovations. {args.workers} gunicorn workers, sequential requests.")
    print(f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"Database: {sql(env, 'SHOW server_version')[0][0]}")
    print()
    header = f"{'query class':<28} {'matches':>12} {'p50 ms':>8} {'p95 ms':>8} {'textbook p50':>13} {'textbook p95':>13} {'speed-up p50':>13}"
    print(header)
    print("-" * len(header))
    for name, count, ours, textbook in rows:
        p50, p95 = statistics.median(ours), percentile(ours, 95)
        if textbook:
            t50, t95 = statistics.median(textbook), percentile(textbook, 95)
            extra = f"{t50:>13.1f} {t95:>13.1f} {t50 / p50:>12.1f}x"
        else:
            extra = f"{'-':>13} {'-':>13} {'-':>13}"
        print(f"{name:<28} {count!s:>12} {p50:>8.1f} {p95:>8.1f} {extra}")
    print(f"{'/healthz':<28} {'':>12} {statistics.median(health):>8.1f} {percentile(health, 95):>8.1f}")


if __name__ == "__main__":
    main()
