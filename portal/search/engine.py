"""Faceted full-text search over a narrow catalogue table, shared by every searchable kind of thing.

A catalogue is a table with one row per public item: a weighted `tsvector` (GIN-indexed) and the codes
each facet filters on, as plain columns or bitmasks. It is a table of its own beside the records it
describes (innovations' `CatalogueEntry`, advice's `AdviceEntry`), kept in step by the catalogue's
`refresh(ids)` on every write path, rather than columns on the records themselves, for two reasons:
what is not public (a draft, an inactive source) has no row, so no search, count or feed can show it
whatever filter someone forgets; and a pass over every entry reads a few narrow rows rather than whole
records with their long texts, which keeps facet counts fast at a million entries.

A search runs a fixed number of queries whatever the data:

0. one statement understands the words (portal.search.understanding: synonyms, hyphenated forms, the
   words to loosen or correct) and reads the generations of the tables that answer it; a result cached
   under those (portal.search.cache) is returned at once, and nothing below runs;
1. the facet counts and the total, in a single pass over the matching rows. Each facet's counts apply
   every other facet's selection but not its own, so ticking one value still shows how many items the
   other values of that facet would add (values within a facet are OR-ed, facets are AND-ed). A quoted
   phrase of common words is found through the index of the pairs of common words each entry holds
   side by side (portal.search.phrases) rather than by reading most entries' vectors. An option carried
   by a packed column (Catalogue.packed) is counted by summing that column; with nothing chosen,
   browsing reads the catalogue's totals, and a search for words or two-word phrases each in half the
   entries is counted as the totals less the entries lacking one of them (Catalogue.lacks_column).
   Triggers keep the sums over the entries lacking each such word or pair, over the entries holding
   each pair of common words side by side in a fiftieth of the entries (search_heldpair), and over the
   entries with each packed option (search_packedgroup), so one such word or phrase, or browsing with
   one option chosen, reads a row or two rather than counting (a phrase's other ways of matching, a
   spelling or a synonym, add the few entries matching them without holding the pair). Browsing with options of two facets or more chosen counts
   only the entries meeting all of them but one, found through an index of each entry's options
   (Catalogue.options_column); with one option in each of two facets, those facets' counts are the
   groups of each other's option and only the entries with both are read;
2. the ids of one page of results. Relevance ranking (`ts_rank`) reads each candidate's whole search
   vector, so it is bounded: when a query matches more than `rank_cap` items, the `rank_cap` strongest
   (by the catalogue's tie-break order) are ranked by relevance and the rest follow in tie-break order.
   The candidates come through the text index or by walking the catalogue in order, whichever reads
   less (is_selective: narrow rows of every match, or the vectors of the entries walked past);
3. (by the caller, with `rows_for_ids`) the rows to display, for those ids only, with the words that
   matched marked in the text each card shows.

Everything a user types reaches SQL as a parameter; column names and SQL fragments come only from the
catalogue's configuration in code.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from django.http import QueryDict
from django.utils.html import escape
from django.utils.safestring import mark_safe

from portal.search import cache, phrases
from portal.search.understanding import corrected_text, parse, parse_many

PAGE_SIZE = 20
# Packed counts: each option's count in PACK_BITS bits of a bigint sum, PACK_SLOTS options a column; a
# search matching PACK_LIMIT rows or more is counted with a condition per option instead.
PACK_BITS = 21
PACK_SLOTS = 3
PACK_LIMIT = 1 << PACK_BITS
# Walking the catalogue in an order and reading each entry's search vector (stored out of line) costs
# about this many times reading a matching entry's narrow row through the text index: see is_selective.
VECTOR_COST = 10
# When some of the words will do, the entries holding every word and this many of the others (the
# strongest by tie-break order) are ranked by how many of the words they hold: each is read whole.
ANY_WORDS_CANDIDATES = 300


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    bit: int | None = None  # for bitmask facets: the option's bit position


def bit_options(choices) -> list[tuple[str, str, int]]:
    """Options for a bitmask facet over a fixed code list: each code's bit is its place in the list."""
    return [(code, label, bit) for bit, (code, label) in enumerate(choices.choices)]


class Facet:
    """One filter of a catalogue. Subclasses say how a row matches one option or a set of options."""

    def __init__(
        self,
        name: str,
        label: str,
        options: Sequence[tuple] | Callable[[], Sequence[tuple]],
        *,
        invalid: str = "",
        hints: Mapping | None = None,
    ):
        self.name = name
        self.label = label
        self._options = options
        self.static = not callable(options)  # options fixed in code (packed counts may carry them)
        # A line under an option where it is chosen, saying what it means ("Evidence gathered that it
        # works"), by option value.
        self.hints = {str(value): text for value, text in (hints or {}).items()}
        # How an unknown value is named in the error: "“9” is not a known {invalid}".
        self.invalid = invalid or f"value for {label.lower()}"

    def options(self) -> list[FacetOption]:
        raw = self._options() if callable(self._options) else self._options
        return [item if isinstance(item, FacetOption) else FacetOption(*item) for item in raw]

    def resolved(self) -> Facet:
        """This facet with its options read now (a curated list is read from the database once)."""
        facet = copy.copy(self)
        facet._options = self.options()
        return facet

    def columns(self) -> list[str]:
        """The catalogue columns this facet reads by name (checked at start-up); none for a condition."""
        return []

    def match_any(self, options: list[FacetOption]) -> tuple[str, list]:
        raise NotImplementedError

    def match_one(self, option: FacetOption) -> tuple[str, list]:
        return self.match_any([option])

    # Packed counts (see Catalogue.packed): the options whose counts a stored column can carry, each by
    # a key fixed in code, with the condition (SQL of constants only) a row meets to be counted for it.
    def pack_keys(self) -> list:
        return []

    def pack_key(self, option: FacetOption):
        return option.value

    def pack_condition(self, key) -> str:
        raise NotImplementedError


def _literal(value) -> str:
    return str(int(value)) if isinstance(value, int) else "'" + str(value).replace("'", "''") + "'"


class ColumnFacet(Facet):
    """A facet on a single-valued column (a code or a number)."""

    def __init__(self, name, label, options, *, column: str, cast: type = str, **kwargs):
        super().__init__(name, label, options, **kwargs)
        self.column = column
        self.cast = cast

    def columns(self):
        return [self.column]

    def match_any(self, options):
        return f"{self.column} = ANY(%s)", [[self.cast(o.value) for o in options]]

    def match_one(self, option):
        return f"{self.column} = %s", [self.cast(option.value)]

    def pack_keys(self):
        return [o.value for o in self.options()] if self.static else []

    def pack_condition(self, key):
        return f"{self.column} = {_literal(self.cast(key))}"


class BitFacet(Facet):
    """A facet on a many-valued field stored as a bitmask (themes, policy areas). `packed_bits`: for a
    curated list, how many of its first bits packed counts carry (by bit, whatever option holds it)."""

    def __init__(self, name, label, options, *, column: str, packed_bits: int = 0, **kwargs):
        super().__init__(name, label, options, **kwargs)
        self.column = column
        self.packed_bits = packed_bits

    def pack_keys(self):
        if self.packed_bits:
            return list(range(self.packed_bits))
        return [o.bit for o in self.options()] if self.static else []

    def pack_key(self, option):
        return option.bit

    def pack_condition(self, key):
        return f"({self.column} & {1 << int(key)}) <> 0"

    def columns(self):
        return [self.column]

    def match_any(self, options):
        mask = 0
        for option in options:
            mask |= 1 << option.bit
        return f"({self.column} & %s) <> 0", [mask]


class FlagFacet(Facet):
    """A yes-only facet defined by a condition on the row (for example "adopted elsewhere")."""

    def __init__(self, name, label, option_label: str, *, condition: str, **kwargs):
        super().__init__(name, label, [("yes", option_label)], **kwargs)
        self.condition = condition

    def match_any(self, options):
        return f"({self.condition})", []

    def pack_keys(self):
        return ["yes"]

    def pack_condition(self, key):
        return f"({self.condition})"


@dataclass(frozen=True)
class Sort:
    value: str
    label: str
    order_by: str  # SQL ORDER BY list over catalogue columns, ending in the id for a stable order


_ORDER_WORDS = {"asc", "desc", "nulls", "first", "last"}


@dataclass
class Catalogue:
    """The configuration of one searchable catalogue table."""

    table: str
    id_column: str
    vector_column: str
    facets: list[Facet]
    sorts: list[Sort]  # the first is the default ("relevance": ranked when there is a query)
    tie_break: str  # ORDER BY for equal relevance, for choosing ranking candidates, and with no query
    text_config: str = "english"
    rank_cap: int = 1000
    # One text per public entry among %(ids)s, the words spelling suggestions are drawn from (SQL in the
    # catalogue's configuration; see portal.search.vocabulary.words_add).
    words_sql: str = ""
    # An int[] column holding each entry's pairs of common words side by side (portal.search.phrases), so
    # that a quoted phrase of common words reads only the entries holding it; "" for a small catalogue.
    pairs_column: str = ""
    # The prefix of stored columns (generated from the facet columns: see packed_columns) that carry each
    # entry's facet options as bits of a few numbers, so that counting every option over the matching
    # rows is a few sums rather than a condition per option; "" to count with conditions alone.
    packed: str = ""
    # Tables a search page is made from besides the search table (curated option lists), whose writes
    # must reach a whole page kept for visitors without cookies (portal.search.pages.whole_page_cached).
    option_tables: tuple[str, ...] = ()
    # An int[] column listing the words in at least half the entries that each entry lacks (with packed
    # counts and their totals, search_packedtotal), so that a search for such words is counted through
    # the entries it does not match; "" for a small catalogue.
    lacks_column: str = ""
    # A GIN-indexed int[] column generated from the facet columns: the code of each packed option the
    # entry has (option_codes), so that browsing with options of two facets or more chosen reads only
    # the entries meeting all chosen facets but one, found through the index, rather than every entry.
    options_column: str = ""

    def facet(self, name: str) -> Facet:
        return next(f for f in self.facets if f.name == name)

    def sort(self, value: str) -> Sort:
        return next(s for s in self.sorts if s.value == value)

    def resolved(self) -> Catalogue:
        """This catalogue with every facet's options read once, for a form and a search to share."""
        return replace(self, facets=[facet.resolved() for facet in self.facets])

    def packed_columns(self) -> list[tuple[str, str, list]]:
        """The packed count columns: (column, facet name, the keys of its options, PACK_SLOTS at most)."""
        if not self.packed:
            return []
        found = []
        for facet in self.facets:
            keys = facet.pack_keys()
            for start in range(0, len(keys), PACK_SLOTS):
                found.append(
                    (
                        f"{self.packed}_{facet.name}_{start // PACK_SLOTS}",
                        facet.name,
                        keys[start : start + PACK_SLOTS],
                    )
                )
        return found

    def packed_sql(self) -> dict[str, str]:
        """Each packed column's generated expression, for the migration that adds them (a test checks
        the table's columns hold what this says)."""
        expressions = {}
        for column, name, keys in self.packed_columns():
            facet = self.facet(name)
            expressions[column] = " + ".join(
                f"(CASE WHEN {facet.pack_condition(key)} THEN {1 << (PACK_BITS * slot)} ELSE 0 END)::bigint"
                for slot, key in enumerate(keys)
            )
        return expressions

    def option_codes(self) -> dict[tuple[str, object], int]:
        """(facet name, key): the option's code in the options column, 1 for the first packed option."""
        return {place: code for code, place in enumerate(self.packed_slots(), start=1)}

    def options_sql(self) -> str:
        """The options column's generated expression, for the migration that adds it (a test checks the
        table's column holds what this says)."""
        codes = ", ".join(
            f"CASE WHEN {self.facet(name).pack_condition(key)} THEN {code} END"
            for (name, key), code in self.option_codes().items()
        )
        return f"array_remove(ARRAY[{codes}], NULL)"

    def group_sums(self, weight: str = "") -> list[str]:
        """The sums a packed group keeps over rows `r`, each row counted `weight` times (SQL: -1 takes
        rows away; once when empty): how many, then each packed column's sum."""
        columns = [column for column, _name, _keys in self.packed_columns()]
        if not weight:
            return ["count(*)::numeric", *(f"COALESCE(sum(r.{c}), 0)" for c in columns)]
        return [f"sum({weight})::numeric", *(f"COALESCE(sum({weight} * r.{c}), 0)" for c in columns)]

    def groups_sql(self) -> dict[str, str]:
        """SQL keeping the packed groups (search_packedgroup) of this catalogue, for its migration (a
        test checks the installed trigger says what this says): `function`, the trigger function adding
        each written statement's rows to the groups they are in and taking away those they leave;
        `fill`, the groups of the rows already there; `triggers` and `remove`. (An update writes only
        the groups whose sums it changes.)"""
        table, function = self.table, f"{self.table}_groups"
        options = ", ".join(
            f"('{column}:{slot}', (r.{column} >> {PACK_BITS * slot}) & {PACK_LIMIT - 1})"
            for column, _name, keys in self.packed_columns()
            for slot in range(len(keys))
        )

        # The pairs of common words whose groups are kept (search_heldpair): one hashed list per statement.
        held = (
            f"UNION ALL SELECT 'holds:' || code FROM unnest(r.{self.pairs_column}) AS code "
            f"WHERE code IN (SELECT h.code FROM search_heldpair AS h WHERE h.catalogue = '{table}') "
            if self.pairs_column
            else ""
        )

        def added(rows: str, sums: str, having: str = "") -> str:
            return (
                f"INSERT INTO search_packedgroup (catalogue, key, totals) SELECT '{table}', g.key, "
                f"ARRAY[{sums}] FROM {rows} AS r CROSS JOIN LATERAL ("
                f"SELECT 'lacks:' || code FROM unnest(r.{self.lacks_column}) AS code {held}"
                f"UNION ALL SELECT o.key FROM (VALUES {options}) AS o(key, n) WHERE o.n > 0"
                f") AS g(key) GROUP BY g.key {having}"
                f"ON CONFLICT (catalogue, key) DO UPDATE SET totals = ARRAY(SELECT t + d FROM "
                f"unnest(search_packedgroup.totals, EXCLUDED.totals) WITH ORDINALITY AS x(t, d, n) ORDER BY n)"
            )

        # An update: each group changes by its new rows' sums less its old rows', written only where
        # that is not nothing (an entry edited but left in the same groups changes none of them).
        changes = self.group_sums("r.group_sign")
        updated = added(
            "(SELECT 1 AS group_sign, n.* FROM new_rows AS n UNION ALL SELECT -1, o.* FROM old_rows AS o)",
            ", ".join(changes),
            "HAVING " + " OR ".join(f"{change} <> 0" for change in changes) + " ",
        )

        triggers = [
            ("insert", "INSERT", "REFERENCING NEW TABLE AS new_rows "),
            ("update", "UPDATE", "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "),
            ("delete", "DELETE", "REFERENCING OLD TABLE AS old_rows "),
            ("truncate", "TRUNCATE", ""),
        ]
        return {
            "function": (
                f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                f"BEGIN\n"
                f"    IF TG_OP = 'TRUNCATE' THEN\n"
                f"        DELETE FROM search_packedgroup WHERE catalogue = '{table}';\n"
                f"        RETURN NULL;\n"
                f"    END IF;\n"
                f"    IF TG_OP = 'INSERT' THEN\n        {added('new_rows', ', '.join(self.group_sums()))};\n"
                f"    ELSIF TG_OP = 'DELETE' THEN\n        {added('old_rows', ', '.join(self.group_sums('-1')))};\n"
                f"    ELSE\n        {updated};\n    END IF;\n"
                f"    RETURN NULL;\n"
                f"END $$"
            ),
            "fill": f"DELETE FROM search_packedgroup WHERE catalogue = '{table}'; "
            f"{added(table, ', '.join(self.group_sums()))}",
            "triggers": "; ".join(
                f"CREATE TRIGGER {table}_groups_{name} AFTER {event} ON {table} {referencing}"
                f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
                for name, event, referencing in triggers
            ),
            "remove": "; ".join(
                [
                    *(
                        f"DROP TRIGGER IF EXISTS {table}_groups_{name} ON {table}"
                        for name, _e, _r in triggers
                    ),
                    f"DROP FUNCTION IF EXISTS {function}()",
                    f"DELETE FROM search_packedgroup WHERE catalogue = '{table}'",
                ]
            ),
        }

    def packed_slots(self) -> dict[tuple[str, object], tuple[str, int]]:
        """(facet name, key): (column, slot)."""
        return {
            (name, key): (column, slot)
            for column, name, keys in self.packed_columns()
            for slot, key in enumerate(keys)
        }

    def columns(self) -> set[str]:
        """Every column the configuration names: ids, vector, facets and the columns sorts order by (the
        columns generated from these, packed counts and options, are checked against their migrations
        by tests)."""
        names = {self.id_column, self.vector_column} | {
            c for c in [self.pairs_column, self.lacks_column] if c
        }
        for facet in self.facets:
            names.update(facet.columns())
        for order_by in [self.tie_break, *(s.order_by for s in self.sorts)]:
            names.update(_order_columns(order_by))
        return names

    def page_columns(self, order_by: str) -> str:
        """The columns a page of ids is chosen and ranked by (the id, the vector and the columns of the
        tie-break and of `order_by`), so that the rows sorted for it are narrow."""
        names = [
            self.id_column,
            self.vector_column,
            *_order_columns(self.tie_break),
            *_order_columns(order_by),
        ]
        return ", ".join(dict.fromkeys(names))


def _order_columns(order_by: str) -> list[str]:
    return [w for w in re.findall(r"[a-z_][a-z0-9_]*", order_by.lower()) if w not in _ORDER_WORDS]


@dataclass
class SearchQuery:
    """What to search for, typed: internal callers build one directly; only the page and API views
    make one out of URL parameters (portal.search.forms)."""

    q: str = ""
    selected: dict[str, list[str]] = field(default_factory=dict)  # facet name -> selected option values
    sort: str = "relevance"
    page: int = 1
    # "all": only entries with every word, as typed (no fallback to some of the words, no correction).
    match: str = ""

    def params(self, catalogue: Catalogue) -> QueryDict:
        """The URL parameters of the catalogue's search page that show this search (page 1 left out)."""
        params = QueryDict(mutable=True)
        if self.q:
            params["q"] = self.q
        for facet in catalogue.facets:
            if self.selected.get(facet.name):
                params.setlist(facet.name, list(self.selected[facet.name]))
        if self.sort != catalogue.sorts[0].value:
            params["sort"] = self.sort
        if self.match:
            params["match"] = self.match
        if self.page > 1:
            params["page"] = str(self.page)
        return params


@dataclass
class FacetCount:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResult:
    total: int
    ids: list[int]
    facets: dict[str, list[FacetCount]]
    page: int
    num_pages: int
    tsquery: str  # the parsed query, '' when there is none (or it was only stop words)
    page_out_of_range: bool = False
    # How the words were met: "all" of them; "any" (too few entries hold them all, so those holding
    # some are shown too, the most words first); "corrected" (nothing held the words as typed, and
    # `searched_for`, with the spelling corrected, found these).
    mode: str = "all"
    searched_for: str = ""  # the words searched for, when corrected
    words: list[str] = field(default_factory=list)  # the plain words typed, for the "some of" message
    all_words_total: int = 0  # in "any" mode: how many entries hold every word
    # The key this result is cached under ('' when results are not cached); a search page's rendered
    # results are cached under it too (portal.search.cache.fragment_key).
    cache_key: str = ""

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


@dataclass(frozen=True)
class _Ranking:
    """How results are ranked when some of the words will do: those holding every word first, then by
    how many of the words they hold, then by the text-search rank."""

    strict: str
    terms: list[str]


def run_search(
    catalogue: Catalogue, query: SearchQuery, *, page_size: int = PAGE_SIZE, with_facets: bool = True
) -> SearchResult:
    """Facet counts, total and one page of ids for `query` (see the module docstring). Without facets
    (a summary of matches, say) the first query counts the total alone, and `facets` is empty.

    When fewer entries than a page of the website hold every word (whatever `page_size` the caller
    reads, so the page, its feed, its alerts and the API agree), the search is widened: if nothing holds
    the words as typed and the spelling of some of them can be corrected from the catalogues' own
    words to find something, the corrected words are searched; and if still too few hold every word,
    entries holding some of them are shown too, ranked after those holding all. Quoted phrases and
    `-exclusions` keep their strict meaning throughout. `match="all"` turns both off."""
    # One statement understands the words and reads the generations that key the cache of results.
    generations = [catalogue.table, cache.RULES_TABLE] + (
        [phrases.TABLE, phrases.PAIRS_TABLE, phrases.HELD_TABLE] if catalogue.pairs_column else []
    )
    parsed = parse(query.q, config=catalogue.text_config, generations=generations)
    cache_key = cache.key(
        table=catalogue.table, generation=parsed.generation, vocabulary=parsed.vocabulary if parsed.unknown else 0,
        query=query, page_size=page_size, with_facets=with_facets,
    )  # fmt: skip
    cached = cache.get(cache_key)
    if cached is not None:
        return cached
    # A word no catalogue holds may need correcting: understood now, before the search's transaction
    # turns sequential scans off (which the rewrite rules' own little query would suffer from).
    corrected = corrected_text(parsed) if parsed.unknown and query.match != "all" else None
    reparsed = parse(corrected, config=catalogue.text_config) if corrected else None
    with transaction.atomic():
        found = _search(
            catalogue, query, parsed, page_size=page_size, with_facets=with_facets, reparsed=reparsed,
            ready=phrases.ready_words(catalogue, parsed.generation),
        )  # fmt: skip
    if cache.enabled():
        found.cache_key = cache_key
        cache.put(cache_key, found)
    return found


def _search(
    catalogue,
    query: SearchQuery,
    parsed,
    *,
    page_size: int,
    with_facets: bool,
    reparsed=None,
    ready=None,
) -> SearchResult:
    """run_search's work when the cache cannot answer, in one transaction."""
    if parsed.strict:
        # The planner prices a text match as cheap, so for a query matching most of the catalogue it
        # prefers a sequential scan that reads (detoasts) every search vector: hundreds of megabytes at
        # scale. The GIN index answers the match exactly without reading them; make the planner use it.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
    counted = catalogue.facets if with_facets else []
    options = _options(catalogue, query, counted)
    chosen = _chosen(catalogue, options, query)

    tsquery = parsed.strict
    total, facets, size, matched = _count(catalogue, tsquery, chosen, options, counted, ready)
    mode, searched_for, ranking, all_words_total = "all", "", None, total
    if tsquery and query.match != "all" and total < PAGE_SIZE:
        if total == 0 and reparsed is not None and reparsed.strict:
            found = _count(catalogue, reparsed.strict, chosen, options, counted, ready)
            if found[0]:
                parsed, tsquery, searched_for = reparsed, reparsed.strict, reparsed.text
                total, facets, size, matched = found
                all_words_total = total
        if total < PAGE_SIZE and parsed.loose:
            found = _count(catalogue, parsed.loose, chosen, options, counted, ready)
            if found[0] > total:
                tsquery, mode, ranking = parsed.loose, "any", _Ranking(parsed.strict, parsed.terms)
                total, facets, size, matched = found

    def result(ids, **extra) -> SearchResult:
        return SearchResult(
            total, ids, facets, query.page, num_pages, tsquery, mode=mode, searched_for=searched_for,
            words=parsed.words, all_words_total=all_words_total, **extra,
        )  # fmt: skip

    num_pages = max(1, math.ceil(total / page_size))
    if query.page > num_pages:
        found = result([], page_out_of_range=True)
    else:
        ids = _page_ids(
            catalogue,
            query,
            tsquery,
            chosen,
            page_size,
            matched=matched,
            meeting=total,
            size=size,
            ranking=ranking,
            ready=ready,
        )
        found = result(ids)
    return found


# A group's sums (search_packedgroup), by catalogue and key; NULL when no entry is in the group.
_GROUP_SQL = "(SELECT totals FROM search_packedgroup WHERE catalogue = %s AND key = %s)"


def _size_sql(catalogue) -> str:
    """The planner's estimate of the catalogue's size, to come with the counts (no extra round trip)."""
    return f"(SELECT reltuples FROM pg_class WHERE oid = '{catalogue.table}'::regclass)"


def _packed_sums(catalogue) -> tuple[list[str], str]:
    """The names and the SQL of the sums a group keeps: the entries' number, then each packed column."""
    columns = [column for column, _name, _keys in catalogue.packed_columns()]
    return ["rows", *columns], ", ".join(["count(*)", *(f"sum({column})" for column in columns)])


def _named(names: list[str], sums) -> dict[str, int]:
    """A group's sums by name (all nought for a group no entry is in, which has no row)."""
    return dict(zip(names, [int(n or 0) for n in sums or [0] * len(names)], strict=True))


def _packed_places(catalogue, counted, options: dict) -> list[tuple[str, int] | None]:
    """Each counted option's packed column and slot, in order (None for one no packed column carries)."""
    slots = catalogue.packed_slots()
    return [
        slots.get((facet.name, facet.pack_key(option))) for facet in counted for option in options[facet.name]
    ]


def _count(
    catalogue, tsquery: str, chosen: dict, options: dict, counted, ready=None, *, packed: bool = True
) -> tuple[int, dict, float, int]:
    """The total, each counted facet's counts, the planner's estimate of the catalogue's size and how
    many entries match the words whatever is chosen (at least: with two facets chosen, those failing
    both are not counted), in one pass over the rows matching `tsquery` (see the module docstring). An
    option a packed column carries is counted by summing that column (with the other facets' selections
    applied), its count read from its bits; any other by a condition of its own."""
    held = (
        phrases.held_split(catalogue.pairs_column, catalogue.vector_column, tsquery, ready)
        if packed and catalogue.lacks_column and tsquery and ready and not any(chosen.values())
        else None
    )
    if held is not None:
        # A phrase of two common words whose group is kept: that group's sums, read whole, and those of
        # the few entries matching the phrase another way (a synonym, a spelling), read row by row.
        code, others, others_params = held
        found = _count_group(catalogue, f"holds:{code}", chosen, options, counted, (others, others_params))
        if found is not None:
            return found
    if packed and catalogue.lacks_column and (not tsquery or getattr(ready, "everywhere", None)):
        # A search for words (or two-word phrases) in half the entries or more, or browsing.
        found = _count_through_complement(catalogue, tsquery, chosen, options, counted, ready)
        if found is None and not tsquery and catalogue.options_column:
            found = _count_two_options(catalogue, chosen, options, counted)
        if found is not None:
            return found
    selected_facets = [f.name for f in catalogue.facets if chosen[f.name]]
    where, where_params = _text_match(catalogue, tsquery, ready) if tsquery else ("TRUE", [])
    if not tsquery and catalogue.options_column and len(selected_facets) > 1:
        where, where_params = _all_but_one(catalogue, chosen) or (where, where_params)

    # One boolean per facet with a selection, computed once per row in the inner query.
    match_columns, match_params = [], []
    for facet in catalogue.facets:
        if chosen[facet.name]:
            sql, params = facet.match_any(chosen[facet.name])
            match_columns.append(f"({sql}) AS m_{facet.name}")
            match_params.extend(params)

    # The rows are grouped by which selected facets they meet (a few groups), each group summing every
    # packed column and counting every other option once; each facet's counts are then the sums over
    # the groups meeting every other facet's selection (cheaper than a filter per sum on every row).
    aggregates, aggregate_params = ["count(*)"], []
    slots = catalogue.packed_slots() if packed else {}
    sums: dict[str, int] = {}  # packed column: its aggregate's place
    # Per counted option: (its facet, the aggregate's place, its slot or None).
    places: list[tuple[str, int, int | None]] = []
    for facet in counted:
        for option in options[facet.name]:
            packed_in = slots.get((facet.name, facet.pack_key(option)))
            if packed_in:
                column, slot = packed_in
                if column not in sums:
                    sums[column] = len(aggregates)
                    aggregates.append(f"sum({column})")
                places.append((facet.name, sums[column], slot))
            else:
                sql, params = facet.match_one(option)
                places.append((facet.name, len(aggregates), None))
                aggregates.append(f"count(*) FILTER (WHERE {sql})")
                aggregate_params.extend(params)

    # Rows failing two or more selected facets count nowhere; leave them out before aggregating.
    prefilter = ""
    if len(selected_facets) > 1:
        prefilter = (
            " WHERE " + " + ".join(f"m_{n}::int" for n in selected_facets) + f" >= {len(selected_facets) - 1}"
        )
    inner_columns = ", ".join(["*", *match_columns]) if match_columns else "*"
    groups = [f"m_{name}" for name in selected_facets]
    # The inner query names each facet's match once; PostgreSQL flattens it into one scan, which it
    # can split across parallel workers on a large catalogue. The planner's estimate of the catalogue's
    # size comes with the counts (no extra round trip), in a row of its own when nothing matches.
    facet_sql = (
        f"SELECT s.size, row_by_row.* FROM (SELECT {_size_sql(catalogue)} AS size) "
        f"AS s LEFT JOIN LATERAL (SELECT {', '.join([*groups, *aggregates])} FROM ("
        f"SELECT {inner_columns} FROM {catalogue.table} WHERE {where}"
        f") AS matched{prefilter}{' GROUP BY ' + ', '.join(groups) if groups else ''}) AS row_by_row ON TRUE"
    )
    with connection.cursor() as cursor:
        cursor.execute(facet_sql, [*aggregate_params, *match_params, *where_params])
        rows = cursor.fetchall()

    size = rows[0][0]
    grouped = [
        (dict(zip(selected_facets, row[1 : 1 + len(groups)], strict=True)), row[1 + len(groups) :])
        for row in rows
    ]
    grouped = [(meets, values) for meets, values in grouped if values[0]]  # (no match: no group)

    def summed(place: int, facet_name: str | None) -> int:
        """An aggregate summed over the groups meeting every selected facet but `facet_name`'s."""
        return sum(
            int(values[place] or 0)
            for meets, values in grouped
            if all(met for name, met in meets.items() if name != facet_name)
        )

    matched = sum(int(values[0]) for _meets, values in grouped)
    if sums and matched >= PACK_LIMIT:
        return _count(catalogue, tsquery, chosen, options, counted, ready, packed=False)
    total = summed(0, None)
    found = (
        _unpacked(summed(place, name), slot) if slot is not None else summed(place, name)
        for name, place, slot in places
    )
    return total, _facet_counts(counted, options, chosen, found), size, matched


def _count_group(catalogue, key: str, chosen, options, counted, besides: tuple[str, list] = ("FALSE", [])):
    """With nothing chosen, the counts of the entries of one packed group (search_packedgroup), its sums
    read whole, and of the entries meeting the condition `besides` (none of them in the group), read
    row by row. None when a counted option has no packed column."""
    places = _packed_places(catalogue, counted, options)
    if not all(places):
        return None
    names, sums_sql = _packed_sums(catalogue)
    condition, params = besides
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_GROUP_SQL}, {_size_sql(catalogue)}, c.* FROM ("  # noqa: S608 - configuration
            f"SELECT {sums_sql} FROM {catalogue.table} WHERE {condition}) AS c",
            [catalogue.table, key, *params],
        )
        group, size, *rows = cursor.fetchone()
    kept, besides_sums = _named(names, group), _named(names, rows)
    sums = {name: kept[name] + besides_sums[name] for name in names}
    total = sums["rows"]
    if total >= PACK_LIMIT:
        return None
    found = (_unpacked(sums[column], slot) for column, slot in places)
    return total, _facet_counts(counted, options, chosen, found), size, total


def _count_two_options(catalogue, chosen, options, counted):
    """Browsing with one packed option chosen in each of two facets: each of those facets counts the
    entries with the other's option (that option's group, search_packedgroup), and every other facet
    the entries with both, found through the options column's index. None when that cannot answer."""
    picked = [(facet, chosen[facet.name]) for facet in catalogue.facets if chosen[facet.name]]
    if len(picked) != 2 or any(len(values) != 1 for _facet, values in picked):
        return None
    slots, codes = catalogue.packed_slots(), catalogue.option_codes()
    places = _packed_places(catalogue, counted, options)
    keys = [(facet.name, facet.pack_key(option)) for facet, (option,) in picked]
    if not all(places) or not all(key in slots for key in keys):
        return None
    names, sums = _packed_sums(catalogue)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_GROUP_SQL}, {_GROUP_SQL}, {_size_sql(catalogue)}, c.* FROM ("  # noqa: S608 - configuration
            f"SELECT {sums} FROM {catalogue.table} WHERE {catalogue.options_column} @> %s::int[]) AS c",
            [
                *(value for key in keys for value in (catalogue.table, "{}:{}".format(*slots[key]))),
                [codes[key] for key in keys],
            ],
        )
        first, second, size, *both = cursor.fetchone()
    with_first, with_second, with_both = (_named(names, values) for values in (first, second, both))
    by_facet = {picked[0][0].name: with_second, picked[1][0].name: with_first}
    owners = [facet.name for facet in counted for _option in options[facet.name]]
    found = (
        _unpacked(by_facet.get(owner, with_both)[column], slot)
        for owner, (column, slot) in zip(owners, places, strict=True)
    )
    total = with_both["rows"]
    return total, _facet_counts(counted, options, chosen, found), size, total


def _all_but_one(catalogue, chosen: dict) -> tuple[str, list] | None:
    """Browsing with options of several facets chosen: the condition, answered by the options column's
    index, for the entries meeting every chosen facet but one at most (no other entry counts anywhere);
    None when a chosen option has no code there."""
    codes = catalogue.option_codes()
    picked = []
    for facet in catalogue.facets:
        if chosen[facet.name]:
            wanted = [codes.get((facet.name, facet.pack_key(option))) for option in chosen[facet.name]]
            if not all(wanted):
                return None
            picked.append(wanted)
    ways, params = [], []
    for left_out in range(len(picked)):
        kept = [wanted for place, wanted in enumerate(picked) if place != left_out]
        ways.append("(" + " AND ".join(f"{catalogue.options_column} && %s::int[]" for _ in kept) + ")")
        params.extend(kept)
    return " OR ".join(ways), params


def _count_through_complement(catalogue, tsquery, chosen, options, counted, ready):
    """For a search of words or two-word phrases each in at least half the entries, with nothing chosen:
    the counts of every entry (kept by triggers, search_packedtotal) less those of the entries lacking
    one of them; for one such word or phrase, the sums over the entries lacking it are kept too
    (search_packedgroup), and for several the entries lacking one are found by their list of what they
    lack (portal.search.phrases). Browsing with nothing chosen is the counts of every entry; with one
    packed option chosen, its facet's counts are those of every entry and the others' those of the
    entries with the option (search_packedgroup). None when that cannot answer."""
    codes = phrases.lacking_codes(tsquery, ready) if tsquery else []
    picked = [(facet, chosen[facet.name]) for facet in catalogue.facets if chosen[facet.name]]
    if codes is None or (picked and (codes or len(picked) > 1 or len(picked[0][1]) > 1)):
        return None
    slots = catalogue.packed_slots()
    places = _packed_places(catalogue, counted, options)
    if not all(places):
        return None
    lacks_key = f"lacks:{codes[0]}" if len(codes) == 1 else ""
    option_key = ""
    if picked:
        facet, (option,) = picked[0]
        slot = slots.get((facet.name, facet.pack_key(option)))
        if not slot:
            return None
        option_key = f"{slot[0]}:{slot[1]}"
    names, sums = _packed_sums(catalogue)
    columns = names[1:]
    # Several words or phrases: the entries lacking one of them, read through the list's index. One, or
    # none: at most two groups' sums, read whole.
    lacking, lacking_params = (
        (f"{catalogue.lacks_column} && %s::int[]", [codes]) if len(codes) > 1 else ("FALSE", [])
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.names, t.totals, {_GROUP_SQL}, {_GROUP_SQL}, {_size_sql(catalogue)}, c.* FROM ("  # noqa: S608 - configuration
            f"SELECT {sums} FROM {catalogue.table} WHERE {lacking}) AS c "
            f"LEFT JOIN search_packedtotal AS t ON t.catalogue = %s",
            [
                catalogue.table, lacks_key, catalogue.table, option_key,
                *lacking_params, catalogue.table,
            ],
        )  # fmt: skip
        kept_names, kept_totals, lacking_group, option_group, size, *lacking_sums = cursor.fetchone()
    every = dict(zip(kept_names or [], kept_totals or [], strict=True))
    if "rows" not in every or any(column not in every for column in columns):
        return None
    if lacking_group is not None:  # (none when no entry lacks the word: nothing is taken away)
        lacking_sums = lacking_group
    everywhere = {
        name: int(every[name]) - int(part or 0) for name, part in zip(names, lacking_sums, strict=True)
    }
    # With an option chosen, its own facet counts every entry and the others the entries with it.
    with_option = _named(names, option_group)
    total = with_option["rows"] if picked else everywhere["rows"]
    if total >= PACK_LIMIT:
        return None
    owners = [facet.name for facet in counted for _option in options[facet.name]]
    found = (
        _unpacked((with_option if picked and owner != picked[0][0].name else everywhere)[column], slot)
        for owner, (column, slot) in zip(owners, places, strict=True)
    )
    return total, _facet_counts(counted, options, chosen, found), size, total


def _unpacked(value, slot: int) -> int:
    """One option's count from a packed sum (see PACK_BITS)."""
    return (int(value or 0) >> (PACK_BITS * slot)) & (PACK_LIMIT - 1)


def _facet_counts(counted, options: dict, chosen: dict, found) -> dict[str, list[FacetCount]]:
    """Each counted facet's options with their counts, taken in order from `found`."""
    found = iter(found)
    facets: dict[str, list[FacetCount]] = {}
    for facet in counted:
        chosen_values = {o.value for o in chosen[facet.name]}
        facets[facet.name] = [
            FacetCount(o.value, o.label, next(found), o.value in chosen_values) for o in options[facet.name]
        ]
    return facets


def _text_match(catalogue, tsquery: str, ready=None) -> tuple[str, list]:
    """The condition for the items matching the text query. A phrase of common words is found through
    the pairs of them every match holds (portal.search.phrases), which the pairs' index finds at once;
    the text index checks what the pairs do not settle."""
    conditions, params, rest = [], [], tsquery
    if catalogue.pairs_column and ready:
        conditions, params, rest = phrases.condition_sql(
            catalogue.pairs_column, catalogue.vector_column, tsquery, ready
        )
    if rest:
        conditions.append(f"{catalogue.vector_column} @@ %s::tsquery")
        params.append(rest)
    return " AND ".join(conditions), params


def _where(catalogue, tsquery: str, chosen: dict, ready=None) -> tuple[str, list]:
    """The condition for the items matching the text query and every facet's chosen options."""
    conditions, params = [], []
    if tsquery:
        sql, text_params = _text_match(catalogue, tsquery, ready)
        conditions.append(sql)
        params.extend(text_params)
    for facet in catalogue.facets:
        if chosen[facet.name]:
            sql, facet_params = facet.match_any(chosen[facet.name])
            conditions.append(sql)
            params.extend(facet_params)
    return " AND ".join(conditions) or "TRUE", params


def _options(catalogue, query: SearchQuery, counted: Sequence[Facet] = ()) -> dict[str, list[FacetOption]]:
    """The options of the facets a search counts or has a selection in (a curated list is read from
    the database only when needed: the one search box, counting no facets, reads none)."""
    needed = {facet.name for facet in counted} | {name for name, values in query.selected.items() if values}
    return {facet.name: facet.options() if facet.name in needed else [] for facet in catalogue.facets}


def _chosen(catalogue, options: dict, query: SearchQuery) -> dict:
    return {
        facet.name: [o for o in options[facet.name] if o.value in set(query.selected.get(facet.name, []))]
        for facet in catalogue.facets
    }


def count_matches(
    catalogue: Catalogue, queries: Sequence[tuple[SearchQuery, str, list]], *, cap: int
) -> list[int]:
    """How many public items each query matches, up to `cap`, in two statements however many queries
    there are: one understands every text query, one counts. Each query comes with an extra SQL
    condition over the catalogue's columns and its parameters (for example "published since I last
    looked"). As on the search page, a query that fewer entries than a page hold in full counts the
    entries holding some of its words (spelling is not corrected here: a saved search keeps its words)."""
    if not queries:
        return []
    parsed = parse_many([query.q for query, _sql, _params in queries], config=catalogue.text_config)
    selected = {name for query, _sql, _params in queries for name, values in query.selected.items() if values}
    options = _options(catalogue, SearchQuery(selected={name: ["any"] for name in selected}))
    counts, params, shapes = [], [], []

    def capped(tsquery: str, chosen: dict, extra_sql: str, extra_params: list, limit: int) -> None:
        where, where_params = _where(catalogue, tsquery, chosen)
        counts.append(
            f"(SELECT count(*) FROM (SELECT 1 FROM {catalogue.table} WHERE {where} AND ({extra_sql}) "
            f"LIMIT %s) AS capped)"
        )
        params.extend([*where_params, *extra_params, limit])

    for (query, extra_sql, extra_params), understood in zip(queries, parsed, strict=True):
        chosen = _chosen(catalogue, options, query)
        capped(understood.strict, chosen, extra_sql, extra_params, cap)
        widen = bool(understood.loose) and query.match != "all"
        if widen:
            capped(understood.strict, chosen, "TRUE", [], PAGE_SIZE)
            capped(understood.loose, chosen, "TRUE", [], PAGE_SIZE)
            capped(understood.loose, chosen, extra_sql, extra_params, cap)
        shapes.append(widen)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(counts)}", params)
        row = list(cursor.fetchone())
    found = []
    for widen in shapes:
        strict = row.pop(0)
        if widen:
            strict_all, loose_all, loose = row.pop(0), row.pop(0), row.pop(0)
            found.append(loose if strict_all < PAGE_SIZE and loose_all > strict_all else strict)
        else:
            found.append(strict)
    return found


def is_selective(matched: int, size: float, needed: int, meeting: int | None = None) -> bool:
    """Whether the first `needed` matches of a text query (whose words `matched` entries hold, of which
    `meeting` also meet the filters; all of them when None), in a given order, are best found through
    the text index (the narrow row of every entry holding the words read, those meeting the filters
    sorted) rather than by walking the catalogue in that order and testing the search vector, read out
    of line, of each entry walked past until `needed` match (about needed × size / meeting entries, if
    the filters and the words are independent). The first is cheaper when the words are rare, when the
    filters leave few of their entries or when many are needed (ranking candidates); the second when
    they are common and few are needed. Through the index too before the table has been analysed."""
    meeting = matched if meeting is None else meeting
    return size <= 0 or meeting <= 0 or matched * meeting < VECTOR_COST * needed * size


def _page_ids(
    catalogue,
    query,
    tsquery,
    chosen,
    page_size,
    *,
    matched: int,
    meeting: int,
    size: float,
    ranking=None,
    ready=None,
) -> list[int]:
    where, params = _where(catalogue, tsquery, chosen, ready)
    offset = (query.page - 1) * page_size
    tie_break = catalogue.tie_break
    widened = ranking is not None and query.sort == "relevance" and offset < ANY_WORDS_CANDIDATES
    ranked = not widened and bool(tsquery) and query.sort == "relevance" and offset < catalogue.rank_cap
    order_by = tie_break if query.sort == "relevance" else catalogue.sort(query.sort).order_by
    needed = ANY_WORDS_CANDIDATES if widened else catalogue.rank_cap if ranked else offset + page_size
    columns = catalogue.page_columns(order_by)
    rows = f"{catalogue.table} WHERE {where}"
    if tsquery and is_selective(matched, size, needed, meeting):
        # Left to itself the planner may walk an ordered index and test each row's search vector,
        # reading it out of line, until it has enough (at 1,000,000 entries, seconds for a rare
        # phrase). Fenced off (OFFSET 0), the matches come from the text index and only their narrow
        # rows are sorted.
        rows = f"(SELECT {columns} FROM {catalogue.table} WHERE {where} OFFSET 0) AS matched"

    if widened:
        # Some of the words will do: the candidates are the strongest by tie-break order and every entry
        # holding all the words (fewer than a page), ranked by how many of the words each holds.
        vector = catalogue.vector_column
        strict_where, strict_params = _where(catalogue, ranking.strict, chosen, ready)
        held = " + ".join(f"({vector} @@ %s::tsquery)::int" for _ in ranking.terms)
        sql = (
            f"SELECT {catalogue.id_column} FROM {catalogue.table} WHERE {catalogue.id_column} IN ("
            f"(SELECT {catalogue.id_column} FROM {rows} ORDER BY {tie_break} LIMIT %s) UNION "
            f"(SELECT {catalogue.id_column} FROM {catalogue.table} WHERE {strict_where})"
            f") ORDER BY ({vector} @@ %s::tsquery) DESC, ({held}) DESC, ts_rank({vector}, %s::tsquery) DESC, "
            f"{tie_break} LIMIT %s OFFSET %s"
        )
        params = [
            *params, ANY_WORDS_CANDIDATES, *strict_params, ranking.strict, *ranking.terms, tsquery, page_size, offset,
        ]  # fmt: skip
    elif ranked:
        sql = (
            f"SELECT {catalogue.id_column} FROM ("
            f"SELECT {columns} FROM {rows} ORDER BY {tie_break} LIMIT %s"
            f") AS candidates ORDER BY ts_rank({catalogue.vector_column}, %s::tsquery) DESC, {tie_break} "
            f"LIMIT %s OFFSET %s"
        )
        params = [*params, catalogue.rank_cap, tsquery, page_size, offset]
    else:
        # Without a query, relevance has nothing to rank: the tie-break order serves. Past the ranked
        # candidates, the rest of the matches follow in tie-break order too.
        sql = f"SELECT {catalogue.id_column} FROM {rows} ORDER BY {order_by} LIMIT %s OFFSET %s"
        params = [*params, page_size, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


_START, _STOP = "\x02", "\x03"


def highlight(headline: str) -> str:
    """Escape a headline from ts_headline and turn its markers into <mark> tags. The text it was made
    from has had any marker characters of its own removed (see rows_for_ids), so content cannot forge
    a mark."""
    return mark_safe(escape(headline).replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S308


def rows_for_ids(queryset, ids: list[int], tsquery: str, *, field: str, text_config: str = "english") -> list:
    """The rows for one page of results in the order given, each with `<field>_html`: the text of `field`
    escaped, with the words the query matched marked (one `ts_headline` in the same query)."""
    if not ids:
        return []
    rows = queryset.filter(pk__in=ids)
    if tsquery:
        column = (
            f"{connection.ops.quote_name(queryset.model._meta.db_table)}.{connection.ops.quote_name(field)}"
        )
        rows = rows.annotate(
            headline=RawSQL(  # noqa: S611 - the column is quoted model metadata; the query is a parameter
                f"ts_headline(%s::regconfig, translate({column}, %s, ''), %s::tsquery, %s)",
                (
                    text_config,
                    _START + _STOP,
                    tsquery,
                    f"StartSel={_START}, StopSel={_STOP}, HighlightAll=true",
                ),
            )
        )
    by_id = {row.pk: row for row in rows}
    ordered = [by_id[i] for i in ids if i in by_id]
    for row in ordered:
        headline = getattr(row, "headline", None)
        setattr(row, f"{field}_html", highlight(headline) if headline else escape(getattr(row, field)))
    return ordered
