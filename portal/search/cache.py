"""Search results cached by what was asked and the state of what answers it.

A result (the total, the facet counts and a page of ids) is kept in the cache (Redis when `REDIS_URL` is
set, so every worker shares it) under a key made of the normalised query and the generation of the
catalogue's search table, of the synonyms' rules and, for a query with a word to correct, of the
vocabulary. A trigger on each of those tables raises its generation in the same transaction as every
write, whatever the path (the services, the admin, an import, a cascade), and a search reads the
generations in the statement that understands its words. So a result can never be served after a write
it does not reflect: the first search after a commit asks under a new key.

The same key, with the page's address, keys the rendered results of a search page (the
`search_cache` template tag), so a repeated search renders only the page around them. Every key holds
a digest of the portal's code and templates, read once at start-up, so a release never serves a result
or a fragment made by the one before it.

A visitor who brings no cookies at all (no session, so no one signed in and no messages; no preferences)
is shown the same page as every other such visitor at the same address, so such a page is kept whole
(`portal.search.pages.whole_page_cached`), under the address and the generations of every table the
page is made from, read in one statement, with its CSP nonce marked so that each response gets its own.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection

RULES_TABLE = "search_synonymrule"
# The state of the tables that answer a search, as columns of a statement: the generations of the tables
# named by its one parameter ("name=N,..."), and the state of the catalogues' words.
GENERATIONS_SQL = (
    "(SELECT COALESCE(string_agg(name || '=' || generation, ',' ORDER BY name), '') "
    "FROM search_generation WHERE name = ANY(%s))"
)
VOCABULARY_SQL = "(SELECT COALESCE(max(id), 0) FROM search_word)"
TIMEOUT = 600  # seconds: a popular search stays warm; an unpopular one makes way


ROOT = Path(__file__).resolve().parents[2]


def _code_digest() -> str:
    """A digest of every Python module, template and data file of the portal, as deployed."""
    digest = hashlib.sha256()
    for folder in ["portal", "innovations", "mentoring", "awards", "templates"]:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".txt", ".csv"} and path.is_file():
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


CODE_VERSION = _code_digest()

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
        "code": CODE_VERSION,
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


def enabled() -> bool:
    return settings.SEARCH_RESULT_CACHE


def get(cache_key: str):
    return cache.get(cache_key) if enabled() else None


def put(cache_key: str, result) -> None:
    if enabled():
        cache.set(cache_key, result, TIMEOUT)


# --- Whole pages, for visitors who bring no cookies ---------------------------------------------------

NONCE_MARK = "\x00nonce\x00"  # where the page's CSP nonce goes: each response gets its own


def page_state(tables: list[str]) -> str:
    """The state of everything a search page is made from: the generations of `tables` and of the
    catalogues' words (which spelling corrections come from), in one statement."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {GENERATIONS_SQL}, {VOCABULARY_SQL}", [list(tables)])
        generations, words = cursor.fetchone()
    return f"{generations};words={words}"


def page_key(state: str, address: str) -> str:
    digest = hashlib.sha256(json.dumps([CODE_VERSION, state, address]).encode()).hexdigest()
    return f"search-page-whole:{digest}"


def fragment_key(result_key: str, address: str) -> str:
    """The key of a search page's rendered results: the result's key and the page's full address (its
    links and labels are made from the address as typed)."""
    return f"search-page:{result_key}:{hashlib.sha256(address.encode()).hexdigest()}"


def fragment(result, address: str, render) -> str:
    """A search page's rendered results for `result` at `address`: from the cache when the result was
    cached, otherwise `render()`, kept for the next visitor."""
    if not getattr(result, "cache_key", ""):
        return render()
    fragment_cache_key = fragment_key(result.cache_key, address)
    html = cache.get(fragment_cache_key)
    if html is None:
        html = render()
        cache.set(fragment_cache_key, html, TIMEOUT)
    return html
