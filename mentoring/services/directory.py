"""The mentor directory's search entries: one row per approved mentor taking mentees, kept in step
with the mentors by `mentor_refresh`, which every write path calls."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from mentoring.models import Format, Mentor
from portal.core.vocabulary import OrganisationType, Stage, Theme
from portal.moderation.models import Status
from portal.search.vocabulary import words_add

# A: the name; B: job title, organisation, what they help with (themes, policy areas, stages, the kinds
# of organisation they know); C: the bio. Only approved mentors taking mentees have an entry.
_MENTOR_REFRESH_SQL = """
INSERT INTO mentoring_mentorentry (
    mentor_id, user_id, organisation_id, capacity, name, region, theme_bits, policy_bits, stage_bits, knows_bits, format_bits, room,
    published_at, search_vector
)
SELECT
    m.id, m.user_id, u.organisation_id, m.capacity, u.full_name, m.region,
    COALESCE((SELECT bit_or(1 << (array_position(%(themes)s::varchar[], c::varchar) - 1))
        FROM unnest(m.themes) AS c), 0),
    COALESCE((SELECT bit_or(1::bigint << pa.bit) FROM mentoring_mentor_policy_areas mp
        JOIN innovations_policyarea pa ON pa.id = mp.policyarea_id WHERE mp.mentor_id = m.id), 0),
    COALESCE((SELECT bit_or(1 << (array_position(%(stages)s::varchar[], c::varchar) - 1))
        FROM unnest(m.stages) AS c), 0),
    COALESCE((SELECT bit_or(1 << (array_position(%(types)s::varchar[], c::varchar) - 1))
        FROM unnest(m.knows_organisation_types) AS c), 0),
    COALESCE((SELECT bit_or(1 << (array_position(%(formats)s::varchar[], c::varchar) - 1))
        FROM unnest(m.formats) AS c), 0),
    GREATEST(m.capacity - m.active_mentees, 0),
    m.published_at,
    setweight(to_tsvector('english', u.full_name), 'A')
    || setweight(to_tsvector('english', concat_ws(' ', u.job_title, o.name,
        (SELECT string_agg((%(theme_labels)s::varchar[])[array_position(%(themes)s::varchar[], c::varchar)], ' ')
         FROM unnest(m.themes) AS c),
        (SELECT string_agg(pa.name, ' ') FROM mentoring_mentor_policy_areas mp
         JOIN innovations_policyarea pa ON pa.id = mp.policyarea_id WHERE mp.mentor_id = m.id),
        (SELECT string_agg((%(type_labels)s::varchar[])[array_position(%(types)s::varchar[], c::varchar)], ' ')
         FROM unnest(m.knows_organisation_types) AS c))), 'B')
    || setweight(to_tsvector('english', m.bio), 'C')
FROM mentoring_mentor m
JOIN portal_user u ON u.id = m.user_id
LEFT JOIN portal_organisation o ON o.id = u.organisation_id
WHERE m.id = ANY(%(ids)s) AND m.status = %(published)s AND m.taking_mentees
ON CONFLICT (mentor_id) DO UPDATE SET
    user_id = EXCLUDED.user_id,
    organisation_id = EXCLUDED.organisation_id,
    capacity = EXCLUDED.capacity,
    name = EXCLUDED.name,
    region = EXCLUDED.region,
    theme_bits = EXCLUDED.theme_bits,
    policy_bits = EXCLUDED.policy_bits,
    stage_bits = EXCLUDED.stage_bits,
    knows_bits = EXCLUDED.knows_bits,
    format_bits = EXCLUDED.format_bits,
    room = EXCLUDED.room,
    published_at = EXCLUDED.published_at,
    search_vector = EXCLUDED.search_vector
"""

_MENTOR_PRUNE_SQL = """
DELETE FROM mentoring_mentorentry e
WHERE e.mentor_id = ANY(%(ids)s)
  AND NOT EXISTS (
      SELECT 1 FROM mentoring_mentor m
      WHERE m.id = e.mentor_id AND m.status = %(published)s AND m.taking_mentees
  )
"""


# The words the directory shows, for spelling suggestions (portal.search.vocabulary).
MENTOR_WORDS_SQL = """
SELECT concat_ws(' ', u.full_name, u.job_title, m.bio, o.name)
FROM mentoring_mentor m JOIN portal_user u ON u.id = m.user_id
LEFT JOIN portal_organisation o ON o.id = u.organisation_id
WHERE m.id = ANY(%(ids)s) AND m.status = 'published' AND m.taking_mentees
"""


def mentor_refresh(mentor_ids: Iterable[int]) -> None:
    """Bring the directory's entries in step with these mentors: approved ones taking mentees are
    (re)indexed; any others are removed."""
    ids = sorted({int(i) for i in mentor_ids})
    if not ids:
        return
    params = {
        "ids": ids,
        "published": Status.PUBLISHED.value,
        "themes": list(Theme.values),
        "theme_labels": list(Theme.labels),
        "stages": list(Stage.values),
        "types": list(OrganisationType.values),
        "type_labels": list(OrganisationType.labels),
        "formats": list(Format.values),
    }
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 5000):
            params["ids"] = ids[start : start + 5000]
            cursor.execute(_MENTOR_REFRESH_SQL, params)
            cursor.execute(_MENTOR_PRUNE_SQL, params)
    words_add(MENTOR_WORDS_SQL, ids)


def mentors_for_user_ids(user_ids: Iterable[int]) -> list[int]:
    """The mentors whose entries show these people (their name, role or organisation changed)."""
    return list(Mentor.objects.filter(user_id__in=list(user_ids)).values_list("pk", flat=True))
