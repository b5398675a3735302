"""Mentoring benchmark: suggestions for one request and the mentor directory's search at 10,000 mentors,
and batch matching of 2,000 open requests against 1,000 mentors, with time and peak memory.

    .venv/bin/python bench/mentoring_bench.py                      # 10,000 mentors, 2,000 requests
    .venv/bin/python bench/mentoring_bench.py --mentors 10000 --batch-mentors 1000 --batch-requests 2000

It uses its own databases on the local PostgreSQL server (portal_bench_mentoring and
portal_bench_batch, created and filled if missing) and prints the figures; bench/README.md keeps the
latest. Targets: suggestions p95 < 100 ms; the directory's search within the innovation search's
targets; batch matching under 30 seconds and 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.search_bench import ensure_database, environment, manage, percentile, sql  # noqa: E402

SUGGESTIONS = textwrap.dedent(
    """
    import json, time, django
    django.setup()
    from django.test import Client
    from mentoring.matching import suggest_mentors
    from mentoring.models import MentorRequest

    requests = list(MentorRequest.objects.select_related("requester__organisation").order_by("id")[:{n}])
    timings = []
    for request in requests:
        started = time.perf_counter()
        found = suggest_mentors(request)
        timings.append((time.perf_counter() - started) * 1000)
        assert len(found) == 5, len(found)
    client = Client(HTTP_HOST="127.0.0.1")
    pages = {{}}
    for name, path in [
        ("browse", "/mentors/"), ("word", "/mentors/?q=evidence"), ("three facets", "/mentors/?theme=evidence&stage=prove&region=london"),
        ("word and room", "/mentors/?q=housing&room=yes"), ("page 20", "/mentors/?page=20"),
    ]:
        for _ in range(2):
            client.get(path)
        times = []
        for _ in range({n}):
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        pages[name] = times
    print(json.dumps({{"suggestions": timings, "pages": pages}}))
    """
)

BATCH = textwrap.dedent(
    """
    import json, resource, time, django
    django.setup()
    from mentoring.batch import propose
    started = time.perf_counter()
    proposal = propose(with_reasons=False)
    seconds = time.perf_counter() - started
    print(json.dumps({
        "seconds": seconds, "open": proposal.open_requests, "matched": proposal.matched,
        "greedy": proposal.greedy_matched, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))
    """
)


def fill(env, *, mentors: int, requests: int) -> None:
    manage(env, "migrate", "--noinput", "-v", "0")
    have_mentors = sql(env, "SELECT count(*) FROM mentoring_mentor")[0][0]
    have_requests = sql(env, "SELECT count(*) FROM mentoring_mentorrequest")[0][0]
    if have_mentors < mentors or have_requests < requests:
        print(
            f"Generating {max(mentors - have_mentors, 0)} mentors and {max(requests - have_requests, 0)} requests...",
            flush=True,
        )
        manage(
            env, "generate_mentors", "--count", str(max(mentors - have_mentors, 0)),
            "--requests", str(max(requests - have_requests, 0)), "--seed", str(have_mentors + 7),
        )  # fmt: skip
    sql(env, "ANALYZE")


def run(env, script: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, check=True, text=True, capture_output=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mentors", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=40, help="timed suggestions and page loads per class")
    parser.add_argument("--batch-mentors", type=int, default=1_000)
    parser.add_argument("--batch-requests", type=int, default=2_000)
    args = parser.parse_args()
    base = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")

    url = f"{base}/portal_bench_mentoring"
    ensure_database(url)
    env = {**environment(url), "DEBUG": "true"}
    fill(env, mentors=args.mentors, requests=args.requests)
    figures = run(env, SUGGESTIONS.format(n=args.requests))
    listed = sql(env, "SELECT count(*) FROM mentoring_mentorentry")[0][0]
    print(
        f"\nMentor pool: {listed:,} mentors in the directory; {args.requests} timed runs per class (in process)."
    )
    print(f"{'what':<34} {'p50 ms':>8} {'p95 ms':>8}")
    s = figures["suggestions"]
    print(f"{'suggestions for one request':<34} {percentile(s, 50):>8.1f} {percentile(s, 95):>8.1f}")
    for name, times in figures["pages"].items():
        print(f"{'/mentors/ ' + name:<34} {percentile(times, 50):>8.1f} {percentile(times, 95):>8.1f}")

    url = f"{base}/portal_bench_batch"
    ensure_database(url)
    env = {**environment(url), "DEBUG": "true"}
    fill(env, mentors=args.batch_mentors, requests=args.batch_requests)
    batch = run(env, BATCH)
    print(
        f"\nBatch matching: {batch['open']:,} open requests against {args.batch_mentors:,} mentors: "
        f"{batch['seconds']:.1f} s, peak memory {batch['peak_mb']:.0f} MB; matched {batch['matched']:,} "
        f"(one at a time, oldest first: {batch['greedy']:,})."
    )


if __name__ == "__main__":
    main()
