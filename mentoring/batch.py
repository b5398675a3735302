"""Batch matching for the central team: every open request at once against every mentor with room.

It maximises first the number of requests matched, then the total score, never giving a mentor more
requests than their room: each mentor becomes as many "slots" as they have room for, and scipy's
`linear_sum_assignment` finds the best assignment of requests to slots. A pair breaking a hard rule (the
requester themselves, a mentor already asked for that request, the requester's own organisation when
they asked for others) costs nothing, so it is never chosen over a real match and is dropped after. Each
real pair costs minus (a bonus larger than any total of scores, plus its score): any assignment with one
more match beats every assignment with fewer, and among those with the most matches the highest total
score wins.

The score is the one `mentoring.matching` computes in SQL for a single request, here over arrays (numpy),
so the two always agree (tested); the words part is ranked in SQL for every pair whose words meet, in one
statement, and made a share of each request's best eligible mentor's here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.db import connection
from scipy.optimize import linear_sum_assignment

from mentoring.matching import (
    WEIGHTS,
    WORDS_RANK_SQL,
    WORDS_RANK_WEIGHTS,
    code_bit,
    code_mask,
    reasons_for,
    request_text,
    words_in_profiles,
)
from mentoring.models import Format, Mentor, MentorOffer, MentorRequest, RequestStatus
from portal.core.vocabulary import OrganisationType, Stage, Theme
from portal.search.understanding import any_words_queries

OPEN = [RequestStatus.CHOOSING, RequestStatus.NO_MATCH]
_POPCOUNT = np.array([bin(n).count("1") for n in range(256)], dtype=np.float64)


@dataclass
class Pair:
    request_id: int
    mentor_id: int
    score: float
    reasons: list[str] | None = None
    request: MentorRequest | None = None
    mentor: Mentor | None = None


@dataclass
class Proposal:
    pairs: list[Pair]
    open_requests: int
    greedy_matched: int  # how many taking requests one at a time, oldest first, would have matched

    @property
    def matched(self) -> int:
        return len(self.pairs)

    @property
    def more_than_one_at_a_time(self) -> int:
        return self.matched - self.greedy_matched


def _requests() -> dict[str, np.ndarray]:
    """The open requests as arrays, oldest first."""
    sql = """
        SELECT r.id, r.requester_id, COALESCE(u.organisation_id, 0), COALESCE(o.organisation_type, ''),
               r.themes, r.stage, r.region, r.formats, r.not_own_organisation,
               COALESCE((SELECT bit_or(1::bigint << pa.bit) FROM mentoring_mentorrequest_policy_areas rp
                         JOIN innovations_policyarea pa ON pa.id = rp.policyarea_id
                         WHERE rp.mentorrequest_id = r.id), 0),
               r.idea, r.wants
        FROM mentoring_mentorrequest r
        JOIN portal_user u ON u.id = r.requester_id
        LEFT JOIN portal_organisation o ON o.id = u.organisation_id
        WHERE r.status = ANY(%s)
        ORDER BY r.created_at, r.id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [[str(status) for status in OPEN]])
        rows = cursor.fetchall()
    return {
        "id": np.array([r[0] for r in rows], dtype=np.int64),
        "user": np.array([r[1] for r in rows], dtype=np.int64),
        "organisation": np.array([r[2] for r in rows], dtype=np.int64),
        "type_bit": np.array([code_bit(OrganisationType, r[3]) for r in rows], dtype=np.int64),
        "theme_bits": np.array([code_mask(Theme, r[4]) for r in rows], dtype=np.int64),
        "stage_bit": np.array([code_bit(Stage, r[5]) for r in rows], dtype=np.int64),
        "region": np.array([r[6] for r in rows], dtype=object),
        "remote": np.array([Format.REMOTE in r[7] for r in rows], dtype=bool),
        "in_person": np.array([Format.IN_PERSON in r[7] for r in rows], dtype=bool),
        "not_own": np.array([r[8] for r in rows], dtype=bool),
        "policy_bits": np.array([r[9] for r in rows], dtype=np.int64),
        "words": np.array(any_words_queries([request_text(r[10], r[11]) for r in rows]), dtype=object),
    }


def _mentors() -> dict[str, np.ndarray]:
    """Every mentor in the directory with room, as arrays."""
    sql = """
        SELECT e.mentor_id, e.user_id, COALESCE(e.organisation_id, 0), e.theme_bits, e.policy_bits,
               e.stage_bits, e.knows_bits, e.format_bits, e.region, e.room, e.capacity
        FROM mentoring_mentorentry e
        WHERE e.room > 0
        ORDER BY e.published_at, e.mentor_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    columns = [
        "id",
        "user",
        "organisation",
        "theme_bits",
        "policy_bits",
        "stage_bits",
        "knows_bits",
        "format_bits",
    ]
    arrays = {name: np.array([r[i] for r in rows], dtype=np.int64) for i, name in enumerate(columns)}
    arrays["region"] = np.array([r[8] for r in rows], dtype=object)
    arrays["room"] = np.array([r[9] for r in rows], dtype=np.int64)
    arrays["capacity"] = np.array([r[10] for r in rows], dtype=np.float64)
    return arrays


def _bit_count(bits: np.ndarray) -> np.ndarray:
    """How many bits each of a (non-negative, at most 63-bit) integer array has set."""
    return sum(_POPCOUNT[(bits >> shift) & 0xFF] for shift in range(0, 64, 8))


def _share(shared: np.ndarray, asked: np.ndarray) -> np.ndarray:
    """The share of each request's codes (`asked` bits set, per row) that each mentor has (`shared`)."""
    counts = _bit_count(asked)[:, None]
    return np.divide(_bit_count(shared), counts, out=np.zeros(shared.shape), where=counts > 0)


# Each request's ranks as two arrays (its mentors, their ranks): a row per request rather than per pair.
_WORDS_RANKS_SQL = (
    """
SELECT q.place - 1, array_agg(e.mentor_id), array_agg("""
    + WORDS_RANK_SQL.format(vector="e.search_vector", query="q.words")
    + """)
FROM unnest(%(queries)s::tsquery[]) WITH ORDINALITY AS q(words, place)
JOIN mentoring_mentorentry e ON e.room > 0 AND e.search_vector @@ q.words
WHERE numnode(q.words) > 0
GROUP BY q.place
"""
)


def _words_ranks(requests: dict, mentors: dict) -> np.ndarray:
    """The words part's rank of each mentor for each request (0 where no word meets), in one statement."""
    ranks = np.zeros((len(requests["id"]), len(mentors["id"])))
    column = {int(mentor_id): j for j, mentor_id in enumerate(mentors["id"])}
    with connection.cursor() as cursor:
        cursor.execute(
            _WORDS_RANKS_SQL, {"queries": list(requests["words"]), "words_weights": WORDS_RANK_WEIGHTS}
        )
        for row, mentor_ids, row_ranks in cursor.fetchall():
            for mentor_id, rank in zip(mentor_ids, row_ranks, strict=True):
                if mentor_id in column:
                    ranks[row, column[mentor_id]] = rank
    return ranks


def score_matrix(requests: dict, mentors: dict) -> np.ndarray:
    """Each request's score with each mentor (rows: requests, columns: mentors), NaN where a hard rule
    forbids the pair."""
    themes = _share(requests["theme_bits"][:, None] & mentors["theme_bits"][None, :], requests["theme_bits"])
    policy = _share(
        requests["policy_bits"][:, None] & mentors["policy_bits"][None, :], requests["policy_bits"]
    )
    stage = ((requests["stage_bit"][:, None] & mentors["stage_bits"][None, :]) != 0).astype(np.float64)
    knows = ((requests["type_bit"][:, None] & mentors["knows_bits"][None, :]) != 0).astype(np.float64)
    load = (mentors["room"] / np.maximum(mentors["capacity"], 1))[None, :]
    forbidden = _forbidden(requests, mentors)
    ranks = np.where(forbidden, 0.0, _words_ranks(requests, mentors))
    best = ranks.max(axis=1, initial=0.0)[:, None]
    words = np.divide(ranks, best, out=np.zeros(ranks.shape), where=best > 0)
    score = (
        WEIGHTS["themes"] * themes + WEIGHTS["words"] * words + WEIGHTS["policy_area"] * policy
        + WEIGHTS["stage"] * stage + WEIGHTS["organisation_type"] * knows
        + WEIGHTS["load"] * load
    )  # fmt: skip
    score[forbidden] = np.nan
    return score


def _forbidden(requests: dict, mentors: dict) -> np.ndarray:
    """Where a hard rule forbids the pair: the requester themselves, their own organisation when they
    asked for others, a mentor who cannot meet as the requester can (remotely if both do, in person in
    the same region), a mentor already asked about the request."""
    remote = requests["remote"][:, None] & (
        (mentors["format_bits"][None, :] & code_bit(Format, Format.REMOTE)) != 0
    )
    in_person = (
        requests["in_person"][:, None]
        & ((mentors["format_bits"][None, :] & code_bit(Format, Format.IN_PERSON)) != 0)
        & (requests["region"][:, None] == mentors["region"][None, :])
    )
    forbidden = ~(remote | in_person)
    forbidden |= requests["user"][:, None] == mentors["user"][None, :]
    forbidden |= (
        requests["not_own"][:, None]
        & (requests["organisation"][:, None] == mentors["organisation"][None, :])
        & (requests["organisation"][:, None] != 0)
    )
    if len(requests["id"]) and len(mentors["id"]):
        row = {int(rid): i for i, rid in enumerate(requests["id"])}
        column = {int(mid): j for j, mid in enumerate(mentors["id"])}
        for request_id, mentor_id in MentorOffer.objects.filter(request_id__in=list(row)).values_list(
            "request_id", "mentor_id"
        ):
            if mentor_id in column:
                forbidden[row[request_id], column[mentor_id]] = True
    return forbidden


def _greedy(scores: np.ndarray, room: np.ndarray) -> int:
    """How many requests taking them one at a time (oldest first, each its best mentor with room left)
    would match."""
    room = room.copy()
    matched = 0
    for i in range(scores.shape[0]):
        row = np.where((room > 0) & ~np.isnan(scores[i]), scores[i], -np.inf)
        if row.size and np.isfinite(row.max()):
            room[int(row.argmax())] -= 1
            matched += 1
    return matched


def propose(*, with_reasons: bool = True) -> Proposal:
    """The best assignment of every open request to mentors with room (see the module docstring)."""
    requests, mentors = _requests(), _mentors()
    if not len(requests["id"]) or not len(mentors["id"]):
        return Proposal(pairs=[], open_requests=len(requests["id"]), greedy_matched=0)
    scores = score_matrix(requests, mentors)
    slots = np.repeat(np.arange(len(mentors["id"])), np.minimum(mentors["room"], len(requests["id"])))
    slot_scores = scores[:, slots]
    bonus = (np.nanmax(scores) + 1.0) * (len(requests["id"]) + 1)
    cost = np.where(np.isnan(slot_scores), 0.0, -(bonus + np.nan_to_num(slot_scores)))
    rows, columns = linear_sum_assignment(cost)
    pairs = []
    for i, slot in zip(rows, columns, strict=True):
        j = slots[slot]
        if not np.isnan(scores[i, j]):
            pairs.append(
                Pair(
                    request_id=int(requests["id"][i]),
                    mentor_id=int(mentors["id"][j]),
                    score=round(float(scores[i, j]), 3),
                )
            )
    proposal = Proposal(
        pairs=pairs, open_requests=len(requests["id"]), greedy_matched=_greedy(scores, mentors["room"])
    )
    if with_reasons:
        _add_reasons(proposal.pairs)
    return proposal


def _add_reasons(pairs: list[Pair]) -> None:
    request_ids = {pair.request_id for pair in pairs}
    mentor_ids = {pair.mentor_id for pair in pairs}
    requests = (
        MentorRequest.objects.select_related("requester__organisation")
        .prefetch_related("policy_areas")
        .in_bulk(request_ids)
    )
    mentors = (
        Mentor.objects.select_related("user__organisation")
        .prefetch_related("policy_areas")
        .in_bulk(mentor_ids)
    )
    for pair in pairs:
        pair.request, pair.mentor = requests[pair.request_id], mentors[pair.mentor_id]
    words = words_in_profiles(
        [(request_text(pair.request.idea, pair.request.wants), pair.mentor_id) for pair in pairs]
    )
    for pair, held in zip(pairs, words, strict=True):
        pair.reasons = reasons_for(pair.mentor, pair.request, words=held)
