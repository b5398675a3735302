"""Reads of the catalogue that cross relations. Only published innovations and adoptions are returned."""

import rules
from django.db import connection
from django.db.models import Prefetch
from django.http import Http404

from innovations.models import Adoption, Innovation, SavedSearch
from innovations.search import TIE_BREAK, innovations_for_ids


def innovation_detail_for(*, slug: str) -> Innovation:
    """The published innovation with this slug and its published adoptions, or 404."""
    adoptions = (
        Adoption.objects.published().select_related("organisation").order_by("-year", "organisation__name")
    )
    innovation = (
        Innovation.objects.published()
        .select_related("organisation", "entry")
        .prefetch_related(
            "policy_areas",
            "recognitions",
            Prefetch("adoptions", queryset=adoptions, to_attr="published_adoptions"),
        )
        .filter(slug=slug)
        .first()
    )
    if innovation is None:
        raise Http404("No published innovation has this address.")
    return innovation


RELATED_CANDIDATES = 500


def related_innovations(innovation: Innovation, *, limit: int = 4) -> list[Innovation]:
    """Published innovations sharing the most themes and policy areas with this one."""
    entry = getattr(innovation, "entry", None)
    if entry is None or not (entry.theme_bits or entry.policy_bits):
        return []
    # Shared themes and areas, counted bit by bit (PostgreSQL has no popcount for integers).
    terms, params = [], []
    for column, bits, width in (("theme_bits", entry.theme_bits, 16), ("policy_bits", entry.policy_bits, 63)):
        for bit in range(width):
            if bits & (1 << bit):
                terms.append(f"(({column} & %s) <> 0)::int")
                params.append(1 << bit)
    # The most in common among the RELATED_CANDIDATES strongest entries sharing anything (by evidence,
    # then recency): read in index order, so the page costs the same at a million entries as at a hundred.
    sql = (
        "SELECT innovation_id FROM ("
        "SELECT innovation_id, theme_bits, policy_bits, evidence_level, published_at "
        "FROM innovations_catalogueentry "
        "WHERE innovation_id <> %s AND ((theme_bits & %s) <> 0 OR (policy_bits & %s) <> 0) "
        f"ORDER BY {TIE_BREAK} LIMIT %s) AS candidates "
        f"ORDER BY ({' + '.join(terms)}) DESC, {TIE_BREAK} LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [innovation.id, entry.theme_bits, entry.policy_bits, RELATED_CANDIDATES, *params, limit]
        )
        ids = [row[0] for row in cursor.fetchall()]
    return innovations_for_ids(ids)


def innovation_for_submitter(*, user, pk: int) -> Innovation:
    """An innovation its submitter (or the central team) may see and edit before publication; anyone
    else gets 404, so guessing ids reveals nothing."""
    innovation = Innovation.objects.select_related("organisation").filter(pk=pk).first()
    if innovation is None or not rules.has_perm("innovations.edit_innovation", user, innovation):
        raise Http404("No innovation of yours has this number.")
    return innovation


def innovations_submitted_by(user):
    return Innovation.objects.filter(submitted_by=user).select_related("organisation").order_by("-updated_at")


def saved_search_for_owner(*, user, pk: int) -> SavedSearch:
    """A saved search, to its owner only; anyone else gets 404, so guessing ids reveals nothing."""
    search = SavedSearch.objects.filter(pk=pk).first()
    if search is None or not rules.has_perm("innovations.manage_saved_search", user, search):
        raise Http404("No saved search of yours has this number.")
    return search


TAG_CHOICES_LIMIT = 300


def tags_in_use(*, also: list[str] = (), limit: int = TAG_CHOICES_LIMIT) -> list[str]:
    """The tags the catalogue uses, the most used first up to the limit, in alphabetical order, with any
    given tags (an entry's own) always among them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tag FROM (SELECT tag, count(*) AS uses FROM innovations_innovation, unnest(tags) AS tag"
            " GROUP BY tag ORDER BY uses DESC, tag LIMIT %s) AS common",
            [limit],
        )
        tags = {row[0] for row in cursor.fetchall()}
    return sorted(tags | set(also), key=str.casefold)
