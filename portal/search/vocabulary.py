"""Keeping the search engine's own tables in step: the rewrite rules derived from the synonyms (after
every change to them), and the catalogues' words (as entries are written)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from django.db import connection, transaction

SEED_SYNONYMS = Path(__file__).parent / "data" / "synonyms.csv"

# Both directions of every synonym. What a phrase also means is a phrase: "council" also accepts "local
# authority" side by side, not the two words anywhere, and inside a quoted phrase it stays a phrase. The
# words of a phrase are found typed anywhere among others, or as a phrase (in quotes, or a hyphenated
# word among other words); a phrase whose words are all too common to index has no rule.
_RULES_SQL = """
DELETE FROM search_synonymrule;
INSERT INTO search_synonymrule (synonym_id, target, substitute)
SELECT DISTINCT ON (target, other) id, target, target || other FROM (
    SELECT id, plainto_tsquery(%(config)s::regconfig, phrase) AS target,
           phraseto_tsquery(%(config)s::regconfig, also_means) AS other FROM search_synonym
    UNION ALL
    SELECT id, plainto_tsquery(%(config)s::regconfig, also_means),
           phraseto_tsquery(%(config)s::regconfig, phrase) FROM search_synonym
    UNION ALL
    SELECT id, phraseto_tsquery(%(config)s::regconfig, phrase),
           phraseto_tsquery(%(config)s::regconfig, also_means) FROM search_synonym
    UNION ALL
    SELECT id, phraseto_tsquery(%(config)s::regconfig, also_means),
           phraseto_tsquery(%(config)s::regconfig, phrase) FROM search_synonym
) AS rules
WHERE numnode(target) > 0 AND numnode(other) > 0 AND target <> other
ORDER BY target, other, id;
"""


@transaction.atomic
def synonym_rules_refresh(config: str = "english") -> int:
    """Derive the rewrite rules from the synonyms; returns how many there are."""
    with connection.cursor() as cursor:
        cursor.execute(_RULES_SQL, {"config": config})
        cursor.execute("SELECT count(*) FROM search_synonymrule")
        return cursor.fetchone()[0]


def seed_rows() -> list[dict]:
    """The starting list of synonyms and acronyms, from the file kept beside the engine."""
    with SEED_SYNONYMS.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# The words an entry shows, as typed, lower case: the 'simple' configuration splits the text as search
# does but neither stems words nor drops common ones.
_WORDS_SQL = """
INSERT INTO search_word (word, documents)
SELECT t.lexeme, count(*) FROM ({source}) AS src(text), unnest(to_tsvector('simple', src.text)) AS t
WHERE length(t.lexeme) BETWEEN 2 AND 64 AND t.lexeme !~ '[0-9]'
GROUP BY t.lexeme
ON CONFLICT (word) DO UPDATE SET documents = GREATEST(search_word.documents, EXCLUDED.documents)
WHERE search_word.documents < EXCLUDED.documents
"""


def words_add(source_sql: str, ids: Iterable[int]) -> None:
    """Add the words of these entries to the vocabulary. `source_sql` is a catalogue's SELECT of one
    text per public entry among `%(ids)s` (its configuration, never user input)."""
    ids = sorted({int(i) for i in ids})
    if not ids or not source_sql:
        return
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 5000):
            cursor.execute(_WORDS_SQL.format(source=source_sql), {"ids": ids[start : start + 5000]})
