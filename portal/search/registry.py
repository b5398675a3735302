"""The registry of catalogues: how a feature app plugs into the shared search.

Each app registers its catalogue(s) in its `AppConfig.ready()`. The one search box, find help and the
organisation reindex loop over what is registered, so the shared code never names an app, and a new
catalogue (the mentor directory, say) needs nothing changed here: see README, "How to add a catalogue".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.urls import reverse

from portal.search.engine import PAGE_SIZE, Catalogue, SearchQuery, SearchResult, run_search


@dataclass(frozen=True)
class SearchItem:
    """What the one search box shows of an entry of any catalogue."""

    title: str
    url: str
    summary: str  # escaped, with the words that matched marked
    meta: str


@dataclass(frozen=True)
class FindHelpAnswers:
    """Find help's answers, as a catalogue's suggestions read them."""

    stage: str
    next_stage: str
    themes: list[str]  # the conditions for scaling up that the help asked for speaks to
    audience: str
    where: str


@dataclass(frozen=True)
class FindHelpSuggestions:
    """A catalogue's part of find help's results: entries that fit the answers (innovations at the stage
    after the asker's showing the conditions their help speaks to; mentors who help at their stage)."""

    heading: str
    intro: str  # may name {next_stage}
    more_label: str
    query: Callable[[FindHelpAnswers], SearchQuery]
    limit: int = 3


@dataclass(frozen=True)
class CatalogueRegistration:
    kind: str  # used in URLs (/search/?kind=...) and code: "innovations"
    label: str  # for people: "Innovations"
    catalogue: Catalogue
    model: type  # the model of the catalogue's table (its columns are checked at start-up)
    url_name: str  # the catalogue's own search page
    load: Callable[[list[int], str], list]  # the cards for a page of ids, in order, matches marked
    item: Callable[[Any], SearchItem]  # one loaded card as the one search box shows it
    refresh: Callable[[Iterable[int]], None]  # bring these entries' search rows in step
    for_organisation: Callable[[int], Iterable[int]]  # ids of the entries that show an organisation
    card_template: str  # renders one loaded card as `card`
    find_help: FindHelpSuggestions | None = None
    # ids of the entries that show a person (a mentor's name and role), when the catalogue has any
    for_user: Callable[[int], Iterable[int]] | None = None

    def search(
        self, query: SearchQuery, *, page_size: int = PAGE_SIZE, with_facets: bool = True
    ) -> tuple[SearchResult, list]:
        """Run `query` and load the page's cards."""
        result = run_search(self.catalogue, query, page_size=page_size, with_facets=with_facets)
        return result, self.load(result.ids, result.tsquery)

    def search_url(self, query: SearchQuery | None = None) -> str:
        """The catalogue's search page showing `query`."""
        params = query.params(self.catalogue).urlencode() if query else ""
        return reverse(self.url_name) + (f"?{params}" if params else "")


_registry: dict[str, CatalogueRegistration] = {}


def register(registration: CatalogueRegistration) -> None:
    """Add a catalogue (from its app's `ready()`); registering a kind again replaces it."""
    _registry[registration.kind] = registration


def registered() -> list[CatalogueRegistration]:
    """Every registered catalogue, in the order the apps are installed."""
    return list(_registry.values())


def get(kind: str) -> CatalogueRegistration | None:
    return _registry.get(kind)


def reindex_user(user_id: int) -> None:
    """A person's name, role or organisation changed: every catalogue that shows people reindexes them."""
    for registration in registered():
        if registration.for_user is not None:
            registration.refresh(registration.for_user(user_id))


def reindex_organisation(organisation_id: int) -> None:
    """An organisation's name, type or region changed: every catalogue reindexes what shows it."""
    for registration in registered():
        registration.refresh(registration.for_organisation(organisation_id))


# --- Signposts: the portal's own pages, offered by the one search box when the words name them ------


@dataclass(frozen=True)
class Signpost:
    """A page of the portal's own (the award, finding or asking for a mentor, find help) that the one
    search box offers above the catalogues' results when the words typed name it: people search for
    "award" or "mentor" meaning the service, not an entry that holds the word."""

    title: str
    url: str
    description: str
    words: str  # what people call it: matched word for word, each in any form ("nominating", "mentors")


_signposts: list[Callable[[], Iterable[Signpost]]] = []

# Each of the query's words (in any form the English stemmer reads; stop words match nothing) against
# each signpost's words: those sharing the most of them first, then in the order they were registered.
_SIGNPOSTS_SQL = """
SELECT s.n
FROM unnest(%(words)s::text[]) WITH ORDINALITY AS s(words, n),
     LATERAL (SELECT to_tsvector('english', s.words) AS vector) v,
     LATERAL (
         SELECT count(*) AS shared FROM unnest(%(tokens)s::text[]) AS t(token)
         WHERE v.vector @@ plainto_tsquery('english', t.token)
     ) m
WHERE m.shared > 0
ORDER BY m.shared DESC, s.n
LIMIT %(most)s
"""


def register_signposts(provider: Callable[[], Iterable[Signpost]]) -> None:
    """Add the signposts an app offers (from its `ready()`); `provider` is called at each search, so
    it can offer what is current (a round open for nominations)."""
    if provider not in _signposts:
        _signposts.append(provider)


def signposts_for(q: str, *, most: int = 4) -> list[Signpost]:
    """The signposts whose words hold any of the words of `q` (in any form), best first."""
    tokens = ["".join(c for c in word if c.isalnum()) for word in q.lower().split()]
    tokens = [token for token in tokens if token][:20]
    if not tokens:
        return []
    signposts = [signpost for provider in _signposts for signpost in provider()]
    if not signposts:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            _SIGNPOSTS_SQL,
            {"words": [s.words for s in signposts], "tokens": tokens, "most": most},
        )
        return [signposts[n - 1] for (n,) in cursor.fetchall()]
