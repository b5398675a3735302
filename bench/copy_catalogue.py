"""Grow a benchmark catalogue to a million entries in minutes rather than hours: a new database made from
a generated one (`CREATE DATABASE ... TEMPLATE`), whose innovations and catalogue entries (with their
pairs of common words and lists of what they lack) are copied in SQL until it holds --count, under new
ids and slugs. Each text appears several times, but the counts, lists and indexes have the full size.

    .venv/bin/python bench/search_bench.py --count 100000 --requests 1    # the source, generated
    .venv/bin/python bench/copy_catalogue.py --count 1000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_1m \\
        .venv/bin/python bench/search_bench.py --count 1000000 --requests 20

The text indexes are dropped while copying and built again at the end, which is far quicker than
keeping them up to date row by row.
"""

from __future__ import annotations

import argparse
import math
import time
import urllib.parse

import psycopg

SOURCE = "postgres://postgres@127.0.0.1:5432/portal_bench"
TARGET = "postgres://postgres@127.0.0.1:5432/portal_bench_1m"
ENTRIES = "innovations_catalogueentry"
INNOVATIONS = "innovations_innovation"
AREAS = "innovations_innovation_policy_areas"


def columns(conn, table: str) -> list[str]:
    """The table's columns that can be written (not generated), in order."""
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND is_generated = 'NEVER' "
        "ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [name for (name,) in rows]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--source", default=SOURCE)
    parser.add_argument("--target", default=TARGET)
    parser.add_argument("--count", type=int, default=1_000_000)
    args = parser.parse_args()
    started = time.monotonic()

    source_name = urllib.parse.urlparse(args.source).path.lstrip("/")
    target_name = urllib.parse.urlparse(args.target).path.lstrip("/")
    admin = urllib.parse.urlparse(args.source)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target_name]).fetchone():
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [source_name]
            )
            conn.execute(f'CREATE DATABASE "{target_name}" TEMPLATE "{source_name}"')
            print(f"Made {target_name} from {source_name}", flush=True)

    with psycopg.connect(args.target, autocommit=True) as conn:
        have = conn.execute(f"SELECT count(*) FROM {ENTRIES}").fetchone()[0]  # noqa: S608 - constants
        if have >= args.count:
            print(f"{target_name} has {have:,} entries already.")
            return
        offset = conn.execute(f"SELECT max(id) FROM {INNOVATIONS}").fetchone()[0]  # noqa: S608
        if conn.execute(f"SELECT max(innovation_id) FROM {ENTRIES}").fetchone()[0] > offset:  # noqa: S608
            raise SystemExit("The catalogue has been copied into before: start again from a fresh copy.")
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexdef LIKE '%% gin %%'",
            [ENTRIES],
        ).fetchall()
        for name, _definition in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        innovation_columns = columns(conn, INNOVATIONS)
        entry_columns = columns(conn, ENTRIES)
        copies = math.ceil(args.count / have) - 1
        for copy in range(1, copies + 1):
            room = min(have, args.count - have * copy)
            shift = copy * offset
            values = ", ".join(
                f"id + {shift}" if c == "id" else f"slug || '-c{copy}'" if c == "slug" else c
                for c in innovation_columns
            )
            with conn.transaction():
                conn.execute(
                    f"INSERT INTO {INNOVATIONS} ({', '.join(innovation_columns)}) "  # noqa: S608 - constants
                    f"SELECT {values} FROM {INNOVATIONS} WHERE id <= %s AND status = 'published' "
                    f"AND id IN (SELECT innovation_id FROM {ENTRIES} WHERE innovation_id <= %s "
                    f"ORDER BY innovation_id LIMIT %s)",
                    [offset, offset, room],
                )
                values = ", ".join(
                    f"innovation_id + {shift}" if c == "innovation_id" else c for c in entry_columns
                )
                conn.execute(
                    f"INSERT INTO {ENTRIES} ({', '.join(entry_columns)}) SELECT {values} FROM {ENTRIES} "  # noqa: S608
                    f"WHERE innovation_id <= %s AND innovation_id + {shift} IN "
                    f"(SELECT id FROM {INNOVATIONS} WHERE id > {shift} AND id <= {shift + offset})",
                    [offset],
                )
                conn.execute(
                    f"INSERT INTO {AREAS} (innovation_id, policyarea_id) "  # noqa: S608 - constants
                    f"SELECT innovation_id + {shift}, policyarea_id FROM {AREAS} WHERE innovation_id <= %s "
                    f"AND innovation_id + {shift} IN "
                    f"(SELECT id FROM {INNOVATIONS} WHERE id > {shift} AND id <= {shift + offset})",
                    [offset],
                )
            print(f"  copy {copy} of {copies} ({time.monotonic() - started:.0f} s)", flush=True)
        conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{INNOVATIONS}', 'id'), (SELECT max(id) FROM {INNOVATIONS}))"  # noqa: S608
        )
        conn.execute("SET maintenance_work_mem = '2GB'")
        for name, definition in indexes:
            conn.execute(definition)
            print(f"  built {name} ({time.monotonic() - started:.0f} s)", flush=True)
        conn.execute("VACUUM ANALYZE")
        have = conn.execute(f"SELECT count(*) FROM {ENTRIES}").fetchone()[0]  # noqa: S608
    print(f"{target_name}: {have:,} entries ({time.monotonic() - started:.0f} s).")


if __name__ == "__main__":
    main()
