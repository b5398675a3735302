"""The mentor directory as a catalogue of the shared search: its facets and sorts, the cards for a page
of results, and its registration (the one search box, find help and the reindex loops include it)."""

from __future__ import annotations

from innovations.search import policy_area_options
from mentoring.models import Format, Mentor, MentorEntry
from mentoring.services import MENTOR_WORDS_SQL, mentor_refresh, mentors_for_user_ids
from portal.core.vocabulary import STAGE_DESCRIPTIONS, THEME_HINTS, OrganisationType, Region, Stage, Theme
from portal.search.engine import (
    BitFacet,
    Catalogue,
    ColumnFacet,
    FlagFacet,
    SearchQuery,
    Sort,
    bit_options,
    rows_for_ids,
)
from portal.search.registry import CatalogueRegistration, FindHelpSuggestions, SearchItem, Signpost

MENTOR_CATALOGUE = Catalogue(
    table="mentoring_mentorentry",
    id_column="mentor_id",
    vector_column="search_vector",
    facets=[
        BitFacet("theme", "Helps with", bit_options(Theme), column="theme_bits", invalid="theme", hints=THEME_HINTS),
        BitFacet("policy_area", "Policy area", policy_area_options, column="policy_bits", invalid="policy area"),
        BitFacet(
            "stage", "Stage of scaling", bit_options(Stage), column="stage_bits", invalid="stage",
            hints=STAGE_DESCRIPTIONS,
        ),
        BitFacet(
            "knows", "Knows organisations like", bit_options(OrganisationType), column="knows_bits",
            invalid="type of organisation",
        ),
        ColumnFacet("region", "Region", Region.choices, column="region", invalid="region"),
        BitFacet("format", "How they mentor", bit_options(Format), column="format_bits", invalid="format"),
        FlagFacet(
            "room", "Room now", "Has room for a new mentee now", condition="room > 0",
            invalid="value for room now (use yes)",
        ),
    ],
    sorts=[
        Sort("relevance", "Relevance", ""),
        Sort("room", "Most room", "room DESC, published_at DESC, mentor_id DESC"),
        Sort("name", "Name", "name, mentor_id"),
    ],
    tie_break="room DESC, published_at DESC, mentor_id DESC",
    words_sql=MENTOR_WORDS_SQL,
)  # fmt: skip


def mentors_for_ids(ids: list[int], tsquery: str = "") -> list[Mentor]:
    """The cards for one page of directory results, in the order given, with the bio highlighted."""
    queryset = Mentor.objects.select_related("user__organisation")
    return rows_for_ids(queryset, ids, tsquery, field="bio")


def _search_item(mentor: Mentor) -> SearchItem:
    organisation = mentor.user.organisation
    return SearchItem(
        title=mentor.name,
        url=mentor.get_absolute_url(),
        summary=mentor.bio_html,
        meta=", ".join(
            part for part in [mentor.user.job_title, organisation.name if organisation else ""] if part
        ),
    )


def _for_organisation(organisation_id: int):
    return Mentor.objects.filter(user__organisation_id=organisation_id).values_list("pk", flat=True)


REGISTRATION = CatalogueRegistration(
    kind="mentors",
    label="Mentors",
    catalogue=MENTOR_CATALOGUE,
    model=MentorEntry,
    url_name="mentors:index",
    load=mentors_for_ids,
    item=_search_item,
    refresh=mentor_refresh,
    for_organisation=_for_organisation,
    for_user=lambda user_id: mentors_for_user_ids([user_id]),
    card_template="mentoring/_card.html",
    find_help=FindHelpSuggestions(
        heading="Mentors who could help",
        intro="Mentors with room for a new mentee who help at your stage with what you need.",
        more_label="See more mentors like these",
        query=lambda answers: SearchQuery(
            selected={"stage": [answers.stage], "theme": answers.themes, "room": ["yes"]}, sort="room"
        ),
    ),
)


def signposts():
    """Finding, asking for and offering to be a mentor, for the one search box."""
    from django.urls import reverse

    yield Signpost(
        title="Find a mentor",
        url=reverse("mentors:index"),
        description="Browse mentors who have scaled ideas in public services, by what they help with, "
        "their policy areas and where they are.",
        words="mentor mentors mentoring find a mentor buddy coach coaching",
    )
    yield Signpost(
        title="Ask for a mentor",
        url=reverse("mentoring:ask"),
        description="Say what your idea is and what help you need: we suggest the mentors who fit best, "
        "and you choose up to three.",
        words="ask for a mentor mentor mentoring request buddy coach help",
    )
    yield Signpost(
        title="Offer to mentor",
        url=reverse("mentoring:offer"),
        description="Give some of your time and experience to help someone scale their idea.",
        words="offer to mentor become a mentor mentor mentoring volunteer",
    )
