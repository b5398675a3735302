"""Saved-search benchmark: how long "Your saved searches" takes to count the new matches of a user's
twenty saved searches (the most a user keeps), on the catalogue `search_bench.py` built.

    .venv/bin/python bench/saved_searches_bench.py            # after search_bench.py has filled the database

The twenty searches mix a broad text query, no query, one facet, a query with facets, a rarer word and a
region; each is counted for three "last looked" dates: a week, a year and ten years ago. It prints the
p50 and p95 of the one counting statement (plus the one that parses the text queries), run in process.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.utils import timezone  # noqa: E402

from innovations.alerts import ALERT_LIMIT, MAX_SAVED_SEARCHES  # noqa: E402
from innovations.search import INNOVATION_CATALOGUE  # noqa: E402
from portal.search.engine import count_matches  # noqa: E402
from portal.search.forms import search_form  # noqa: E402

SEARCHES = [
    "q=service",
    "",
    "stage=grow",
    "q=service&stage=grow&theme=evidence",
    "q=community",
    "region=london",
]


def main(requests: int = 20) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM innovations_catalogueentry")
        total = cursor.fetchone()[0]
    if not total:
        raise SystemExit("The catalogue is empty: run bench/search_bench.py first.")
    catalogue = INNOVATION_CATALOGUE.resolved()
    texts = (SEARCHES * MAX_SAVED_SEARCHES)[:MAX_SAVED_SEARCHES]
    print(f"Catalogue: {total:,} published innovations; {len(texts)} saved searches counted together.")
    print(f"{'last looked':<14} {'p50 ms':>8} {'p95 ms':>8}")
    for label, days in [("a week ago", 7), ("a year ago", 365), ("ten years ago", 3650)]:
        since = timezone.now() - timedelta(days=days)
        queries = []
        for text in texts:
            queries.append(
                (search_form(catalogue, QueryDict(text)).search_query(), "published_at > %s", [since])
            )
        count_matches(catalogue, queries, cap=ALERT_LIMIT + 1)  # warm-up
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            count_matches(catalogue, queries, cap=ALERT_LIMIT + 1)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(f"{label:<14} {statistics.median(times):>8.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
