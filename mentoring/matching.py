"""Explainable matching of a request for a mentor to the mentor pool.

Hard rules first, in SQL: the mentor is approved and taking mentees (they have a directory entry), has
room below their capacity, is not the requester, was not already asked for this request (so one who
declined is never suggested again), can meet as the requester can (remotely if both do, or in person
in the same region), and, if the requester asks, works for another organisation.

Then a score, a weighted sum of parts that are each between 0 and 1 (the weights live in `WEIGHTS`, here
only, and the central team sees them on the programme page):

- themes: the share of the conditions for scaling up the requester needs help with that the mentor
  helps with;
- words: how much of what the requester wrote (their idea and what they want) the mentor's profile
  speaks to, as the catalogue's text search ranks it (each word with its synonyms and forms, any one
  enough; the bio counting fully, the job title, organisation and what they help with by half, the
  name not at all), as a share of the best-ranked eligible mentor's;
- policy area: the share of the request's policy areas the mentor works in, so two shared count more
  than one;
- stage: 1 if the mentor helps at the request's stage;
- organisation type: 1 if the mentor knows organisations like the requester's;
- load: the mentor's free share of their capacity, so that work spreads across the pool.

The score is computed in the database over every eligible mentor, so the best few come back in one
query however large the pool; the reasons in words are made for those few only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

from mentoring.models import Format, Mentor, MentorRequest
from portal.core.vocabulary import OrganisationType, Region, Stage, Theme
from portal.search.understanding import any_words_queries, written_words

WEIGHTS = {
    "themes": 4.0,
    "words": 4.0,
    "policy_area": 2.0,
    "stage": 2.0,
    "organisation_type": 1.5,
    "load": 1.0,
}
WEIGHT_LABELS = {
    "themes": "Share of the needed conditions for scaling up the mentor helps with",
    "words": "How much of what the requester wrote (the idea and what they want) the mentor's profile speaks "
    "to, against the eligible mentor whose profile speaks to it most",
    "policy_area": "Share of the request's policy areas the mentor works in",
    "stage": "Helps at the request's stage",
    "organisation_type": "Knows organisations like the requester's",
    "load": "Free share of the mentor's capacity (spreads the load)",
}
SUGGESTIONS = 5
# How ts_rank weighs the parts of a directory entry's search vector for the words part, in its order (D, C,
# B, A): the bio fully, the job title, organisation and what they help with by half, the name not at all.
WORDS_RANK_WEIGHTS = [0.0, 1.0, 0.5, 0.0]
WORDS_RANK_SQL = "ts_rank(%(words_weights)s::float4[], {vector}, {query}::tsquery)"
# The words of a request named in a mentor's reasons, at most.
WORDS_NAMED = 4
# Words nearly every request and profile uses because of what the scheme is for, or because they are
# the everyday words of public service: they say nothing about whether a mentor fits ("I can help you
# find a way to build and adopt your idea across councils"), and named as a reason they ring hollow.
SCHEME_WORDS = {
    "help", "helped", "helping", "helps", "idea", "ideas", "mentor", "mentors", "mentoring", "mentee",
    "mentees", "need", "needs", "needed", "scale", "scaled", "scaling", "want", "wants", "wanted",
    "find", "finding", "build", "building", "adopt", "adopted", "adopting", "get", "getting", "make",
    "making", "use", "using", "work", "working", "works", "new", "way", "ways", "people", "better",
    "improve", "improving", "like", "would", "could", "also", "support", "supporting", "someone",
    "something", "council", "councils", "organisation", "organisations", "public", "service", "services",
    "team", "teams", "project", "projects", "local", "across", "start", "started",
}  # fmt: skip


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
    policy_count: int
    stage_bit: int
    type_bit: int
    region: str
    remote: bool
    in_person: bool
    not_own_organisation: bool
    request_id: int | None = None
    words: str = ""  # the request's idea and what they want, as a query any of its words meets

    @classmethod
    def of(cls, request: MentorRequest, areas=None, words: str = "") -> RequestVector:
        organisation = request.requester.organisation
        areas = request.policy_areas.all() if areas is None else areas
        policy_bits = 0
        for area in areas:
            policy_bits |= 1 << area.bit
        return cls(
            requester_id=request.requester_id,
            organisation_id=organisation.pk if organisation else None,
            organisation_type=organisation.organisation_type if organisation else "",
            theme_bits=code_mask(Theme, request.themes),
            theme_count=len(request.themes),
            policy_bits=policy_bits,
            policy_count=len(areas),
            stage_bit=code_bit(Stage, request.stage),
            type_bit=code_bit(OrganisationType, organisation.organisation_type) if organisation else 0,
            region=request.region,
            remote=Format.REMOTE in request.formats,
            in_person=Format.IN_PERSON in request.formats,
            not_own_organisation=request.not_own_organisation,
            request_id=request.pk,
            words=words,
        )


def request_text(idea: str, wants: str) -> str:
    """What the requester wrote, as the words part reads it: their idea and what they want, without the
    words every request and profile here uses by the scheme's purpose (SCHEME_WORDS)."""
    return " ".join(word for word in written_words(f"{idea}\n{wants}") if word.lower() not in SCHEME_WORDS)


# Each part as SQL over the directory entry `e`, with the request's values as parameters; the words part
# is ranked here and made a share of the best eligible mentor's below.
_PARTS_SQL = (
    """
    CASE WHEN %(theme_count)s = 0 THEN 0
         ELSE bit_count((e.theme_bits & %(theme_bits)s)::bit(32))::float / %(theme_count)s END AS themes,
    CASE WHEN %(words)s = '' OR NOT e.search_vector @@ %(words)s::tsquery THEN 0
         ELSE """
    + WORDS_RANK_SQL.format(vector="e.search_vector", query="%(words)s")
    + """ END AS words_rank,
    CASE WHEN %(policy_count)s = 0 THEN 0
         ELSE bit_count((e.policy_bits & %(policy_bits)s)::bit(64))::float / %(policy_count)s END AS policy_area,
    CASE WHEN (e.stage_bits & %(stage_bit)s) <> 0 THEN 1 ELSE 0 END AS stage,
    CASE WHEN (e.knows_bits & %(type_bit)s) <> 0 THEN 1 ELSE 0 END AS organisation_type,
    e.room::float / GREATEST(e.capacity, 1) AS load
"""
)
_SCORE_SQL = " + ".join(f"%(w_{name})s * {name}" for name in WEIGHTS)

# `eligible` is materialised so that each entry's words are ranked once, not again for the best rank.
_SUGGEST_SQL = f"""
WITH eligible AS MATERIALIZED (
    SELECT e.mentor_id, e.published_at, {_PARTS_SQL}
    FROM mentoring_mentorentry e
    WHERE e.room > 0
      AND e.user_id <> %(requester_id)s
      AND ((%(remote)s AND (e.format_bits & %(remote_bit)s) <> 0)
           OR (%(in_person)s AND (e.format_bits & %(in_person_bit)s) <> 0 AND e.region = %(region)s))
      AND NOT (%(not_own)s AND e.organisation_id IS NOT DISTINCT FROM %(organisation_id)s
               AND %(organisation_id)s IS NOT NULL)
      AND NOT EXISTS (
          SELECT 1 FROM mentoring_mentoroffer o
          WHERE o.request_id = %(request_id)s AND o.mentor_id = e.mentor_id
      )
), parts AS (
    SELECT *, COALESCE(words_rank / NULLIF(max(words_rank) OVER (), 0), 0) AS words FROM eligible
)
SELECT mentor_id, {_SCORE_SQL} AS score, themes, words, policy_area, stage, organisation_type, load
FROM parts
WHERE %(only)s::bigint IS NULL OR mentor_id = %(only)s::bigint
ORDER BY array_position(%(including)s::bigint[], mentor_id) NULLS LAST, score DESC, published_at, mentor_id
LIMIT %(limit)s
"""


@dataclass
class Suggestion:
    mentor: Mentor
    score: float
    parts: dict[str, float]
    reasons: list[str]


def _params(
    vector: RequestVector, limit: int, only: int | None = None, including: Sequence[int] = ()
) -> dict:
    return {
        "only": only,
        "including": list(including),
        "requester_id": vector.requester_id,
        "organisation_id": vector.organisation_id,
        "not_own": vector.not_own_organisation,
        "request_id": vector.request_id or 0,
        "theme_bits": vector.theme_bits,
        "theme_count": vector.theme_count,
        "policy_bits": vector.policy_bits,
        "policy_count": vector.policy_count,
        "words": vector.words,
        "words_weights": WORDS_RANK_WEIGHTS,
        "stage_bit": vector.stage_bit,
        "type_bit": vector.type_bit,
        "remote": vector.remote,
        "in_person": vector.in_person,
        "remote_bit": code_bit(Format, Format.REMOTE),
        "in_person_bit": code_bit(Format, Format.IN_PERSON),
        "region": vector.region,
        "limit": limit,
        **{f"w_{name}": weight for name, weight in WEIGHTS.items()},
    }


def suggest_mentors(
    request: MentorRequest,
    *,
    limit: int = SUGGESTIONS,
    only: int | None = None,
    including: Sequence[int] = (),
) -> list[Suggestion]:
    """The best `limit` eligible mentors for `request`, best first, each with its reasons in words; with
    `only`, that one mentor if eligible; the mentors `including` names (one asked for by name), when
    eligible, come first whatever their score."""
    areas = list(request.policy_areas.all())
    text = request_text(request.idea, request.wants)
    vector = RequestVector.of(request, areas, words=any_words_queries([text])[0])
    with connection.cursor() as cursor:
        cursor.execute(_SUGGEST_SQL, _params(vector, limit, only, including))
        names = [column.name for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    mentors = (
        Mentor.objects.select_related("user__organisation")
        .prefetch_related("policy_areas")
        .in_bulk([row["mentor_id"] for row in rows])
    )
    found = [row for row in rows if row["mentor_id"] in mentors]
    words = words_in_profiles([(text, row["mentor_id"]) for row in found])
    return [
        Suggestion(
            mentor=mentors[row["mentor_id"]],
            score=round(row["score"], 3),
            parts={name: row[name] for name in WEIGHTS},
            reasons=reasons_for(mentors[row["mentor_id"]], request, request_areas=areas, words=held),
        )
        for row, held in zip(found, words, strict=True)
    ]


# The words of each pair's text found in its mentor's profile, where the words part looks (the parts
# ts_rank weighs above 0), in the text's order: one statement for every pair.
_WORDS_IN_PROFILES_SQL = """
SELECT pair, array_agg(word ORDER BY place) AS words
FROM (
    -- One form of each word: "councils" is not named beside "council".
    SELECT DISTINCT ON (w.pair, plainto_tsquery('english', w.word)::text) w.pair, w.word, w.place
    FROM unnest(%(pairs)s::int[], %(words)s::text[], %(places)s::int[]) AS w(pair, word, place)
    JOIN unnest(%(mentor_ids)s::bigint[]) WITH ORDINALITY AS m(mentor_id, pair) ON m.pair = w.pair
    JOIN mentoring_mentorentry e ON e.mentor_id = m.mentor_id
    WHERE numnode(plainto_tsquery('english', w.word)) > 0
      AND ts_filter(e.search_vector, '{b,c}') @@ plainto_tsquery('english', w.word)
    ORDER BY w.pair, plainto_tsquery('english', w.word)::text, w.place
) AS held
GROUP BY pair
"""


def words_in_profiles(pairs: Sequence[tuple[str, int]]) -> list[list[str]]:
    """For each (text, mentor id) pair, the words of the text the mentor's profile holds (in any form),
    those the fewest of the pairs' profiles hold first, at most WORDS_NAMED: what the reasons name."""
    flat: dict[str, list] = {"pairs": [], "words": [], "places": []}
    for pair, (text, _mentor_id) in enumerate(pairs, start=1):
        for place, word in enumerate(dict.fromkeys(word.lower() for word in written_words(text))):
            flat["pairs"].append(pair)
            flat["words"].append(word)
            flat["places"].append(place)
    found: dict[int, list[str]] = {}
    if flat["words"]:
        with connection.cursor() as cursor:
            cursor.execute(_WORDS_IN_PROFILES_SQL, {**flat, "mentor_ids": [m for _text, m in pairs]})
            found = dict(cursor.fetchall())
    held_by = Counter(word for held in found.values() for word in held)
    return [
        sorted(found.get(pair, []), key=lambda word: held_by[word])[:WORDS_NAMED]
        for pair in range(1, len(pairs) + 1)
    ]


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def reasons_for(mentor: Mentor, request: MentorRequest, *, words: list[str], request_areas=None) -> list[str]:
    """Why a mentor fits a request, strongest first, in words (`words`: the request's words found in the
    mentor's profile, from `words_in_profiles`; `request_areas`: its policy areas, when the caller has
    them already)."""
    reasons = []
    shared = [Theme(code).label for code in Theme.values if code in request.themes and code in mentor.themes]
    if shared:
        reasons.append(f"knows {_and(shared)}")
    if words:
        reasons.append(f"their profile mentions {_and(words)}")
    if request.stage in mentor.stages:
        reasons.append(f"has helped at the {Stage(request.stage).label} stage")
    areas = {area.pk for area in (request.policy_areas.all() if request_areas is None else request_areas)}
    shared_areas = [area.name for area in mentor.policy_areas.all() if area.pk in areas]
    if shared_areas:
        reasons.append(f"works in {_and(shared_areas)}{_of_yours(len(shared_areas), len(areas))}")
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


def _of_yours(shared: int, asked: int) -> str:
    """How many of the request's policy areas the shared ones are, when it named more than one."""
    if asked < 2:
        return ""
    if shared == asked:
        return ", both of your policy areas" if asked == 2 else f", all {asked} of your policy areas"
    return f", {shared} of your {asked} policy areas"


def _region_name(code: str) -> str:
    """ "the North West", but "London", "Wales"."""
    label = Region(code).label
    named = {Region.LONDON, Region.SCOTLAND, Region.WALES, Region.NORTHERN_IRELAND}
    return label if code in named else f"the {label}"
