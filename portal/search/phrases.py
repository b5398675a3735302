"""Quoted phrases of common words, answered from an index of word pairs rather than by checking word
positions in most of the catalogue.

PostgreSQL's text index finds the entries holding every word of a phrase, then reads each one's whole
search vector to check the words stand side by side. For a phrase of two common words that is most of
the catalogue (at 100,000 entries, hundreds of milliseconds). So each catalogue that asks for it
(`Catalogue.pairs_column`) keeps, for every entry, the pairs of its common words that stand side by
side (`search_phrase_pairs`, in SQL, from the stored vector itself, so positions are PostgreSQL's own),
each as one number made of the two words' ids, in a GIN-indexed array. A two-word phrase of common words
then is exactly "holds this pair", which the index answers without reading any vector; a longer phrase
needs each of its pairs and is still checked by PostgreSQL, on the few entries that hold them all. What
is found and counted is exactly what the phrase alone finds.

Which words are common is kept in `search_phraselexeme` (words in at least `SHARE` of the entries, and
`MINIMUM` of them), set by `manage.py rebuild_phrase_index`. A word is only ever added, and is used by
searches (`ready`) only once every entry holds its pairs: the rebuild adds the words, waits for writes
already under way (every later write computes its pairs with them), fills every entry's pairs, then
marks the words ready. A phrase of words not (yet) ready is searched as before: slower, never wrong.

The pairs held by at least `HELD` of the entries are kept in `search_heldpair`, each with the sums of
the entries holding it (a packed group, kept by the groups' triggers), so that such a phrase is counted
without reading its entries (`track_pairs`, `held_split`): with the same protocol, a pair is used only
once its group has been filled from every entry.
"""

from __future__ import annotations

import re
import threading
import time

from django.db import connection, transaction

TABLE = "search_phraselexeme"
PAIRS_TABLE = "search_commonpair"  # pairs of common words side by side in half the entries or more
HELD_TABLE = "search_heldpair"  # pairs of common words side by side in a fiftieth of the entries or more
SHARE = 0.05  # a word in at least this share of the entries...
MINIMUM = 1000  # ...and in at least this many is common
EVERYWHERE = 0.5  # a common word in at least this share of the entries is listed where it is lacking
HELD = 0.02  # a pair of common words in at least this share of the entries (and MINIMUM) has its group
BATCH = 5000
PAIR_COUNTS = "phrase_pair_counts"  # a rebuild's temporary table: how many entries hold each pair
PAIR_BASE = 46341  # a pair is left id * PAIR_BASE + right id: ids up to 46,340 fit a 32-bit integer
MAX_WORDS = PAIR_BASE - 1


def pair_code(left: int, right: int) -> int:
    """The number `search_phrase_pairs` gives the pair of the words with these ids."""
    return left * PAIR_BASE + right


def pairs_sql(catalogue) -> str:
    """The SQL of an entry's pairs, for the catalogue's refresh: its vector column's pairs."""
    return f"search_phrase_pairs({catalogue.vector_column}, '{catalogue.table}')"


# --- What a query needs ------------------------------------------------------------------------------

_TOKEN = re.compile(r"\s*(?:'((?:[^'\\]|''|\\.)*)'(:[*A-Da-d]+)?|(<->|<\d+>|[&|!()]))")
_UNESCAPE = re.compile(r"''|\\(.)")


class _Unparsed(ValueError):
    pass


def _tokens(text: str) -> list[tuple]:
    tokens, at = [], 0
    text = text.rstrip()
    while at < len(text):
        found = _TOKEN.match(text, at)
        if not found:
            raise _Unparsed(text)
        lexeme, suffix, op = found.groups()
        if op is None:
            word = _UNESCAPE.sub(lambda m: m.group(1) if m.group(1) is not None else "'", lexeme)
            tokens.append(("lex", word, suffix or ""))
        else:
            tokens.append(("op", op))
        at = found.end()
    return tokens


def _parse(tokens: list[tuple]):
    """A tsquery's text as PostgreSQL writes it, into a tree: ("lex", word, suffix), ("not", x),
    ("and"|"or", x, y), ("phrase", x, y, distance). Precedence: ! before <-> before & before |."""
    at = 0

    def peek():
        return tokens[at] if at < len(tokens) else None

    def take():
        nonlocal at
        if at >= len(tokens):
            raise _Unparsed
        at += 1
        return tokens[at - 1]

    def primary():
        token = take()
        if token[0] == "lex":
            return token
        if token[1] == "!":
            return ("not", primary())
        if token[1] == "(":
            node = either()
            if take() != ("op", ")"):
                raise _Unparsed
            return node
        raise _Unparsed

    def phrase():
        node = primary()
        while (token := peek()) and token[0] == "op" and token[1].startswith("<"):
            take()
            distance = 1 if token[1] == "<->" else int(token[1][1:-1])
            node = ("phrase", node, primary(), distance)
        return node

    def both():
        node = phrase()
        while peek() == ("op", "&"):
            take()
            node = ("and", node, phrase())
        return node

    def either():
        node = both()
        while peek() == ("op", "|"):
            take()
            node = ("or", node, both())
        return node

    tree = either()
    if at != len(tokens):
        raise _Unparsed
    return tree


def _text(node) -> str:
    """A tree back into a tsquery's text."""
    kind = node[0]
    if kind == "lex":
        return "'" + node[1].replace("\\", "\\\\").replace("'", "''") + "'" + node[2]
    if kind == "not":
        return f"!( {_text(node[1])} )"
    operator = {"and": "&", "or": "|"}.get(kind) or ("<->" if node[3] == 1 else f"<{node[3]}>")
    return f"( {_text(node[1])} ) {operator} ( {_text(node[2])} )"


def _plain(node) -> str | None:
    return node[1] if node[0] == "lex" and not node[2] else None


def _words(node) -> list[str] | None:
    """The words of `node` when it is one plain word or a choice of them ('a' | 'b'), else None."""
    if node[0] == "or":
        left, right = _words(node[1]), _words(node[2])
        return left + right if left is not None and right is not None else None
    word = _plain(node)
    return [word] if word else None


def _has_phrase(node) -> bool:
    return node[0] == "phrase" or (node[0] != "lex" and any(_has_phrase(child) for child in node[1:3]))


def _edge(node, side: int) -> list[frozenset[str]] | None:
    """What a match of `node` holds at its left (side 1) or right (side 2) end: a choice of sets of
    words, each set all at that one position; None when that cannot be said in plain words."""
    kind = node[0]
    if kind == "phrase":
        return _edge(node[side], side)
    if kind == "lex":
        return [frozenset([node[1]])] if not node[2] else None
    if kind == "not" or _has_phrase(node):
        return None
    left, right = _edge(node[1], side), _edge(node[2], side)
    if kind == "or":
        return None if left is None or right is None else list(dict.fromkeys(left + right))
    if left is None or right is None:  # both at one position: either side's words are there
        return left or right
    return [a | b for a in left for b in right]


# A condition on the pairs: a choice of sets of pairs, each set all held (None: no condition).
Condition = list[frozenset[tuple[str, str]]] | None
MAX_CHOICES = 16


def _both(left: Condition, right: Condition) -> Condition:
    if left is None or right is None:
        return left or right
    combined = [a | b for a in left for b in right]
    return combined if len(combined) <= MAX_CHOICES else (left if len(left) <= len(right) else right)


def _either(left: Condition, right: Condition) -> Condition:
    if left is None or right is None:
        return None
    combined = list(dict.fromkeys(left + right))
    return combined if len(combined) <= MAX_CHOICES else None


def _required(node) -> Condition:
    """The pairs of words side by side that every entry matching `node` holds."""
    kind = node[0]
    if kind == "and":
        return _both(_required(node[1]), _required(node[2]))
    if kind == "or":
        return _either(_required(node[1]), _required(node[2]))
    if kind == "phrase":
        found = _both(_required(node[1]), _required(node[2]))
        ends, starts = _edge(node[1], 2), _edge(node[2], 1)
        if node[3] == 1 and ends and starts and len(ends) * len(starts) <= MAX_CHOICES:
            pairs = [frozenset((a, b) for a in end for b in start) for end in ends for start in starts]
            found = _both(found, pairs)
        return found
    return None


def _position(node) -> list[frozenset[str]] | None:
    """For a node of plain words, choices (|) and words at one position (&): the choice of sets of
    words, each all at one position, that matching it at a position is exactly; None for anything else."""
    if node[0] == "lex":
        return [frozenset([node[1]])] if not node[2] else None
    if node[0] not in ("or", "and"):
        return None
    left, right = _position(node[1]), _position(node[2])
    if left is None or right is None:
        return None
    return list(dict.fromkeys(left + right)) if node[0] == "or" else [a | b for a in left for b in right]


def _ways(node) -> list[tuple[frozenset[str], frozenset[str]]] | None:
    """For a two-word phrase (each word may be a choice: spellings, synonyms), the ways of matching it:
    the words at one position and the words at the next; None for anything else."""
    if node[0] != "phrase" or node[3] != 1:
        return None
    lefts, rights = _position(node[1]), _position(node[2])
    if not lefts or not rights or len(lefts) * len(rights) > MAX_CHOICES:
        return None
    return [(left, right) for left in lefts for right in rights]


def _pairs(left: frozenset[str], right: frozenset[str]) -> list[tuple[str, str]]:
    return [(a, b) for a in sorted(left) for b in sorted(right)]


def _all(words: frozenset[str]):
    """Words all at one position, as a tree."""
    nodes = [("lex", word, "") for word in sorted(words)]
    node = nodes[0]
    for other in nodes[1:]:
        node = ("and", node, other)
    return node


def _conjuncts(node) -> list:
    return _conjuncts(node[1]) + _conjuncts(node[2]) if node[0] == "and" else [node]


def lacking_codes(tsquery: str, ready: ReadyWords) -> list[int] | None:
    """When a query is only words and two-word phrases, all required ('a' & 'b' <-> 'c'), each listed
    where lacking (`ready.everywhere`, `ready.everywhere_pairs`): their ids and codes, so that exactly
    the entries lacking none of them match it (the complement of those listing one). None otherwise."""
    try:
        terms = _conjuncts(_parse(_tokens(tsquery)))
    except _Unparsed:
        return None
    codes = []
    for term in terms:
        word = _plain(term)
        if word is not None:
            if word not in ready.everywhere:
                return None
            codes.append(ready[word])
            continue
        if term[0] != "phrase" or term[3] != 1:
            return None
        left, right = _plain(term[1]), _plain(term[2])
        if left not in ready or right not in ready:
            return None
        code = pair_code(ready[left], ready[right])
        if code not in ready.everywhere_pairs:
            return None
        codes.append(code)
    return sorted(set(codes))


def held_split(column: str, vector: str, tsquery: str, ready: ReadyWords) -> tuple[int, str, list] | None:
    """When `tsquery` is one phrase of which one way of matching is exactly holding a pair of ready
    words whose group of entries is kept (`ready.held_pairs`), the other ways being spellings or
    synonyms: that pair's code, and the SQL condition on `column` (the catalogue's pairs, beside its
    `vector`), with its parameters, for the entries matching another way but not holding it. Every entry
    holding the pair matches, so the matches are exactly the pair's group and those entries. None
    otherwise."""
    if not ready.held_pairs or "<" not in tsquery:
        return None
    try:
        terms = _conjuncts(_parse(_tokens(tsquery)))
    except _Unparsed:
        return None
    if len(terms) != 1 or terms[0][0] not in ("phrase", "or"):
        return None
    term = terms[0]
    ways = [term] if _ways(term) is not None else _needed_ways(list(dict.fromkeys(_disjuncts(term))), ready)
    held, conditions, params = None, [], []
    for way in ways:
        exact, needed, rest = plan(_text(way), ready)
        if held is None and len(exact) == 1 and not needed and not rest:
            codes, others, compounds = exact[0]
            found = [code for code in codes if code in ready.held_pairs]
            if found:
                held = found[0]
                more, more_params = _ways_sql(
                    column, vector, [c for c in codes if c != held], others, compounds
                )
                conditions.extend(more)
                params.extend(more_params)
                continue
        way_condition, way_params = _way_sql(column, vector, way, ready)
        conditions.append(way_condition)
        params.extend(way_params)
    if held is None:
        return None
    if not conditions:
        return held, "FALSE", []
    return held, f"({' OR '.join(conditions)}) AND NOT {column} && %s::int[]", [*params, [held]]


def plan(
    tsquery: str, ready: dict[str, int]
) -> tuple[list[tuple[list[int], str]], list[list[list[int]]], str]:
    """How to find what `tsquery` matches with the pairs of the ready words (word: id):

    - `exact`: for each part of the query that is a phrase of two words (each may be a choice of words:
      spellings, synonyms), the ways of matching it: the pairs of ready words of which an entry holds
      at least one; the other pairs, of words too rare to be ready, for the text index ('' for none);
      and the ways with several words at one position (a synonym of two words), each with its pairs of
      ready words and its phrase for the text index. Matching one of them is exactly matching that part;
    - `needed`: for the other parts, choices of lists of pairs, every pair of one list held, which every
      match holds but which do not settle it;
    - `rest`: what the text index must still check ('' for nothing).

    A query with nothing the pairs can say, or not understood, comes back as it is."""
    unchanged = ([], [], tsquery)
    if not ready or "<" not in tsquery:
        return unchanged
    try:
        terms = _conjuncts(_parse(_tokens(tsquery)))
    except _Unparsed:
        return unchanged

    def code(pair):
        return pair_code(ready[pair[0]], ready[pair[1]])

    def known(pair):
        return pair[0] in ready and pair[1] in ready

    exact, needed, kept = [], [], []
    for term in terms:
        ways = _ways(term)
        if ways is not None and any(known(pair) for left, right in ways for pair in _pairs(left, right)):
            # Exactly: one of the pairs of ready words, or another way, which the text index checks
            # (among the entries holding its pairs of ready words, when it has some).
            codes, others, compounds = set(), [], []
            for left, right in ways:
                text = _text(("phrase", _all(left), _all(right), 1))
                pairs = _pairs(left, right)
                if len(pairs) == 1 and known(pairs[0]):
                    codes.add(code(pairs[0]))
                elif any(known(pair) for pair in pairs):
                    compounds.append((sorted(code(pair) for pair in pairs if known(pair)), text))
                else:
                    others.append(text)
            exact.append((sorted(codes), " | ".join(others), compounds))
            continue
        kept.append(term)
        condition = _required(term)
        # Each way of matching needs its pairs of ready words; a way needing none says nothing.
        choices = [sorted(code(pair) for pair in choice if known(pair)) for choice in condition or []]
        if choices and all(choices):
            needed.append(list(dict.fromkeys(tuple(choice) for choice in choices)))
    if not exact and not needed:
        return unchanged
    rest = " & ".join(f"( {_text(term)} )" for term in kept)
    return exact, [[list(choice) for choice in choices] for choices in needed], rest


def _disjuncts(node) -> list:
    """The ways of matching `node`: its choices, with a phrase of a choice taken as a choice of phrases
    ((a | b) <-> c is a <-> c | b <-> c), up to MAX_CHOICES of them."""
    if node[0] == "or":
        ways = _disjuncts(node[1]) + _disjuncts(node[2])
    elif node[0] == "phrase":
        lefts, rights = _disjuncts(node[1]), _disjuncts(node[2])
        ways = [("phrase", left, right, node[3]) for left in lefts for right in rights]
    else:
        return [node]
    return ways if len(ways) <= MAX_CHOICES else [node]


def _helped(node, ready) -> bool:
    """Whether the pairs say something of a match of `node`."""
    exact, needed, _rest = plan(_text(node), ready)
    return bool(exact or needed)


def _needed_ways(ways: list, ready) -> list:
    """The ways of a choice less those that imply another: a way exactly holding one of some pairs (a
    two-word phrase of ready words) takes in every way whose matches all hold one of them (the
    hyphenated word's parts side by side, 'open-sourc' <-> 'open' <-> 'sourc', hold 'open' <-> 'sourc').
    Dropping them matters: a way that must check word positions makes PostgreSQL check every entry
    the choice finds."""
    plans = {way: plan(_text(way), ready) for way in ways}
    exactly = {
        way: set(exact[0][0])
        for way, (exact, needed, rest) in plans.items()
        if len(exact) == 1 and not needed and not rest and not exact[0][1] and not exact[0][2]
    }
    held = set().union(*exactly.values())

    def implied(way) -> bool:
        exact, needed, _rest = plans[way]
        return way not in exactly and (
            any(all(set(choice) & held for choice in choices) for choices in needed)
            or any(not others and not compounds and set(codes) <= held for codes, others, compounds in exact)
        )

    return [way for way in ways if not implied(way)]


def _split(term, ready) -> bool:
    """Whether a required part of a query is best found as a choice of its ways, each through its own
    pairs: a choice the pairs say nothing of as a whole (a hyphenated word: 'opensourc' | 'open' <->
    'sourc'), or a phrase with a choice of phrases of different lengths in it (a synonym of several
    words: 'servic' <-> ( 'council' | 'local' <-> 'author' )), of which some way the pairs help find."""
    if term[0] == "or":
        whole = not any(plan(_text(term), ready)[:2])
    elif term[0] == "phrase":
        whole = _ways(term) is None and len(_disjuncts(term)) > 1
    else:
        return False
    return whole and any(_helped(way, ready) for way in _disjuncts(term))


def _way_sql(column: str, vector: str, way, ready) -> tuple[str, list]:
    """One way of matching a part of a query (a tree), as one SQL condition with its parameters: what
    the pairs say of it, and the text index's check of the rest."""
    conditions, params, rest = condition_sql(column, vector, _text(way), ready)
    if rest:
        conditions.append(f"{vector} @@ %s::tsquery")
        params.append(rest)
    return "(" + " AND ".join(conditions) + ")", params


def _ways_sql(
    column: str, vector: str, codes: list[int], others: str, compounds: list
) -> tuple[list[str], list]:
    """The SQL of the ways of matching a phrase that `plan` gives (`exact`), one condition each, and their
    parameters: holding one of the pairs `codes`; matching `others` (the text index checks); or, for
    each compound, holding its pairs and matching its phrase."""
    ways, params = [], []
    if codes:
        ways.append(f"{column} && %s::int[]")
        params.append(codes)
    if others:
        ways.append(f"{vector} @@ %s::tsquery")
        params.append(others)
    for compound_codes, text in compounds:
        ways.append(f"({column} @> %s::int[] AND {vector} @@ %s::tsquery)")
        params.extend([compound_codes, text])
    return ways, params


def condition_sql(
    column: str, vector: str, tsquery: str, ready: dict[str, int]
) -> tuple[list[str], list, str]:
    """The SQL conditions on `column` (the catalogue's pairs, beside its `vector`) that `plan` makes of
    `tsquery`, their parameters, and what the text index must still check.

    A required choice whose ways need different things (a hyphenated word is its joined form, or its
    parts side by side: 'opensourc' | 'open' <-> 'sourc') becomes a choice in SQL, each way with its own
    conditions and check, so that a phrase of common words among the ways is found through its pairs
    rather than by checking positions in every entry holding its words."""
    terms = None
    if ready and "<" in tsquery:
        try:
            terms = _conjuncts(_parse(_tokens(tsquery)))
        except _Unparsed:
            terms = None
    split = [term for term in terms or [] if _split(term, ready)]
    if split:
        conditions, params = [], []
        for term in split:
            ways, way_params = [], []
            for way in _needed_ways(list(dict.fromkeys(_disjuncts(term))), ready):
                way_condition, found_params = _way_sql(column, vector, way, ready)
                ways.append(way_condition)
                way_params.extend(found_params)
            conditions.append("(" + " OR ".join(ways) + ")")
            params.extend(way_params)
        kept = [term for term in terms if not any(term is other for other in split)]
        if not kept:
            return conditions, params, ""
        more, more_params, rest = condition_sql(
            column, vector, " & ".join(f"( {_text(t)} )" for t in kept), ready
        )
        return conditions + more, params + more_params, rest
    exact, needed, rest = plan(tsquery, ready)
    conditions, params = [], []
    for codes, others, compounds in exact:
        ways, way_params = _ways_sql(column, vector, codes, others, compounds)
        conditions.append(ways[0] if len(ways) == 1 else "(" + " OR ".join(ways) + ")")
        params.extend(way_params)
    for choices in needed:
        if all(len(choice) == 1 for choice in choices):
            conditions.append(f"{column} && %s::int[]")
            params.append(sorted(choice[0] for choice in choices))
        else:
            conditions.append("(" + " OR ".join(f"{column} @> %s::int[]" for _ in choices) + ")")
            params.extend(choices)
    return conditions, params, rest


# --- The words each catalogue's entries hold pairs of ------------------------------------------------


class ReadyWords(dict):
    """Ready words and their ids; `everywhere`: those every entry lists when lacking (ready too);
    `everywhere_pairs`: the codes of the pairs of them every entry lists when lacking; `held_pairs`:
    the codes of the pairs whose group of entries holding them is kept (search_heldpair)."""

    everywhere: frozenset[str] = frozenset()
    everywhere_pairs: frozenset[int] = frozenset()
    held_pairs: frozenset[int] = frozenset()


class _Ready:
    """Each catalogue's ready words, read once per process and again only when the table has changed
    (its generation comes with every parse of a query, at no extra cost)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.words: dict[str, tuple[str, ReadyWords]] = {}

    def get(self, catalogue: str, generation: str) -> ReadyWords:
        if not generation:  # never written: no word is common yet
            return ReadyWords()
        known = self.words.get(catalogue)
        if known and known[0] == generation:
            return known[1]
        with self.lock:
            with connection.cursor() as cursor:
                # The words, the pairs in half the entries and the pairs whose groups are kept, in the
                # same statement.
                cursor.execute(
                    f"SELECT 'word', lexeme, id, everywhere_ready FROM {TABLE} WHERE catalogue = %s AND ready "  # noqa: S608 - constants
                    f"UNION ALL SELECT 'common', NULL, code, true FROM {PAIRS_TABLE} WHERE catalogue = %s AND ready "
                    f"UNION ALL SELECT 'held', NULL, code, false FROM {HELD_TABLE} WHERE catalogue = %s AND ready",
                    [catalogue, catalogue, catalogue],
                )
                rows = cursor.fetchall()
            words = ReadyWords((lexeme, id_) for kind, lexeme, id_, _everywhere in rows if kind == "word")
            words.everywhere = frozenset(
                lexeme for kind, lexeme, _id, everywhere in rows if kind == "word" and everywhere
            )
            words.everywhere_pairs = frozenset(code for kind, _lexeme, code, _e in rows if kind == "common")
            words.held_pairs = frozenset(code for kind, _lexeme, code, _e in rows if kind == "held")
            self.words[catalogue] = (generation, words)
            return words


_ready = _Ready()


def ready_words(catalogue, generations: str) -> ReadyWords:
    """The catalogue's ready words and their ids, given the generations a parse read ("name=N,..."),
    which name this table's (and the common and held pairs') when it has ever been written."""
    if not catalogue.pairs_column:
        return ReadyWords()
    states = dict(part.split("=", 1) for part in generations.split(",") if "=" in part)
    if not states.get(TABLE):
        return ReadyWords()
    return _ready.get(
        catalogue.table, f"{states[TABLE]}/{states.get(PAIRS_TABLE, '')}/{states.get(HELD_TABLE, '')}"
    )


def rebuild(
    catalogue,
    *,
    share: float = SHARE,
    minimum: int = MINIMUM,
    everywhere: float = EVERYWHERE,
    held: float = HELD,
    log=None,
    vacuum: bool = False,
) -> int:
    """Add the catalogue's newly common words (the commonest first, up to MAX_WORDS in all) and give every
    entry its pairs of them; then, for a catalogue keeping packed groups, keep the group of each pair
    newly held by `held` of the entries (`track_pairs`). Returns how many words were added. Writes go on
    meanwhile (each computes its pairs with the words added), but for the filling of the new pairs'
    groups. With `vacuum`, outside a transaction, a rebuild that wrote the entries again vacuums their
    table: every entry's old row is left behind by the rewrite, and until autovacuum comes round each
    search would read past them (twice the index entries and table pages)."""
    added, rewrote = _rebuild_words(
        catalogue, share=share, minimum=minimum, everywhere=everywhere, held=held, log=log
    )
    if catalogue.lacks_column and catalogue.packed:
        track_pairs(catalogue, share=held, minimum=minimum, log=log, counted=True)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {PAIR_COUNTS}")  # (the session may be a long one)
    if rewrote and vacuum and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {catalogue.table}")
    return added


def track_pairs(
    catalogue, *, share: float = HELD, minimum: int = MINIMUM, log=None, counted: bool = False
) -> int:
    """Keep the packed group (`holds:<code>`, search_packedgroup) of each pair of common words that at
    least `share` of the entries (and `minimum`) hold side by side; returns how many pairs were added.
    With `counted`, how many hold each pair is read from PAIR_COUNTS (left by the words' rebuild) rather
    than counted again.

    A pair added is in the groups' trigger's list at once, so every write from then on keeps its group;
    the entries are then locked against writes (those under way finish first) while the group is filled
    from every entry, and the pair is marked ready in the same transaction: no search reads a group
    that is not exact."""
    table, column = catalogue.table, catalogue.pairs_column
    with connection.cursor() as cursor:
        with transaction.atomic():
            cursor.execute(f"LOCK TABLE {HELD_TABLE} IN SHARE ROW EXCLUSIVE MODE")  # one at a time
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - configuration
            threshold = max(minimum, int(cursor.fetchone()[0] * share))
            holders = (
                f"SELECT code FROM {PAIR_COUNTS} WHERE holders >= %s"  # noqa: S608 - constants
                if counted
                else f"SELECT code FROM (SELECT unnest({column}) AS code FROM {table}) AS held "  # noqa: S608
                f"GROUP BY code HAVING count(*) >= %s"
            )
            cursor.execute(
                f"INSERT INTO {HELD_TABLE} (catalogue, code, ready) SELECT %s, code, false FROM ({holders}) "  # noqa: S608
                f"AS held ON CONFLICT (catalogue, code) DO NOTHING",
                [table, threshold],
            )
            added = cursor.rowcount
        cursor.execute(f"SELECT code FROM {HELD_TABLE} WHERE catalogue = %s AND NOT ready", [table])  # noqa: S608
        waiting = sorted(code for (code,) in cursor.fetchall())
        if not waiting:
            return added
        if log:
            log(f"  filling the groups of {len(waiting)} pairs (writes wait meanwhile)")
        started = time.monotonic()
        with transaction.atomic():
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
            # Writes since the pairs were added began their groups; writes before did not: start afresh,
            # from the entries holding one of the pairs (found through the pairs' index).
            cursor.execute(
                "DELETE FROM search_packedgroup WHERE catalogue = %s AND key = ANY(%s)",
                [table, [f"holds:{code}" for code in waiting]],
            )
            cursor.execute(
                f"INSERT INTO search_packedgroup (catalogue, key, totals) "  # noqa: S608 - configuration
                f"SELECT %s, 'holds:' || code, ARRAY[{', '.join(catalogue.group_sums())}] "
                f"FROM {table} AS r CROSS JOIN LATERAL unnest(r.{column}) AS code "
                f"WHERE r.{column} && %s::int[] AND code IN (SELECT unnest(%s::int[])) GROUP BY code",
                [table, waiting, waiting],
            )
            cursor.execute(
                f"UPDATE {HELD_TABLE} SET ready = true WHERE catalogue = %s AND code = ANY(%s)",  # noqa: S608
                [table, waiting],
            )
        if log:
            log(f"  filled in {time.monotonic() - started:.0f} s")
    return added


def _rebuild_words(
    catalogue, *, share: float, minimum: int, everywhere: float, held: float, log=None
) -> tuple[int, bool]:
    """rebuild's words: how many were added, and whether the entries were written again. For a catalogue
    listing what its entries lack, it leaves how many entries hold each pair in PAIR_COUNTS (a temporary
    table, down to `held` of the entries), counted once for the pairs in half of them and for those
    whose groups are kept: which pairs those are need not be exact, only their groups."""
    table, vector, column, ids = (
        catalogue.table,
        catalogue.vector_column,
        catalogue.pairs_column,
        catalogue.id_column,
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - configuration
        entries = cursor.fetchone()[0]
        threshold = max(minimum, int(entries * share))
        vectors = f"SELECT {vector} FROM {table}"  # noqa: S608 - configuration
        with transaction.atomic():
            cursor.execute(f"LOCK TABLE {TABLE} IN SHARE ROW EXCLUSIVE MODE")  # one rebuild at a time
            cursor.execute(f"SELECT count(*) FROM {TABLE}")  # noqa: S608 - a constant
            room = MAX_WORDS - cursor.fetchone()[0]
            # How many entries hold each word, read once (a pass over every vector).
            cursor.execute("CREATE TEMP TABLE phrase_word_counts AS SELECT * FROM ts_stat(%s)", [vectors])
            # Ids stay dense (no insert is attempted and refused), so pairs fit 32 bits.
            cursor.execute(
                f"INSERT INTO {TABLE} (catalogue, lexeme, ready) "  # noqa: S608 - a constant
                f"SELECT %s, word, false FROM phrase_word_counts WHERE ndoc >= %s AND length(word) <= 255 "
                f"AND word NOT IN (SELECT lexeme FROM {TABLE} WHERE catalogue = %s) "
                f"ORDER BY ndoc DESC, word LIMIT GREATEST(%s, 0)",
                [table, threshold, table, room],
            )
            added = cursor.rowcount
            if catalogue.lacks_column:
                # Words in at least `everywhere` of the entries: each entry will list them where lacking.
                cursor.execute(
                    f"UPDATE {TABLE} SET everywhere = true WHERE catalogue = %s AND NOT everywhere "  # noqa: S608
                    f"AND lexeme IN (SELECT word FROM phrase_word_counts WHERE ndoc >= %s)",
                    [table, max(minimum, int(entries * everywhere))],
                )
                # Pairs of common words side by side in as many entries: listed where lacking too. Counted
                # from the entries' stored pairs when they hold every word's, else from their vectors.
                # The counts are kept (PAIR_COUNTS) down to `held` of the entries, for track_pairs.
                cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE catalogue = %s AND NOT ready", [table])  # noqa: S608
                source, source_params = (
                    (f"search_phrase_pairs({vector}, %s)", [table]) if cursor.fetchone()[0] else (column, [])
                )
                cursor.execute(f"DROP TABLE IF EXISTS {PAIR_COUNTS}")  # (left by a rebuild that failed)
                cursor.execute(
                    f"CREATE TEMP TABLE {PAIR_COUNTS} AS SELECT code, count(*) AS holders FROM ("  # noqa: S608
                    f"SELECT unnest({source}) AS code FROM {table}) AS held GROUP BY code HAVING count(*) >= %s",
                    [*source_params, max(minimum, int(entries * min(everywhere, held)))],
                )
                cursor.execute(
                    f"INSERT INTO {PAIRS_TABLE} (catalogue, code, ready) SELECT %s, code, false "  # noqa: S608
                    f"FROM {PAIR_COUNTS} WHERE holders >= %s ON CONFLICT (catalogue, code) DO NOTHING",
                    [table, max(minimum, int(entries * everywhere))],
                )
            cursor.execute("DROP TABLE phrase_word_counts")  # (the transaction may be part of a larger one)
        cursor.execute(
            f"SELECT count(*) FILTER (WHERE NOT ready), count(*) FILTER (WHERE everywhere AND NOT everywhere_ready) "  # noqa: S608
            f"+ (SELECT count(*) FROM {PAIRS_TABLE} WHERE catalogue = %s AND NOT ready) "
            f"FROM {TABLE} WHERE catalogue = %s",
            [table, table],
        )
        new_pairs, new_lacking = cursor.fetchone()
        if not new_pairs and not new_lacking:
            return added, False
        # Writes under way when the words were added computed their pairs without them: wait for them.
        # Every write from now on computes its pairs with every word, ready or not.
        with transaction.atomic():
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        # Only what has changed is written again: the pairs, if there are new common words; the lacking
        # words and pairs, if there are new ones in half the entries.
        # Each entry's pairs are worked out once, for both.
        sets, set_params = [], []
        if new_pairs:
            sets.append(f"{column} = found.pairs")
        if new_lacking and catalogue.lacks_column:
            sets.append(f"{catalogue.lacks_column} = search_lacking(found.vector, %s, found.pairs)")
            set_params.append(table)
        last, done = 0, 0
        while True:
            with transaction.atomic():
                cursor.execute(
                    f"UPDATE {table} SET {', '.join(sets)} FROM ("  # noqa: S608
                    f"SELECT {ids} AS id, {vector} AS vector, search_phrase_pairs({vector}, %s) AS pairs "
                    f"FROM {table} WHERE {ids} > %s ORDER BY {ids} LIMIT %s"
                    f") AS found WHERE {table}.{ids} = found.id RETURNING {table}.{ids}",
                    [*set_params, table, last, BATCH],
                )
                batch = [row[0] for row in cursor.fetchall()]
            if not batch:
                break
            last, done = max(batch), done + len(batch)
            if log:
                log(f"  {done} entries")
        cursor.execute(
            f"UPDATE {TABLE} SET ready = true, everywhere_ready = everywhere WHERE catalogue = %s "  # noqa: S608
            f"AND (NOT ready OR everywhere AND NOT everywhere_ready)",
            [table],
        )
        cursor.execute(f"UPDATE {PAIRS_TABLE} SET ready = true WHERE catalogue = %s AND NOT ready", [table])  # noqa: S608
    return added, True
