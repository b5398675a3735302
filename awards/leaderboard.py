"""The leaderboard for the central team, computed in the database in one statement (plus one for the
nominations' names), whatever the number of nominations, judges and criteria.

For each judge's complete set of scores of a nomination, their weighted score is the criteria's scores
weighted by the criteria's weights (1 to 5). Per nomination:

- the weighted mean of its judges' weighted scores, and their median;
- the normalised score: each judge's weighted scores turned into z-scores over all the nominations that
  judge scored (minus the judge's mean, over the judge's standard deviation), so that a harsh and a
  lenient judge count alike, averaged over the nomination's judges (a judge who gave every nomination
  the same score adds 0);
- the number of judges who scored it in full, and a disagreement flag when their weighted scores spread
  widely (a standard deviation of `DISAGREEMENT` or more on the 1 to 5 scale).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from awards.models import AssignmentStatus, Decision, Nomination, NominationStatus, Round

DISAGREEMENT = 1.0
SORTS = {
    "weighted": ("Weighted mean", lambda row: row.weighted),
    "median": ("Median", lambda row: row.median),
    "normalised": ("Normalised", lambda row: row.normalised),
    "scores": ("Scores", lambda row: row.scores),
    "spread": ("Spread", lambda row: row.spread),
}

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
normalised AS (
    SELECT nomination_id, total,
           COALESCE((total - AVG(total) OVER (PARTITION BY judge_id))
                    / NULLIF(STDDEV_POP(total) OVER (PARTITION BY judge_id), 0), 0) AS z
    FROM totals
)
SELECT nomination_id, AVG(total), percentile_cont(0.5) WITHIN GROUP (ORDER BY total), AVG(z), COUNT(*),
       COALESCE(STDDEV_POP(total), 0)
FROM normalised
GROUP BY nomination_id
"""


@dataclass
class Row:
    nomination: Nomination
    weighted: float | None
    median: float | None
    normalised: float | None
    scores: int
    spread: float
    decision: Decision | None

    @property
    def disagreement(self) -> bool:
        return self.scores > 1 and self.spread >= DISAGREEMENT


PAGE_SIZE = 50


@dataclass
class Board:
    rows: list[Row]
    total: int
    page: int
    num_pages: int


def leaderboard(
    round_: Round, *, sort: str = "normalised", page: int | None = 1, page_size: int = PAGE_SIZE
) -> Board:
    """The round's submitted nominations with their figures, sorted (descending) by `sort`, those not yet
    scored last; one page of them (or all, with `page=None`). The figures are computed for every
    nomination in one statement and sorted here; only the page's nominations are loaded."""
    with connection.cursor() as cursor:
        cursor.execute(
            _SQL,
            {
                "round": round_.pk,
                "submitted": NominationStatus.SUBMITTED.value,
                "active": AssignmentStatus.ACTIVE.value,
            },
        )
        figures = {row[0]: row[1:] for row in cursor.fetchall()}
    ids = list(
        Nomination.objects.filter(round=round_, status=NominationStatus.SUBMITTED).values_list(
            "pk", flat=True
        )
    )
    index = {"weighted": 0, "median": 1, "normalised": 2, "scores": 3, "spread": 4}.get(sort, 2)

    def key(pk):
        value = figures.get(pk, (None, None, None, 0, 0.0))[index]
        return (value is None, -(value or 0), pk)

    ids.sort(key=key)
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
    rows = []
    for pk in ids:
        nomination = nominations[pk]
        weighted, median, normalised, scores, spread = figures.get(pk, (None, None, None, 0, 0.0))
        rows.append(
            Row(
                nomination,
                weighted,
                median,
                normalised,
                scores,
                spread,
                getattr(nomination, "decision", None),
            )
        )
    return Board(rows=rows, total=total, page=page or 1, num_pages=1 if page is None else num_pages)
