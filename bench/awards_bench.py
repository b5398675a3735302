"""Awards benchmark: the central team's leaderboard (weighted means, medians, per-judge normalised scores,
disagreement) for a round of 2,000 nominations, 5 judges each and 6 criteria, rendered through Django's
test client, in process. Prints p50 and p95 and the number of queries.

    .venv/bin/python bench/awards_bench.py                 # fills portal_bench_awards if needed

Target: p95 < 200 ms with a constant number of queries.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.search_bench import ensure_database, environment, manage  # noqa: E402

FILL = textwrap.dedent(
    """
    import random, django
    django.setup()
    from datetime import timedelta
    from django.utils import timezone
    from awards.models import (Assignment, Award, Category, Criterion, Judge, Nomination, Nominee, Round, Score)
    from portal.models import Organisation, User

    if Round.objects.filter(award__slug="bench").exists():
        raise SystemExit(0)
    rng = random.Random(2026)
    now = timezone.now()
    award = Award.objects.create(slug="bench", name="Bench Award", description="Benchmark.")
    round_ = Round.objects.create(
        award=award, year=2027, opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=1),
        judging_ends_at=now + timedelta(days=30), announce_at=now + timedelta(days=60), judges_per_nomination={judges},
    )
    category = Category.objects.create(round=round_, name="Champion")
    criteria = [
        Criterion.objects.create(round=round_, name=f"Criterion {{n}}", description="x", weight=rng.randint(1, 5),
                                 **{{f"score_{{s}}": "x" for s in range(1, 6)}})
        for n in range({criteria})
    ]
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Bench organisation {{n}}", organisation_type="nhs", region="london") for n in range(100)
    )
    people = User.objects.bulk_create(
        User(email=f"bench-{{n}}@example.org", full_name=f"Bench Person {{n}}", organisation=rng.choice(organisations))
        for n in range({nominations} + 60)
    )
    judges, nominators = people[:60], people[60:]
    Judge.objects.bulk_create(Judge(round=round_, user=user) for user in judges)
    nominations = Nomination.objects.bulk_create(
        Nomination(round=round_, nominator=user, status="submitted", category=category, kind="individual",
                   summary="Scaled it.", relationship="Colleague.", submitted_at=now - timedelta(days=2))
        for user in nominators
    )
    Nominee.objects.bulk_create(
        Nominee(nomination=n, name=f"Nominee {{n.pk}}", organisation=rng.choice(organisations),
                email=f"nominee-{{n.pk}}@example.org") for n in nominations
    )
    # Each judge has a leaning, so that normalising matters.
    leaning = {{judge.pk: rng.uniform(-1, 1) for judge in judges}}
    assignments = Assignment.objects.bulk_create(
        Assignment(nomination=nomination, judge=judge)
        for nomination in nominations for judge in rng.sample(judges, {judges})
    )
    quality = {{n.pk: rng.uniform(1, 5) for n in nominations}}
    Score.objects.bulk_create(
        Score(assignment=a, criterion=c, score=max(1, min(5, round(quality[a.nomination_id] + leaning[a.judge_id] + rng.gauss(0, 0.7)))))
        for a in assignments for c in criteria
    )
    # The planner's statistics, as autovacuum would gather them after such a fill.
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"Filled: {{len(nominations)}} nominations, {{len(assignments)}} assignments, {{len(assignments) * len(criteria)}} scores.")
    """
)

MEASURE = textwrap.dedent(
    """
    import json, time, django
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from awards.models import Round
    from tests.factories import StaffFactory

    round_ = Round.objects.get(award__slug="bench")
    staff = StaffFactory(email=f"bench-staff-{{time.time()}}@example.org")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(staff)
    url = f"/awards/bench/{{round_.year}}/leaderboard/"
    results = {{}}
    for name, path in [("normalised", url), ("median", url + "?sort=median"), ("CSV", url + "?format=csv")]:
        for _ in range(2):
            client.get(path)
        times = []
        for _ in range({requests}):
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        results[name] = {{"times": times, "queries": len(queries)}}
    print(json.dumps(results))
    """
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--nominations", type=int, default=2000)
    parser.add_argument("--judges", type=int, default=5)
    parser.add_argument("--criteria", type=int, default=6)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    base = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
    url = f"{base}/portal_bench_awards"
    ensure_database(url)
    env = {**environment(url), "DEBUG": "true"}
    manage(env, "migrate", "--noinput", "-v", "0")
    script = FILL.format(nominations=args.nominations, judges=args.judges, criteria=args.criteria)
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True)
    import json

    from bench.search_bench import percentile

    out = subprocess.run(
        [sys.executable, "-c", MEASURE.format(requests=args.requests)],
        cwd=ROOT, env=env, check=True, text=True, capture_output=True,
    ).stdout  # fmt: skip
    results = json.loads(out.strip().splitlines()[-1])
    print(
        f"\nLeaderboard: {args.nominations:,} nominations, {args.judges} judges each, {args.criteria} criteria; "
        f"{args.requests} timed requests each (in process)."
    )
    print(f"{'page':<24} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for name, figures in results.items():
        times = figures["times"]
        print(
            f"{name:<24} {percentile(times, 50):>8.1f} {percentile(times, 95):>8.1f} {figures['queries']:>8}"
        )


if __name__ == "__main__":
    main()
