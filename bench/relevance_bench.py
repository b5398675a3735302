"""Relevance benchmark: the judged queries in bench/relevance/queries.csv (plain words, natural phrasing,
questions, typos, US spellings, acronyms and synonyms), each with the demo innovations that should come
first, run through the innovation search as the page runs it. Prints success@3 (an expected entry in the
first three) and mean reciprocal rank per kind of query and overall, each query that missed, and any
query that found nothing.

    .venv/bin/python bench/relevance_bench.py      # loads the demo into portal_bench_relevance if needed

Targets: success@3 at least 0.95 overall and at least 0.8 for typos, US spellings and acronyms; no
query whose words occur in the catalogue returns an empty page.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.search_bench import ensure_database  # noqa: E402

QUERIES = Path(__file__).parent / "relevance" / "queries.csv"
TARGETS = {"overall": 0.95, "typo": 0.8, "us_spelling": 0.8, "acronym": 0.8}


def prepare(database_url: str) -> None:
    """The demo content in its own database (loaded once; the demo command keeps what is there)."""
    ensure_database(database_url)
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "true", "PYTHONPATH": str(ROOT)}
    for args in (["migrate", "-v0"], ["load_demo"], ["rebuild_search_words"]):
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
        )


def run(database_url: str) -> int:
    os.environ.update(
        {"DATABASE_URL": database_url, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "portal.settings"}
    )
    import django

    django.setup()
    from innovations.models import Innovation
    from innovations.search import INNOVATION_CATALOGUE
    from portal.search.engine import SearchQuery, run_search

    catalogue = INNOVATION_CATALOGUE.resolved()
    slugs = dict(Innovation.objects.values_list("id", "slug"))
    rows = list(csv.DictReader(QUERIES.open(encoding="utf-8")))
    by_kind: dict[str, list[tuple[bool, float]]] = defaultdict(list)
    misses, lower, empty = [], [], []
    for row in rows:
        expected = set(row["expected"].split("|"))
        unknown = expected - set(slugs.values())
        if unknown:
            raise SystemExit(f"{row['query']!r} expects entries the demo does not have: {sorted(unknown)}")
        result = run_search(catalogue, SearchQuery(q=row["query"]))
        found = [slugs[i] for i in result.ids]
        rank = next((n for n, slug in enumerate(found, start=1) if slug in expected), None)
        hit = rank is not None and rank <= 3
        by_kind[row["kind"]].append((hit, 1 / rank if rank else 0.0))
        if not found:
            empty.append(row["query"])
        if hit and rank > 1:
            lower.append(f"  {row['kind']:<12} {row['query']!r}: rank {rank}; first: {found[0]}")
        if not hit:
            how = (
                f"{result.mode}{', searched for ' + repr(result.searched_for) if result.searched_for else ''}"
            )
            misses.append(
                f"  {row['kind']:<12} {row['query']!r}: rank {rank or '-'} ({how}); top: {found[:3]}"
            )

    print(f"{'kind':<13}{'queries':>8}{'success@3':>11}{'MRR':>7}")
    failed = False
    everything = [score for scores in by_kind.values() for score in scores]
    for kind, scores in [*sorted(by_kind.items()), ("overall", everything)]:
        success = sum(hit for hit, _ in scores) / len(scores)
        mrr = sum(rr for _, rr in scores) / len(scores)
        target = TARGETS.get(kind)
        mark = "" if target is None else ("  ok" if success >= target else f"  below {target}")
        failed |= target is not None and success < target
        print(f"{kind:<13}{len(scores):>8}{success:>11.2f}{mrr:>7.2f}{mark}")
    if lower:
        print("Found, but not first:")
        print("\n".join(lower))
    if misses:
        print("Missed (no expected entry in the first three):")
        print("\n".join(misses))
    print(
        f"Queries that found nothing: {len(empty)}" + (f" ({', '.join(map(repr, empty))})" if empty else "")
    )
    return 1 if failed or empty else 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_relevance"
        ),
    )
    args = parser.parse_args()
    prepare(args.database_url)
    return run(args.database_url)


if __name__ == "__main__":
    raise SystemExit(main())
