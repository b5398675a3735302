"""The advice directory as a catalogue of the shared search: its facets and sorts, the cards for a page
of results, and its registration (so the one search box and the organisation reindex include it)."""

from __future__ import annotations

from portal.advice.models import AdviceEntry, AdviceSource, SupportType
from portal.advice.services import advice_refresh
from portal.core.vocabulary import (
    STAGE_DESCRIPTIONS,
    THEME_HINTS,
    Fees,
    OrganisationType,
    Region,
    Stage,
    Theme,
)
from portal.search.engine import BitFacet, Catalogue, ColumnFacet, Sort, bit_options, rows_for_ids
from portal.search.registry import CatalogueRegistration, SearchItem, Signpost


def support_type_options() -> list[tuple[str, str, int]]:
    return list(SupportType.objects.values_list("slug", "name", "bit"))


ADVICE_CATALOGUE = Catalogue(
    table="advice_adviceentry",
    id_column="source_id",
    vector_column="search_vector",
    facets=[
        BitFacet("support_type", "Type of help", support_type_options, column="support_bits"),
        BitFacet("theme", "Theme", bit_options(Theme), column="theme_bits", hints=THEME_HINTS),
        BitFacet(
            "stage", "Stage of scaling", bit_options(Stage), column="stage_bits", hints=STAGE_DESCRIPTIONS
        ),
        BitFacet("audience", "Who it is for", bit_options(OrganisationType), column="audience_bits"),
        BitFacet("region", "Where", bit_options(Region), column="region_bits"),
        ColumnFacet("fees", "Cost", Fees.choices, column="fees"),
    ],
    sorts=[Sort("relevance", "Relevance", ""), Sort("name", "Name", "name, source_id")],
    tie_break="last_verified DESC NULLS LAST, name, source_id",
)


def advice_for_ids(ids: list[int], tsquery: str = "") -> list[AdviceSource]:
    """The cards for one page of directory results, in the order given, with the description highlighted."""
    return rows_for_ids(AdviceSource.objects.select_related("provider"), ids, tsquery, field="description")


def _search_item(source: AdviceSource) -> SearchItem:
    return SearchItem(
        title=source.name,
        url=source.get_absolute_url(),
        summary=source.description_html,
        meta=source.provider.name,
    )


def _for_organisation(organisation_id: int):
    """The sources an organisation provides: search finds them by its name."""
    return AdviceSource.objects.filter(provider_id=organisation_id).values_list("pk", flat=True)


REGISTRATION = CatalogueRegistration(
    kind="advice",
    label="Sources of advice",
    catalogue=ADVICE_CATALOGUE,
    model=AdviceEntry,
    url_name="advice:index",
    load=advice_for_ids,
    item=_search_item,
    refresh=advice_refresh,
    for_organisation=_for_organisation,
    card_template="advice/_card.html",
)


def signposts():
    """Find help and the advice directory, for the one search box."""
    from django.urls import reverse

    yield Signpost(
        title="Find help",
        url=reverse("advice:find_help"),
        description="Answer four questions about your idea and your need, and see the advice, "
        "innovations and mentors that fit.",
        words="find help help support advice adviser guidance where to start",
    )
    yield Signpost(
        title="Get advice",
        url=reverse("advice:index"),
        description="Organisations that help public sector innovators: guidance, funding, networks, "
        "training and evaluation.",
        words="advice adviser guidance funding grant training evaluation support help",
    )
