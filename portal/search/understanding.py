"""What a user meant by what they typed, for every catalogue at once: the central team's synonyms and
acronyms, hyphenated and joined forms, the words of a query that may match one by one when all of them
together match too little, and spelling corrections drawn from the catalogues' own words.

Everything here happens at search time, in SQL the portal sends (`ts_rewrite` with the curated rules in
a table), so it works the same on the embedded PostgreSQL and on a managed server: nothing is installed
on the server. The words a user typed reach SQL only as parameters.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connection
from rapidfuzz import process
from rapidfuzz.distance import OSA

from portal.search.cache import GENERATIONS_SQL, VOCABULARY_SQL

SYNONYM_RULES = "SELECT target, substitute FROM search_synonymrule"

_TOKEN = re.compile(r'"[^"]*"?|\S+')
_EDGE = re.compile(r"^[^\w&]+|[^\w&]+$")
# Words shorter than this are not corrected: too many real words lie one letter away.
MIN_CORRECTED = 4


@dataclass(frozen=True)
class ParsedQuery:
    """A query understood: `strict` needs every word (each word or phrase may be met by any of its
    synonyms or forms); `loose` keeps quoted phrases and exclusions strict but needs only one of the
    plain words ('' when there is nothing to loosen); `terms` is each plain word's own query, so that
    results can be ranked by how many of the words they contain."""

    text: str
    strict: str
    loose: str = ""
    terms: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # the plain words, as typed, for messages
    unknown: list[str] = field(default_factory=list)  # plain words no catalogue contains
    vocabulary: int = 0  # which state of the vocabulary this was checked against
    generation: str = ""  # the state of the tables asked about (see parse_many), for keying a cache


def split_query(q: str) -> tuple[list[str], str]:
    """The plain words of `q` and the rest: quoted phrases and `-exclusions`, which keep their strict
    meaning. A query that uses "or" is the user's own logic and has no plain words to loosen."""
    words, rest = [], []
    tokens = _TOKEN.findall(q)
    if any(token.lower() == "or" for token in tokens):
        return [], q
    for token in tokens:
        if token.startswith('"') or (token.startswith("-") and len(token) > 1):
            rest.append(token)
            continue
        word = _EDGE.sub("", token)
        if word:
            words.append(word)
    return words, " ".join(rest)


# A minus sign leaves out the word or quoted phrase it stands before; one standing before nothing means
# nothing, and PostgreSQL's websearch_to_tsquery fails on a few dozen of them ("tsquery stack too
# small"), so those are dropped and a run before a word is one.
_MINUS_BEFORE_NOTHING = re.compile(r"-+(?![\w\"])")
_MINUSES = re.compile(r"-{2,}")


def websearch_text(q: str) -> str:
    """`q` as websearch_to_tsquery reads it safely: its minus signs that stand before nothing dropped."""
    return _MINUSES.sub("-", _MINUS_BEFORE_NOTHING.sub(" ", q))


def parse(q: str, *, config: str = "english", generations: Sequence[str] = ()) -> ParsedQuery:
    """Understand `q` (see parse_many)."""
    return parse_many([q], config=config, generations=generations)[0]


def parse_many(
    texts: list[str], *, config: str = "english", generations: Sequence[str] = ()
) -> list[ParsedQuery]:
    """Understand every text in one statement however many there are: for each, the strict and loose
    queries, each plain word's query and the words no catalogue contains; the vocabulary's state; and
    the generation of each table named in `generations` (read in the same statement, at no extra cost)."""
    columns: list[str] = []
    params: list = []

    def understood(expr: str, expr_params: list, hyphenated: list[str]) -> None:
        # Each hyphenated word wraps the query in a rewrite; the curated rules are applied last.
        params.extend(expr_params)
        for word in dict.fromkeys(hyphenated):
            joined, spaced = word.replace("-", ""), word.replace("-", " ")
            # A query holds a hyphenated word as a phrase of its parts (typed among other words) or as
            # all its parts (typed alone, one word's own query): either way it also accepts the others.
            # A quoted phrase holding one is a "word" of its own, whose other forms are phrases too.
            for form in ["phraseto_tsquery", "plainto_tsquery"]:
                expr = (
                    f"ts_rewrite({expr}, {form}(%s::regconfig, %s), phraseto_tsquery(%s::regconfig, %s) "
                    f"|| phraseto_tsquery(%s::regconfig, %s) || phraseto_tsquery(%s::regconfig, %s))"
                )
                params.extend([config, word, config, word, config, joined, config, spaced])
        columns.append(f"(ts_rewrite({expr}, %s))::text")
        params.append(SYNONYM_RULES)

    shapes = []
    for q in texts:
        if not q.strip():
            shapes.append(None)
            continue
        words, rest = split_query(q)
        hyphenated = [w for w in (_EDGE.sub("", t) for t in _TOKEN.findall(q)) if "-" in w.strip("-")]
        understood("websearch_to_tsquery(%s::regconfig, %s)", [config, websearch_text(q)], hyphenated)
        for word in words:
            understood(
                "plainto_tsquery(%s::regconfig, %s)", [config, word], [w for w in hyphenated if w == word]
            )
        if rest and words:
            understood("websearch_to_tsquery(%s::regconfig, %s)", [config, websearch_text(rest)], hyphenated)
        columns.append(
            "ARRAY(SELECT w FROM unnest(%s::text[]) AS w WHERE length(w) >= %s AND w !~ '[0-9-]' "
            "AND NOT EXISTS (SELECT 1 FROM search_word s WHERE s.word = w))"
        )
        params.extend([list(dict.fromkeys(w.lower() for w in words)), MIN_CORRECTED])
        shapes.append((q, words, bool(rest and words)))
    if not columns and not generations:
        return [ParsedQuery(q, "") for q in texts]
    columns.append(VOCABULARY_SQL)
    if generations:
        columns.append(GENERATIONS_SQL)
        params.append(list(generations))
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns), params)
        row = list(cursor.fetchone())
    generation = row.pop() if generations else ""
    vocabulary = row.pop()
    parsed = []
    for q, shape in zip(texts, shapes, strict=True):
        if shape is None:
            parsed.append(ParsedQuery(q, "", vocabulary=vocabulary, generation=generation))
            continue
        _q, words, has_rest = shape
        strict = row.pop(0) or ""
        terms = [row.pop(0) or "" for _ in words]
        rest_query = (row.pop(0) or "") if has_rest else ""
        unknown = row.pop(0) or []
        kept = [term for term in terms if term]
        loose = ""
        if len(kept) > 1:
            any_word = " | ".join(f"( {term} )" for term in kept)
            loose = f"( {rest_query} ) & ( {any_word} )" if rest_query else any_word
        parsed.append(ParsedQuery(q, strict, loose, kept, words, list(unknown), vocabulary, generation))
    return parsed


# --- Writing rather than a search ------------------------------------------------------------------

# A word of a piece of writing: letters and digits, joined by a hyphen or "&" ("re-offending", "A&E"); an
# apostrophe ends one ("people's" is "people" and "s", a word too common to count), and quotes, dashes
# before a word and other punctuation are not a search's operators there.
_WRITTEN_WORD = re.compile(r"\w+(?:[&-]\w+)*")
PARSED_AT_ONCE = 500  # texts understood in one statement (PostgreSQL returns at most 1,664 columns)
# The different words of a piece of writing that count, at most: a bound on the cost of ranking by it.
WRITTEN_WORDS_KEPT = 60


def written_words(text: str) -> list[str]:
    """The words of a piece of writing, as written."""
    return _WRITTEN_WORD.findall(text)


def any_words_queries(texts: list[str], *, config: str = "english") -> list[str]:
    """For matching pieces of writing (a request for a mentor) rather than searches: each text as a query
    that any one of its words meets, each word with its synonyms and forms as a search takes them, for
    ranking entries by how much of the text they speak to; '' for a text with no word worth matching.
    Every text is understood in one statement per PARSED_AT_ONCE."""
    joined = []
    for text in texts:
        words = dict.fromkeys(word.lower() for word in written_words(text))
        words.pop("or", None)  # "or" between the words is how the query says "any of them"
        joined.append(" or ".join(list(words)[:WRITTEN_WORDS_KEPT]))
    queries = []
    for start in range(0, len(joined), PARSED_AT_ONCE):
        parsed = parse_many(joined[start : start + PARSED_AT_ONCE], config=config)
        queries.extend(_distinct_alternatives(item.strict) for item in parsed)
    return queries


def _distinct_alternatives(query: str) -> str:
    """A query of alternatives ("a | b | a") with each alternative once: several words of a text, and
    their synonyms, often come to the same lexemes, and each one more makes ranking by it dearer."""
    alternatives, depth, quoted, start = [], 0, False, 0
    for at, char in enumerate(query):
        if char == "'":
            quoted = not quoted  # a quote inside a lexeme is doubled, so it toggles twice
        elif not quoted and char in "()":
            depth += 1 if char == "(" else -1
        elif not quoted and depth == 0 and char == "|":
            alternatives.append(query[start:at].strip())
            start = at + 1
    alternatives.append(query[start:].strip())
    return " | ".join(dict.fromkeys(alternative for alternative in alternatives if alternative))


def any_words_query(text: str, *, config: str = "english") -> str:
    """One piece of writing as a query any of its words meets (see any_words_queries)."""
    return any_words_queries([text], config=config)[0]


# --- Spelling --------------------------------------------------------------------------------------


class _Vocabulary:
    """The catalogues' words with how many entries hold each, read once per process and again only when
    words have been added (the state comes with every parse, at no extra cost)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.state = -1
        self.by_length: dict[int, list[str]] = {}
        self.documents: dict[str, int] = {}

    def load(self, state: int) -> None:
        with self.lock:
            if state == self.state:
                return
            with connection.cursor() as cursor:
                cursor.execute("SELECT word, documents FROM search_word")
                rows = cursor.fetchall()
            by_length: dict[int, list[str]] = {}
            for word, _documents in rows:
                by_length.setdefault(len(word), []).append(word)
            self.by_length, self.documents, self.state = by_length, dict(rows), state


_vocabulary = _Vocabulary()


def correction(word: str, state: int) -> str | None:
    """The catalogues' word closest to `word` (letters swapped, missing, extra or wrong: one for a short
    word, two for a longer one), the commonest among equals; None if none is that close."""
    _vocabulary.load(state)
    word = word.lower()
    limit = 1 if len(word) <= 5 else 2
    choices = [
        candidate
        for length in range(len(word) - limit, len(word) + limit + 1)
        for candidate in _vocabulary.by_length.get(length, [])
    ]
    found = process.extract(word, choices, scorer=OSA.distance, score_cutoff=limit, limit=20)
    if not found:
        return None
    best = min(found, key=lambda match: (match[1], -_vocabulary.documents.get(match[0], 0), match[0]))
    return best[0]


def corrected_text(parsed: ParsedQuery) -> str | None:
    """`parsed`'s text with each unknown word replaced by its correction, or None if none has one."""
    text, changed = parsed.text, False
    for word in parsed.unknown:
        replacement = correction(word, parsed.vocabulary)
        if replacement:
            text = re.sub(rf"(?<![\w-]){re.escape(word)}(?![\w-])", replacement, text, flags=re.IGNORECASE)
            changed = True
    return text if changed else None
