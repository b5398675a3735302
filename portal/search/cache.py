"""Search results cached by what was asked and the state of what answers it.

A result (the total, the facet counts and a page of ids) is kept in the cache (Redis when `REDIS_URL` is
set, so every worker shares it) under a key made of the normalised query and the generation of the
catalogue's search table, of the synonyms' rules and, for a query with a word to correct, of the
vocabulary. A trigger on each of those tables raises its generation in the same transaction as every
write, whatever the path (the services, the admin, an import, a cascade), and a search reads the
generations in the statement that understands its words. So a result can never be served after a write
it does not reflect: the first search after a commit asks under a new key.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.db import connection

RULES_TABLE = "search_synonymrule"
TIMEOUT = 600  # seconds: a popular search stays warm; an unpopular one makes way

_TRIGGER_SQL = """
CREATE OR REPLACE TRIGGER search_generation
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION search_generation_bump()
"""


def install_triggers(tables: list[str]) -> None:
    """Make every write to these tables raise their generation (idempotent; run after each migrate)."""
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        for table in tables:
            if table in existing:
                cursor.execute(_TRIGGER_SQL.format(table=connection.ops.quote_name(table)))


def key(*, table: str, generation: str, vocabulary: int, query, page_size: int, with_facets: bool) -> str:
    asked = {
        "table": table,
        "generation": generation,
        "vocabulary": vocabulary,
        "q": query.q,
        "selected": {name: sorted(values) for name, values in sorted(query.selected.items()) if values},
        "sort": query.sort,
        "page": query.page,
        "match": query.match,
        "page_size": page_size,
        "facets": with_facets,
    }
    digest = hashlib.sha256(json.dumps(asked, sort_keys=True).encode()).hexdigest()
    return f"search:{digest}"


def get(cache_key: str):
    return cache.get(cache_key) if settings.SEARCH_RESULT_CACHE else None


def put(cache_key: str, result) -> None:
    if settings.SEARCH_RESULT_CACHE:
        cache.set(cache_key, result, TIMEOUT)
