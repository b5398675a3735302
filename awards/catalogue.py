"""The Scaling Up Champions directory as a catalogue of the shared search: its facets (year, award,
category, theme, region, organisation type) and sorts, the cards for a page of results, and its
registration (so the one search box includes it)."""

from __future__ import annotations

from django.db.models import Prefetch

from awards.models import ChampionEntry, Decision, Nominee, Outcome
from awards.publishing import CHAMPION_WORDS_SQL, champions_for_organisation, champions_refresh_entries
from portal.core.vocabulary import THEME_HINTS, OrganisationType, Region, Theme
from portal.search.engine import BitFacet, Catalogue, ColumnFacet, Sort, bit_options, rows_for_ids
from portal.search.registry import CatalogueRegistration, SearchItem, Signpost


def year_options() -> list[tuple[str, str]]:
    years = ChampionEntry.objects.order_by("-year").values_list("year", flat=True).distinct()
    return [(str(year), str(year)) for year in years]


def category_options() -> list[tuple[str, str]]:
    rows = (
        ChampionEntry.objects.exclude(category_slug="")
        .order_by("category_name")
        .values_list("category_slug", "category_name")
        .distinct()
    )
    return list(rows)


CHAMPION_CATALOGUE = Catalogue(
    table="awards_championentry",
    id_column="decision_id",
    vector_column="search_vector",
    facets=[
        ColumnFacet("year", "Year", year_options, column="year", cast=int, invalid="year"),
        ColumnFacet("award", "Award", Outcome.choices, column="outcome", invalid="award (use winner, highly_commended or shortlisted)"),
        ColumnFacet("category", "Category", category_options, column="category_slug", invalid="category"),
        BitFacet("theme", "Theme", bit_options(Theme), column="theme_bits", invalid="theme", hints=THEME_HINTS),
        BitFacet("region", "Region", bit_options(Region), column="region_bits", invalid="region"),
        BitFacet(
            "organisation_type", "Organisation type", bit_options(OrganisationType), column="type_bits",
            invalid="type of organisation",
        ),
    ],
    sorts=[
        Sort("relevance", "Relevance", ""),
        Sort("newest", "Newest", "year DESC, outcome_rank, decision_id DESC"),
        Sort("name", "Name", "name, decision_id"),
    ],
    tie_break="year DESC, outcome_rank, decision_id DESC",
    words_sql=CHAMPION_WORDS_SQL,
)  # fmt: skip


def champions_for_ids(ids: list[int], tsquery: str = "") -> list[Decision]:
    """The cards for one page of the directory, in the order given, with the citation highlighted: each
    decision with its nomination, round, category, innovation and nominees (never their emails)."""
    nominees = Nominee.objects.select_related("organisation").only(
        "nomination_id", "name", "role", "order", "organisation__name"
    )
    queryset = Decision.objects.select_related(
        "nomination__round__award", "nomination__category", "nomination__innovation"
    ).prefetch_related(Prefetch("nomination__nominees", queryset=nominees))
    return rows_for_ids(queryset, ids, tsquery, field="citation")


def champion_url(decision: Decision) -> str:
    """A champion's place on their round's public page, where their citation is."""
    return f"{decision.nomination.round.get_absolute_url()}#champion-{decision.pk}"


def _search_item(decision: Decision) -> SearchItem:
    nomination = decision.nomination
    return SearchItem(
        title=nomination.nominee_names(),
        url=champion_url(decision),
        summary=decision.citation_html,
        meta=f"{decision.get_outcome_display()}, {nomination.round}"
        + (f", {nomination.category.name}" if nomination.category else ""),
    )


REGISTRATION = CatalogueRegistration(
    kind="champions",
    label="Scaling Up Champions",
    catalogue=CHAMPION_CATALOGUE,
    model=ChampionEntry,
    url_name="awards:champions",
    load=champions_for_ids,
    item=_search_item,
    refresh=champions_refresh_entries,
    for_organisation=champions_for_organisation,
    card_template="awards/_champion_card.html",
)


def signposts():
    """The award, each round open for nominations, and the champions, for the one search box."""
    from django.urls import reverse
    from django.utils import timezone

    from awards.models import Round
    from portal.core.text import govuk_time

    yield Signpost(
        title="Awards: the Scaling Up Award",
        url=reverse("awards:index"),
        description="The award for people and teams who scale ideas well in public services: its rounds, "
        "who can be nominated and how nominations are judged.",
        words="award awards prize scaling up award nominate nomination nominee recognition winner",
    )
    now = timezone.now()
    for round_ in Round.objects.open(now).select_related("award"):
        closes = timezone.localtime(round_.closes_at)
        yield Signpost(
            title=f"Nominate someone for the {round_}",
            url=round_.get_absolute_url(),
            description=f"Nominations are open until {govuk_time(closes)} on {closes.day} {closes:%B %Y} (UK time).",
            words=f"nominate nomination nominee award {round_.award.name}",
        )
    yield Signpost(
        title="Scaling Up Champions",
        url=reverse("awards:champions"),
        description="The winners, highly commended and shortlisted of every round, and the innovations they scaled.",
        words="champion champions winner winners shortlisted commended award",
    )
