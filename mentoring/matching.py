"""Explainable matching of a request for a mentor to the mentor pool.

Hard rules first, in SQL: the mentor is approved and taking mentees (they have a directory entry), has
room below their capacity, is not the requester, was not already asked for this request (so one who
declined is never suggested again), and, if the requester asks, works for another organisation.

Then a score, a weighted sum of parts that are each between 0 and 1 (the weights live in `WEIGHTS`, here
only, and the central team sees them on the programme page):

- themes: the share of the conditions for scaling up the requester needs help with that the mentor
  helps with;
- policy area: 1 if they share one;
- stage: 1 if the mentor helps at the request's stage;
- organisation type: 1 if the mentor knows organisations like the requester's;
- place: 1 if they can meet as the requester wishes (remote, or in person in the same region);
- load: the mentor's free share of their capacity, so that work spreads across the pool.

The score is computed in the database over every eligible mentor, so the best few come back in one
query however large the pool; the reasons in words are made for those few only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from mentoring.models import Format, Mentor, MentorRequest
from portal.core.vocabulary import OrganisationType, Region, Stage, Theme

WEIGHTS = {
    "themes": 4.0,
    "policy_area": 2.0,
    "stage": 2.0,
    "organisation_type": 1.5,
    "place": 1.5,
    "load": 1.0,
}
WEIGHT_LABELS = {
    "themes": "Share of the needed conditions for scaling up the mentor helps with",
    "policy_area": "Shares a policy area",
    "stage": "Helps at the request's stage",
    "organisation_type": "Knows organisations like the requester's",
    "place": "Can meet as the requester wishes (remotely, or in person in the same region)",
    "load": "Free share of the mentor's capacity (spreads the load)",
}
SUGGESTIONS = 5


def code_bit(choices, code: str) -> int:
    """A code's bit in the directory's bitmasks (its place in the list), 0 for no code."""
    return 1 << list(choices.values).index(code) if code else 0


def code_mask(choices, codes) -> int:
    mask = 0
    for code in codes:
        mask |= code_bit(choices, code)
    return mask


@dataclass
class RequestVector:
    """A request as the bitmasks the score reads."""

    requester_id: int
    organisation_id: int | None
    organisation_type: str
    theme_bits: int
    theme_count: int
    policy_bits: int
    stage_bit: int
    type_bit: int
    region: str
    remote: bool
    not_own_organisation: bool
    request_id: int | None = None

    @classmethod
    def of(cls, request: MentorRequest, areas=None) -> RequestVector:
        organisation = request.requester.organisation
        policy_bits = 0
        for area in request.policy_areas.all() if areas is None else areas:
            policy_bits |= 1 << area.bit
        return cls(
            requester_id=request.requester_id,
            organisation_id=organisation.pk if organisation else None,
            organisation_type=organisation.organisation_type if organisation else "",
            theme_bits=code_mask(Theme, request.themes),
            theme_count=len(request.themes),
            policy_bits=policy_bits,
            stage_bit=code_bit(Stage, request.stage),
            type_bit=code_bit(OrganisationType, organisation.organisation_type) if organisation else 0,
            region=request.region,
            remote=Format.REMOTE in request.formats,
            not_own_organisation=request.not_own_organisation,
            request_id=request.pk,
        )


# Each part as SQL over the directory entry `e`, with the request's values as parameters.
_PARTS_SQL = """
    CASE WHEN %(theme_count)s = 0 THEN 0
         ELSE bit_count((e.theme_bits & %(theme_bits)s)::bit(32))::float / %(theme_count)s END AS themes,
    CASE WHEN (e.policy_bits & %(policy_bits)s) <> 0 THEN 1 ELSE 0 END AS policy_area,
    CASE WHEN (e.stage_bits & %(stage_bit)s) <> 0 THEN 1 ELSE 0 END AS stage,
    CASE WHEN (e.knows_bits & %(type_bit)s) <> 0 THEN 1 ELSE 0 END AS organisation_type,
    CASE WHEN (%(remote)s AND (e.format_bits & %(remote_bit)s) <> 0)
           OR ((e.format_bits & %(in_person_bit)s) <> 0 AND e.region = %(region)s) THEN 1 ELSE 0 END AS place,
    e.room::float / GREATEST(e.capacity, 1) AS load
"""
_SCORE_SQL = " + ".join(f"%(w_{name})s * {name}" for name in WEIGHTS)

_SUGGEST_SQL = f"""
SELECT mentor_id, {_SCORE_SQL} AS score, themes, policy_area, stage, organisation_type, place, load
FROM (
    SELECT e.mentor_id, e.published_at, {_PARTS_SQL}
    FROM mentoring_mentorentry e
    WHERE e.room > 0
      AND (%(only)s::bigint IS NULL OR e.mentor_id = %(only)s::bigint)
      AND e.user_id <> %(requester_id)s
      AND NOT (%(not_own)s AND e.organisation_id IS NOT DISTINCT FROM %(organisation_id)s
               AND %(organisation_id)s IS NOT NULL)
      AND NOT EXISTS (
          SELECT 1 FROM mentoring_mentoroffer o
          WHERE o.request_id = %(request_id)s AND o.mentor_id = e.mentor_id
      )
) AS parts
ORDER BY score DESC, published_at, mentor_id
LIMIT %(limit)s
"""


@dataclass
class Suggestion:
    mentor: Mentor
    score: float
    parts: dict[str, float]
    reasons: list[str]


def _params(vector: RequestVector, limit: int, only: int | None = None) -> dict:
    return {
        "only": only,
        "requester_id": vector.requester_id,
        "organisation_id": vector.organisation_id,
        "not_own": vector.not_own_organisation,
        "request_id": vector.request_id or 0,
        "theme_bits": vector.theme_bits,
        "theme_count": vector.theme_count,
        "policy_bits": vector.policy_bits,
        "stage_bit": vector.stage_bit,
        "type_bit": vector.type_bit,
        "remote": vector.remote,
        "remote_bit": code_bit(Format, Format.REMOTE),
        "in_person_bit": code_bit(Format, Format.IN_PERSON),
        "region": vector.region,
        "limit": limit,
        **{f"w_{name}": weight for name, weight in WEIGHTS.items()},
    }


def suggest_mentors(
    request: MentorRequest, *, limit: int = SUGGESTIONS, only: int | None = None
) -> list[Suggestion]:
    """The best `limit` eligible mentors for `request`, best first, each with its reasons in words; with
    `only`, that one mentor if eligible."""
    areas = list(request.policy_areas.all())
    vector = RequestVector.of(request, areas)
    with connection.cursor() as cursor:
        cursor.execute(_SUGGEST_SQL, _params(vector, limit, only))
        rows = cursor.fetchall()
    mentors = (
        Mentor.objects.select_related("user__organisation")
        .prefetch_related("policy_areas")
        .in_bulk([row[0] for row in rows])
    )
    names = ["themes", "policy_area", "stage", "organisation_type", "place", "load"]
    return [
        Suggestion(
            mentor=mentors[row[0]],
            score=round(row[1], 3),
            parts=dict(zip(names, row[2:], strict=True)),
            reasons=reasons_for(mentors[row[0]], request, request_areas=areas),
        )
        for row in rows
        if row[0] in mentors
    ]


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def reasons_for(mentor: Mentor, request: MentorRequest, *, request_areas=None) -> list[str]:
    """Why a mentor fits a request, strongest first, in words (`request_areas`: its policy areas, when
    the caller has them already)."""
    reasons = []
    shared = [Theme(code).label for code in Theme.values if code in request.themes and code in mentor.themes]
    if shared:
        reasons.append(f"knows {_and(shared)}")
    if request.stage in mentor.stages:
        reasons.append(f"has helped at the {Stage(request.stage).label} stage")
    areas = {area.pk for area in (request.policy_areas.all() if request_areas is None else request_areas)}
    shared_areas = [area.name for area in mentor.policy_areas.all() if area.pk in areas]
    if shared_areas:
        reasons.append(f"works in {_and(shared_areas)}")
    organisation = request.requester.organisation
    if organisation and organisation.organisation_type in mentor.knows_organisation_types:
        reasons.append(
            f"knows {OrganisationType(organisation.organisation_type).label.lower()} organisations"
        )
    if (
        Format.IN_PERSON in mentor.formats
        and mentor.region == request.region
        and request.region not in {Region.UK_WIDE, Region.INTERNATIONAL}
    ):
        reasons.append(f"also in {_region_name(request.region)}")
    elif Format.REMOTE in request.formats and Format.REMOTE in mentor.formats:
        reasons.append("mentors remotely")
    room = mentor.room
    if room:
        reasons.append(f"has room for {room} more")
    return reasons


def _region_name(code: str) -> str:
    """ "the North West", but "London", "Wales"."""
    label = Region(code).label
    named = {Region.LONDON, Region.SCOTLAND, Region.WALES, Region.NORTHERN_IRELAND}
    return label if code in named else f"the {label}"
