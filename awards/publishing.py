"""Publishing a round's results once its announcement date has passed: the Scaling Up Champions
directory's entries, the innovations' awards ("Award winner 2026" and the catalogue's Award filter),
and each champion's invitation to join the mentor pool, which they accept once they confirm what they can help with.

Publishing is idempotent and follows the dates: `results_sync` publishes a round whose announcement
date has passed and withdraws what was published for a round whose date was moved back. It runs from
`manage.py publish_results` (cron), from a task queued for the announcement time when a round is saved,
and when a round is saved in the admin.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.core import signing
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import Truncator
from django_tasks import default_task_backend, task

from awards.models import (
    ChampionEntry,
    Decision,
    Nomination,
    NominationStatus,
    Nominee,
    NomineeKind,
    Outcome,
    Round,
    RoundState,
    in_state_q,
    in_state_sql,
)
from innovations.services import recognitions_replace
from mentoring.models import BIO_LIMIT, Format, Mentor
from mentoring.services import mentor_join_as_champion, mentor_refresh, password_setting_url
from portal.core.emails import send_templated_email
from portal.core.vocabulary import OrganisationType, Region, Stage, Theme
from portal.moderation.models import AlreadyDone
from portal.search.vocabulary import words_add
from portal.services import account_claim

CHAMPION_OUTCOMES = list(Outcome.values)  # winners, highly commended and shortlisted are all champions
INVITATION_DAYS = 90
INVITATION_SALT = "awards.champion-mentor"

# A: who (the team's or the nominees' names); B: the innovation, the category, roles and organisations;
# C: the citation and the nomination's summary. Nominees' email addresses are never indexed.
_CHAMPIONS_REFRESH_SQL = """
INSERT INTO awards_championentry (
    decision_id, round_id, year, outcome, outcome_rank, category_slug, category_name, name,
    theme_bits, region_bits, type_bits, published_at, search_vector
)
SELECT
    d.id, r.id, r.year, d.outcome,
    array_position(%(outcomes)s::varchar[], d.outcome::varchar),
    COALESCE(trim(both '-' from regexp_replace(lower(c.name), '[^a-z0-9]+', '-', 'g')), ''),
    COALESCE(c.name, ''),
    left(people.names, 300),
    COALESCE((
        SELECT bit_or(1 << (array_position(%(themes)s::varchar[], t::varchar) - 1))
        FROM unnest(i.themes) AS t
    ), 0),
    COALESCE(people.region_bits, 0),
    COALESCE(people.type_bits, 0),
    r.announce_at,
    setweight(to_tsvector('english', concat_ws(' ', people.names, people.all_names)), 'A')
    || setweight(to_tsvector('english', concat_ws(' ', i.title, c.name, people.roles, people.organisations)), 'B')
    || setweight(to_tsvector('english', concat_ws(' ', d.citation, n.summary)), 'C')
FROM awards_decision d
JOIN awards_nomination n ON n.id = d.nomination_id
JOIN awards_round r ON r.id = n.round_id
LEFT JOIN awards_category c ON c.id = n.category_id
LEFT JOIN innovations_innovation i ON i.id = n.innovation_id
CROSS JOIN LATERAL (
    SELECT
        CASE WHEN n.kind = %(team)s AND n.team_name <> '' THEN n.team_name
             ELSE string_agg(e.name, ', ' ORDER BY e."order", e.id) END AS names,
        string_agg(e.name, ' ') AS all_names,
        string_agg(e.role, ' ') AS roles,
        string_agg(o.name, ' ') AS organisations,
        bit_or(1 << (array_position(%(regions)s::varchar[], o.region::varchar) - 1)) AS region_bits,
        bit_or(1 << (array_position(%(types)s::varchar[], o.organisation_type::varchar) - 1)) AS type_bits
    FROM awards_nominee e JOIN portal_organisation o ON o.id = e.organisation_id
    WHERE e.nomination_id = n.id
) AS people
WHERE r.id = ANY(%(rounds)s) AND {results_public} AND n.status = %(submitted)s
  AND d.outcome = ANY(%(outcomes)s)
""".replace("{results_public}", in_state_sql(RoundState.ANNOUNCED, "r"))


# The words the directory shows, for spelling suggestions (portal.search.vocabulary).
CHAMPION_WORDS_SQL = """
SELECT concat_ws(' ', e.name, d.citation, n.summary, c.name)
FROM awards_championentry e JOIN awards_decision d ON d.id = e.decision_id
JOIN awards_nomination n ON n.id = d.nomination_id LEFT JOIN awards_category c ON c.id = n.category_id
WHERE e.decision_id = ANY(%(ids)s)
"""


def champions_refresh(round_ids: Iterable[int]) -> None:
    """Bring the champions directory in step with these rounds: the decisions of a round whose
    announcement date has passed are (re)indexed; a round not yet announced has no entries."""
    rounds = sorted({int(i) for i in round_ids})
    if not rounds:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM awards_championentry WHERE round_id = ANY(%s)", [rounds])
        cursor.execute(
            _CHAMPIONS_REFRESH_SQL,
            {
                "rounds": rounds,
                "submitted": NominationStatus.SUBMITTED.value,
                "team": NomineeKind.TEAM.value,
                "outcomes": CHAMPION_OUTCOMES,
                "themes": list(Theme.values),
                "regions": list(Region.values),
                "types": list(OrganisationType.values),
            },
        )
        cursor.execute("SELECT decision_id FROM awards_championentry WHERE round_id = ANY(%s)", [rounds])
        words_add(CHAMPION_WORDS_SQL, [row[0] for row in cursor.fetchall()])


def champions_refresh_entries(decision_ids: Iterable[int]) -> None:
    """The directory's refresh by entry (the registry's reindex loops): their rounds are refreshed."""
    champions_refresh(
        Decision.objects.filter(pk__in=list(decision_ids)).values_list("nomination__round_id", flat=True)
    )


def champions_for_organisation(organisation_id: int) -> list[int]:
    return list(
        ChampionEntry.objects.filter(
            decision__nomination__nominees__organisation_id=organisation_id
        ).values_list("decision_id", flat=True)
    )


def _source(round_: Round) -> str:
    return f"awards.round:{round_.pk}"


@transaction.atomic
def results_sync(round_: Round, *, now=None) -> bool:
    """Publish the round's results if its announcement date has passed, or withdraw them if the date
    was moved back; returns whether they are published. Safe to repeat: each champion is invited once."""
    round_ = Round.objects.select_for_update().select_related("award").get(pk=round_.pk)
    now = now or timezone.now()
    announced = round_.results_are_public(now)
    champions_refresh([round_.pk])
    champion_marks_refresh(round_)
    recognitions = []
    if announced:
        decisions = Decision.objects.filter(
            nomination__round=round_, nomination__innovation__isnull=False, outcome__in=CHAMPION_OUTCOMES
        ).values_list("nomination__innovation_id", "outcome")
        recognitions = [
            {
                "innovation_id": innovation_id,
                "award": round_.award.name,
                "year": round_.year,
                "outcome": outcome,
                "url": round_.get_absolute_url(),
            }
            for innovation_id, outcome in decisions
        ]
    recognitions_replace(source=_source(round_), recognitions=recognitions)
    if not announced:
        if round_.results_published_at:
            Round.objects.filter(pk=round_.pk).update(results_published_at=None)
        return False
    _invite_champions(round_, now=now)
    if not round_.results_published_at:
        Round.objects.filter(pk=round_.pk).update(results_published_at=now)
    return True


def champion_marks_refresh(round_: Round) -> None:
    """Each mentor who joined from one of the round's nominations is marked a Scaling Up Champion of the
    latest year in which they stand among the published champions, or not at all: withdrawing results
    (the announcement moved back) or reversing a decision takes the mark away with them."""
    emails = {
        email.lower()
        for email in Nominee.objects.filter(
            nomination__round=round_, joined_mentors_at__isnull=False
        ).values_list("email", flat=True)
    }
    changed = []
    for email in emails:
        year = Nominee.objects.filter(
            email__iexact=email, joined_mentors_at__isnull=False, nomination__decision__entry__isnull=False
        ).aggregate(year=Max("nomination__decision__entry__year"))["year"]
        for mentor in Mentor.objects.filter(user__email__iexact=email).exclude(champion_year=year):
            Mentor.objects.filter(pk=mentor.pk).update(champion_year=year)
            changed.append(mentor.pk)
    mentor_refresh(changed)


def results_publish_due(*, now=None) -> int:
    """Publish every round whose announcement date has passed since it was last published, and withdraw
    any whose date was moved back; returns how many rounds changed."""
    now = now or timezone.now()
    due = Round.objects.filter(
        (in_state_q(RoundState.ANNOUNCED, now) & Q(results_published_at__isnull=True))
        | (~in_state_q(RoundState.ANNOUNCED, now) & Q(results_published_at__isnull=False))
    )
    changed = 0
    for round_ in due:
        results_sync(round_, now=now)
        changed += 1
    return changed


@task()
def publish_round_results(round_id: int) -> None:
    """Queued for a round's announcement time: publish it then (a no-op if the date has moved)."""
    round_ = Round.objects.filter(pk=round_id).first()
    if round_ is not None and round_.results_are_public():
        results_sync(round_)


def schedule_results(round_: Round) -> None:
    """After a round is saved: publish or withdraw its results now to match its dates, and, where the
    task queue can run a task later, queue publication for the announcement time."""
    results_sync(round_)
    if not round_.results_are_public() and default_task_backend.supports_defer:
        publish_round_results.using(run_after=round_.announce_at).enqueue(round_id=round_.pk)


# --- Champions' invitations to mentor -----------------------------------------------------------


def invitation_token(nominee: Nominee) -> str:
    return signing.dumps({"nominee": nominee.pk, "email": nominee.email.lower()}, salt=INVITATION_SALT)


def nominee_for_token(token: str) -> Nominee | None:
    """The champion an invitation link was sent to, or None for a link that is not ours, is older than
    INVITATION_DAYS, or whose decision is not (or no longer) published."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=timedelta(days=INVITATION_DAYS))
    except signing.BadSignature:
        return None
    nominee = (
        Nominee.objects.select_related(
            "organisation",
            "nomination__innovation",
            "nomination__category",
            "nomination__decision",
            "nomination__round__award",
        )
        .filter(pk=data.get("nominee"), nomination__decision__entry__isnull=False)
        .first()
    )
    if nominee is None or nominee.email.lower() != data.get("email"):
        return None
    return nominee


def _invite_champions(round_: Round, *, now) -> None:
    nominees = (
        Nominee.objects.select_for_update(of=("self",))
        .select_related("nomination__decision", "nomination__category", "nomination__round__award")
        .filter(
            nomination__round=round_,
            nomination__decision__entry__isnull=False,
            invited_to_mentor_at__isnull=True,
        )
    )
    for nominee in nominees:
        send_templated_email(
            template="champion_invited",
            to=[nominee.email],
            context={
                "nominee": nominee,
                "round": round_,
                "placing": nominee.nomination.decision.placing(),
                "token": invitation_token(nominee),
                "days": INVITATION_DAYS,
            },
        )
        nominee.invited_to_mentor_at = now
        nominee.save(update_fields=["invited_to_mentor_at"])


def champion_offer(nominee: Nominee) -> dict:
    """A champion's offer to mentor, prefilled with only what their nomination shows: its innovation's
    conditions for scaling up and the stages up to the one it reached (nothing, when it names no
    innovation: the champion says what they help with on joining), the kinds of organisation they work
    in, their organisation's region, remote mentoring, and the nomination's summary as their
    introduction."""
    nomination: Nomination = nominee.nomination
    innovation = nomination.innovation
    stages = list(Stage.values)
    stages = stages[: stages.index(innovation.stage) + 1] if innovation and innovation.stage in stages else []
    kinds = sorted({n.organisation.organisation_type for n in nomination.nominees.all()} - {""})
    return {
        "themes": list(innovation.themes) if innovation is not None else [],
        "stages": stages,
        "knows_organisation_types": kinds,
        "region": nominee.organisation.region or (innovation.organisation.region if innovation else ""),
        "formats": [Format.REMOTE],
        "capacity": 2,
        "bio": Truncator(nomination.summary).chars(BIO_LIMIT),
    }


def champion_helps_with(nominee: Nominee, mentor: Mentor | None) -> dict:
    """What the join page asks a champion to confirm they help with, prefilled: a mentor's own answers
    where they have given them, otherwise what the nomination shows."""
    offer = champion_offer(nominee)
    innovation = nominee.nomination.innovation
    areas = list(mentor.policy_areas.all()) if mentor is not None else []
    return {
        "themes": (mentor.themes if mentor is not None else []) or offer["themes"],
        "stages": (mentor.stages if mentor is not None else []) or offer["stages"],
        "policy_areas": areas or (list(innovation.policy_areas.all()) if innovation is not None else []),
    }


@transaction.atomic
def champion_accept(
    nominee: Nominee, *, themes: list[str], stages: list[str], policy_areas
) -> tuple[Mentor, bool]:
    """The champion accepts, having confirmed what they help with (`themes`, `stages`, `policy_areas`):
    their account (made now if they have none, or taken over from whoever registered their address
    without confirming it, with the nominee's name, role and organisation, and no password until they
    choose one: portal.services.account_claim), and their mentor profile, approved and marked as a
    champion of the round's year. Returns the mentor and whether a password is still to be set. Refused
    if they have already accepted, or confirmed no condition or stage (nothing is written)."""
    nominee = (
        Nominee.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=nominee.pk)
    )
    if nominee.joined_mentors_at:
        raise AlreadyDone("You have already joined the mentor pool. Thank you.")
    user, claimed = account_claim(email=nominee.email)
    if claimed:  # new, or registered by someone who never confirmed the address: the nomination's details
        user.full_name, user.job_title, user.organisation = nominee.name, nominee.role, nominee.organisation
        user.save(update_fields=["full_name", "job_title", "organisation"])
    else:  # what their account lacks is taken from the nomination; nothing they wrote is replaced
        changed = []
        for name, value in [("full_name", nominee.name), ("job_title", nominee.role)]:
            if value and not getattr(user, name):
                setattr(user, name, value)
                changed.append(name)
        if not user.organisation_id:
            user.organisation = nominee.organisation
            changed.append("organisation")
        if changed:
            user.save(update_fields=changed)
    nomination = Nomination.objects.select_related("innovation__organisation", "round").get(
        pk=nominee.nomination_id
    )
    nominee.nomination = nomination
    mentor = mentor_join_as_champion(
        user=user,
        offer={**champion_offer(nominee), "themes": themes, "stages": stages},
        policy_areas=policy_areas,
        year=nomination.round.year,
    )
    nominee.joined_mentors_at = timezone.now()
    nominee.save(update_fields=["joined_mentors_at"])
    needs_password = not user.has_usable_password()
    send_templated_email(
        template="champion_joined",
        to=[user.email],
        context={
            "mentor": mentor,
            "user": user,
            "year": nomination.round.year,
            "set_password_url": password_setting_url(user) if needs_password else "",
        },
    )
    return mentor, needs_password
