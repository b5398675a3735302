"""Mentor suggestions benchmark: the judged requests in bench/mentor_suggestions/requests.csv, each with the
mentors a person reading the pool's profiles would pick for it, run through `suggest_mentors` as the
"Choose your mentors" page runs it. Prints success@3 (a picked mentor among the first three of the five
suggested), success@1 and mean reciprocal rank, and every request whose picks were not in the first three.

The pool is fixed: the demo's mentors (mentoring/demo/mentors.csv) and the benchmark's own
(bench/mentor_suggestions/mentors.csv), imported into a database of its own, named after DATABASE_URL's
with `_bench_suggestions` added. Each request is made by a person of its own organisation type and region,
and everything the run writes is rolled back.

    .venv/bin/python bench/mentor_suggestions_bench.py
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.search_bench import ensure_database  # noqa: E402

HERE = Path(__file__).parent / "mentor_suggestions"
REQUESTS = HERE / "requests.csv"
POOLS = [ROOT / "mentoring" / "demo" / "mentors.csv", HERE / "mentors.csv"]


def database_url() -> str:
    base = urllib.parse.urlparse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal"))
    return base._replace(path=f"{base.path.rstrip('/')}_bench_suggestions").geturl()


def prepare(url: str) -> None:
    """The pool in its own database (importing is safe to repeat: the same people are updated)."""
    ensure_database(url)
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "true", "PYTHONPATH": str(ROOT)}
    for args in (["migrate", "-v0"], *(["import_mentors", str(pool)] for pool in POOLS)):
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
        )


def run(url: str) -> None:
    os.environ.update({"DATABASE_URL": url, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "portal.settings"})
    import django

    django.setup()
    from django.db import transaction

    from innovations.models import PolicyArea
    from mentoring.matching import suggest_mentors
    from mentoring.models import Mentor
    from mentoring.services import mentor_request_create
    from portal.models import Organisation, User

    rows = list(csv.DictReader(REQUESTS.open(encoding="utf-8")))
    pool = {mentor.name for mentor in Mentor.objects.approved().select_related("user")}
    areas = {area.name: area for area in PolicyArea.objects.all()}
    hits, firsts, reciprocal, misses = 0, 0, 0.0, []
    with transaction.atomic():
        for row in rows:
            expected = row["expected"].split("|")
            unknown = set(expected) - pool
            if unknown:
                raise SystemExit(f"{row['key']} expects mentors the pool does not have: {sorted(unknown)}")
            organisation = Organisation.objects.create(
                name=f"Requester's organisation for {row['key']}",
                organisation_type=row["organisation_type"],
                region=row["region"],
            )
            requester = User.objects.create(
                email=f"{row['key']}@requests.example.org", full_name=f"Requester {row['key']}",
                organisation=organisation,
            )  # fmt: skip
            request = mentor_request_create(
                requester=requester, idea=row["idea"], wants=row["wants"], stage=row["stage"],
                themes=row["themes"].split(";"), region=row["region"], formats=row["formats"].split(";"),
                policy_areas=[areas[name] for name in row["policy_areas"].split(";") if name],
            )  # fmt: skip
            found = [suggestion.mentor.name for suggestion in suggest_mentors(request)]
            rank = next((n for n, name in enumerate(found, start=1) if name in expected), None)
            hits += bool(rank and rank <= 3)
            firsts += rank == 1
            reciprocal += 1 / rank if rank else 0.0
            if not rank or rank > 3:
                misses.append(f"  {row['key']:<30} rank {rank or '-'}; first three: {', '.join(found[:3])}")
        transaction.set_rollback(True)
    count = len(rows)
    print(f"{count} judged requests against {len(pool)} mentors")
    print(f"success@3 {hits / count:.2f} ({hits} of {count})")
    print(f"success@1 {firsts / count:.2f} ({firsts} of {count})")
    print(f"MRR       {reciprocal / count:.2f}")
    if misses:
        print("Picks not in the first three:")
        print("\n".join(misses))


if __name__ == "__main__":
    url = database_url()
    prepare(url)
    run(url)
