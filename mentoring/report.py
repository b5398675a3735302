"""The programme report for the central team: what the mentor scheme has done, month by month for the
last twelve months and in total. Every figure is counted in the database, in a fixed number of queries
however many requests, mentors and mentorships there are."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.utils import timezone

from mentoring.matching import WEIGHT_LABELS, WEIGHTS
from mentoring.models import MAX_CAPACITY, MentorshipStatus, RequestStatus, SupportStatus
from portal.core.charts import bar_chart, shown
from portal.moderation.models import Status


def _months(today: date) -> list[date]:
    """The first day of each of the last twelve months, oldest first, this month last."""
    months = []
    year, month = today.year, today.month
    for _ in range(12):
        months.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


_MONTHLY_SQL = """
WITH months AS (SELECT generate_series(%(first)s::date, %(last)s::date, interval '1 month')::date AS month)
SELECT months.month,
    (SELECT count(*) FROM mentoring_mentorrequest r
     WHERE date_trunc('month', r.created_at AT TIME ZONE %(tz)s)::date = months.month),
    (SELECT count(*) FROM mentoring_mentorrequest r
     WHERE date_trunc('month', r.matched_at AT TIME ZONE %(tz)s)::date = months.month),
    (SELECT count(*) FROM mentoring_mentorship m
     WHERE m.status = %(completed)s AND date_trunc('month', m.ended_at AT TIME ZONE %(tz)s)::date = months.month),
    (SELECT count(*) FROM mentoring_mentorship m
     WHERE m.status = %(early)s AND date_trunc('month', m.ended_at AT TIME ZONE %(tz)s)::date = months.month),
    (SELECT count(*) FROM mentoring_mentorship m
     WHERE (m.started_at AT TIME ZONE %(tz)s)::date < (months.month + interval '1 month')::date
       AND (m.ended_at IS NULL OR (m.ended_at AT TIME ZONE %(tz)s)::date >= (months.month + interval '1 month')::date)),
    (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.matched_at - r.created_at) / 86400)
     FROM mentoring_mentorrequest r
     WHERE date_trunc('month', r.matched_at AT TIME ZONE %(tz)s)::date = months.month)
FROM months ORDER BY months.month
"""

_TOTALS_SQL = """
SELECT
    (SELECT count(*) FROM mentoring_mentorrequest),
    (SELECT count(*) FROM mentoring_mentorrequest WHERE matched_at IS NOT NULL),
    (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM matched_at - created_at) / 86400)
     FROM mentoring_mentorrequest WHERE matched_at IS NOT NULL),
    (SELECT count(*) FROM mentoring_mentorrequest WHERE status = ANY(%(open)s)),
    (SELECT count(*) FROM mentoring_mentorship WHERE status = %(active)s),
    (SELECT count(*) FROM mentoring_mentorship WHERE status = %(completed)s),
    (SELECT count(*) FROM mentoring_mentorship WHERE status = %(early)s),
    (SELECT count(DISTINCT mentorship_id) FROM mentoring_employersupport WHERE status = %(confirmed)s),
    (SELECT count(*) FROM mentoring_mentor WHERE status = %(approved)s)
"""

# Each approved mentor's generation: 1 for those who joined by themselves, one more than their own
# mentor's for those their mentor invited after being mentored.
_GENERATIONS_SQL = """
WITH RECURSIVE generations AS (
    SELECT m.id, m.user_id, 1 AS generation FROM mentoring_mentor m
    WHERE m.status = %(approved)s AND m.brought_in_by_id IS NULL
    UNION ALL
    SELECT m.id, m.user_id, g.generation + 1 FROM mentoring_mentor m
    JOIN generations g ON m.brought_in_by_id = g.user_id
    WHERE m.status = %(approved)s AND g.generation < 20
)
SELECT generation, count(DISTINCT id) FROM generations GROUP BY generation ORDER BY generation
"""

_LOAD_SQL = """
SELECT active_mentees, count(*) FROM mentoring_mentor WHERE status = %(approved)s
GROUP BY active_mentees ORDER BY active_mentees
"""

_ENDED_EARLY_SQL = """
SELECT lower(trim(end_reason)) AS reason, count(*) FROM mentoring_mentorship WHERE status = %(early)s
GROUP BY lower(trim(end_reason)) ORDER BY count(*) DESC, reason LIMIT 20
"""


def programme_report(*, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    months = _months(today)
    params = {
        "first": months[0], "last": months[-1], "tz": timezone.get_current_timezone_name(),
        "completed": MentorshipStatus.COMPLETED.value, "early": MentorshipStatus.ENDED_EARLY.value,
        "active": MentorshipStatus.ACTIVE.value, "confirmed": SupportStatus.CONFIRMED.value,
        "approved": Status.PUBLISHED.value, "open": [RequestStatus.CHOOSING.value, RequestStatus.WAITING.value, RequestStatus.NO_MATCH.value],
    }  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(_MONTHLY_SQL, params)
        monthly = cursor.fetchall()
        cursor.execute(_TOTALS_SQL, params)
        totals = cursor.fetchone()
        cursor.execute(_GENERATIONS_SQL, params)
        generations = cursor.fetchall()
        cursor.execute(_LOAD_SQL, params)
        load = dict(cursor.fetchall())
        cursor.execute(_ENDED_EARLY_SQL, params)
        ended_early = cursor.fetchall()
    labels = [month.strftime("%b %y") for month in months]
    requests, matched, completed, early, employer, mentors = (
        totals[0],
        totals[1],
        totals[5],
        totals[6],
        totals[7],
        totals[8],
    )
    return {
        "figures": [
            ("Requests for a mentor", shown(requests)),
            ("Matched with a mentor", shown(matched)),
            (
                "Median days from asking to a match",
                f"{totals[2]:.1f}" if totals[2] is not None else "None matched yet",
            ),
            ("Requests waiting for a match now", shown(totals[3])),
            ("Active mentorships", shown(totals[4])),
            ("Completed mentorships", shown(completed)),
            ("Mentorships ended early", shown(early)),
            ("Mentorships with time confirmed by an employer", shown(employer)),
            ("Approved mentors", shown(mentors)),
        ],
        "charts": [
            (
                "requests",
                bar_chart(
                    title="Requests for a mentor, by month", labels=labels, values=[r[1] for r in monthly]
                ),
            ),
            (
                "matched",
                bar_chart(
                    title="Requests matched with a mentor, by month",
                    labels=labels,
                    values=[r[2] for r in monthly],
                ),
            ),
            (
                "completed",
                bar_chart(
                    title="Mentorships completed, by month", labels=labels, values=[r[3] for r in monthly]
                ),
            ),
            (
                "early",
                bar_chart(
                    title="Mentorships ended early, by month", labels=labels, values=[r[4] for r in monthly]
                ),
            ),
            (
                "active",
                bar_chart(
                    title="Active mentorships at the end of each month",
                    labels=labels,
                    values=[r[5] for r in monthly],
                ),
            ),
            (
                "days",
                bar_chart(
                    title="Median days from asking to a match, by month of the match",
                    labels=labels,
                    values=[round(r[6], 1) if r[6] is not None else 0 for r in monthly],
                    suppress=False,
                ),
            ),
            (
                "load",
                bar_chart(
                    title="Approved mentors by how many mentees they have now",
                    label_heading="Mentees now",
                    labels=[str(n) for n in range(MAX_CAPACITY + 1)],
                    values=[load.get(n, 0) for n in range(MAX_CAPACITY + 1)],
                ),
            ),
            (
                "generations",
                bar_chart(
                    title="Approved mentors by generation (2: mentored by a mentor, then invited to mentor)",
                    label_heading="Generation",
                    labels=[str(g) for g, _n in generations] or ["1"],
                    values=[n for _g, n in generations] or [0],
                ),
            ),
        ],
        "ended_early": [(reason or "No reason given", shown(count)) for reason, count in ended_early],
        "weights": [(WEIGHT_LABELS[name], weight) for name, weight in WEIGHTS.items()],
    }
