"""The leaderboard for the central team, computed in the database in one statement (plus one for the
nominations' names), whatever the number of nominations, judges and criteria.

For each judge's complete set of scores of a nomination, their weighted score is the criteria's scores
weighted by the criteria's weights (1 to 5). Per nomination:

- the weighted mean of its judges' weighted scores, and their median;
- the normalised score, so that a harsh and a lenient judge count alike: each judge's weighted score
  less that judge's mean, over that judge's standard deviation, averaged over the nomination's judges.
  A judge who scored only a few nominations says little about how harsh they are, so their mean and
  variance are pulled towards the whole panel's: each is a weighted average of the judge's own (weight:
  the number of nominations they scored) and the panel's (weight: `PANEL_WEIGHT`). A judge who scored
  two nominations 3.3 and 3.2 therefore has them 0.1 over the panel's spread apart, not two standard
  deviations; a judge who scored many is measured against themselves;
- the number of judges who scored it in full, against the number given it (judges still to score) and
  the round's number of judges per nomination (a nomination short of judges);
- the spread: the highest judge's weighted score less the lowest's, flagged as a disagreement at
  `DISAGREEMENT` or more.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from awards.models import AssignmentStatus, Decision, Nomination, NominationStatus, Round

DISAGREEMENT = 1.0
# How many nominations' worth of the panel's mean and variance each judge's own are averaged with.
PANEL_WEIGHT = 3
SORTS = {
    "weighted": "Weighted mean",
    "median": "Median",
    "normalised": "Normalised",
    "scores": "Judges who scored",
    "spread": "Spread",
}

# Each step is MATERIALIZED: computed once, never re-run for each row of the next (inlined, the panel's
# sums were recomputed for every judge's score: 8 s rather than 0.1 s for 2,000 nominations).
_SQL = """
WITH criteria AS (
    SELECT id, weight FROM awards_criterion WHERE round_id = %(round)s
),
totals AS (
    SELECT a.nomination_id, a.judge_id,
           SUM(s.score * c.weight)::float / SUM(c.weight) AS total
    FROM awards_assignment a
    JOIN awards_nomination n ON n.id = a.nomination_id
    JOIN awards_score s ON s.assignment_id = a.id
    JOIN criteria c ON c.id = s.criterion_id
    WHERE n.round_id = %(round)s AND n.status = %(submitted)s AND a.status = %(active)s
    GROUP BY a.id, a.nomination_id, a.judge_id
    HAVING COUNT(*) = (SELECT COUNT(*) FROM criteria)
),
panel AS MATERIALIZED (
    SELECT AVG(total) AS mean, COALESCE(VAR_POP(total), 0) AS variance FROM totals
),
judges AS MATERIALIZED (
    SELECT t.judge_id,
           (COUNT(*) * AVG(t.total) + %(weight)s * p.mean) / (COUNT(*) + %(weight)s) AS mean,
           (COUNT(*) * VAR_POP(t.total) + %(weight)s * p.variance) / (COUNT(*) + %(weight)s) AS variance
    FROM totals t CROSS JOIN panel p
    GROUP BY t.judge_id, p.mean, p.variance
),
figures AS MATERIALIZED (
    SELECT t.nomination_id,
           AVG(t.total) AS weighted,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY t.total) AS median,
           AVG(COALESCE((t.total - j.mean) / NULLIF(SQRT(j.variance), 0), 0)) AS normalised,
           COUNT(*) AS scores,
           MAX(t.total) - MIN(t.total) AS spread
    FROM totals t JOIN judges j ON j.judge_id = t.judge_id
    GROUP BY t.nomination_id
),
assigned AS MATERIALIZED (
    SELECT a.nomination_id, COUNT(*) AS judges
    FROM awards_assignment a JOIN awards_nomination n ON n.id = a.nomination_id
    WHERE n.round_id = %(round)s AND a.status = %(active)s
    GROUP BY a.nomination_id
)
SELECT n.id AS nomination_id, f.weighted, f.median, f.normalised,
       COALESCE(f.scores, 0) AS scores, COALESCE(f.spread, 0) AS spread,
       COALESCE(a.judges, 0) AS judges
FROM awards_nomination n
LEFT JOIN figures f ON f.nomination_id = n.id
LEFT JOIN assigned a ON a.nomination_id = n.id
WHERE n.round_id = %(round)s AND n.status = %(submitted)s
"""


@dataclass
class Row:
    nomination: Nomination
    weighted: float | None
    median: float | None
    normalised: float | None
    scores: int  # judges who scored it in full
    spread: float
    judges: int  # judges given it (not stepped aside)
    needed: int  # the round's judges per nomination
    decision: Decision | None

    @property
    def disagreement(self) -> bool:
        return self.scores > 1 and self.spread >= DISAGREEMENT

    @property
    def short_of_judges(self) -> bool:
        return self.judges < self.needed

    @property
    def scores_missing(self) -> int:
        return max(self.judges - self.scores, 0)


PAGE_SIZE = 50


@dataclass
class Board:
    rows: list[Row]
    total: int
    page: int
    num_pages: int


def _figures(round_: Round) -> dict[int, dict]:
    with connection.cursor() as cursor:
        cursor.execute(
            _SQL,
            {
                "round": round_.pk,
                "submitted": NominationStatus.SUBMITTED.value,
                "active": AssignmentStatus.ACTIVE.value,
                "weight": PANEL_WEIGHT,
            },
        )
        names = [column.name for column in cursor.description]
        return {row["nomination_id"]: row for row in (dict(zip(names, r, strict=True)) for r in cursor)}


def leaderboard(
    round_: Round, *, sort: str = "normalised", page: int | None = 1, page_size: int = PAGE_SIZE
) -> Board:
    """The round's submitted nominations with their figures, sorted (descending) by `sort`, those not yet
    scored last; one page of them (or all, with `page=None`). The figures are computed for every
    nomination in one statement and sorted here; only the page's nominations are loaded."""
    figures = _figures(round_)
    column = sort if sort in SORTS else "normalised"

    def key(pk):
        value = figures[pk][column]
        return (value is None, -(value or 0), pk)

    ids = sorted(figures, key=key)
    total = len(ids)
    num_pages = max(1, -(-total // page_size))
    if page is not None:
        page = min(max(page, 1), num_pages)
        ids = ids[(page - 1) * page_size : page * page_size]
    nominations = (
        Nomination.objects.filter(pk__in=ids)
        .select_related("category", "decision", "innovation")
        .prefetch_related("nominees__organisation")
        .in_bulk()
    )
    rows = [_row(round_, nominations[pk], figures[pk]) for pk in ids]
    return Board(rows=rows, total=total, page=page or 1, num_pages=1 if page is None else num_pages)


def leaderboard_row(round_: Round, nomination: Nomination) -> Row:
    """One nomination's figures, as the leaderboard shows them (measured against the whole round)."""
    return _row(round_, nomination, _figures(round_)[nomination.pk])


def _row(round_: Round, nomination: Nomination, figure: dict) -> Row:
    return Row(
        nomination=nomination,
        weighted=figure["weighted"],
        median=figure["median"],
        normalised=figure["normalised"],
        scores=figure["scores"],
        spread=figure["spread"],
        judges=figure["judges"],
        needed=round_.judges_per_nomination,
        decision=getattr(nomination, "decision", None),
    )
