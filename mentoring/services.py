"""Every write to the mentor pool that has a rule: offering to mentor (draft, submit), the central team's
review (approve, send back, archive), pausing and capacity, the import of an existing pool, the upkeep
of the directory's search entries, and requests, offers and mentorships.

Row locks are taken in one order everywhere, so that two writes at once queue rather than each wait for
a row the other holds (a deadlock): first the mentor's row, then the request's rows (by id), then each
request's offers (by id, after their request), then the mentorship. A write takes only the locks it
needs, but never one earlier in the order after a later one: accepting, declining (`_offer_locked`),
ending a mentorship and a mentor's own changes lock the mentor first; withdrawing, expiring, choosing
(`_request_locked`) and a batch of offers (its requests by id) start at the request. Locks are on the
row itself (`of=("self",)`), never on rows joined to read, and `no_key` so that adding an offer or a
mentorship that points at a locked row does not wait for it."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from innovations.models import PolicyArea
from mentoring.matching import suggest_mentors
from mentoring.models import (
    MAX_CAPACITY,
    MAX_CHOICES,
    MIN_CAPACITY,
    Assessment,
    EmployerSupport,
    Feedback,
    FeedbackMoment,
    Format,
    Goal,
    JoinedBy,
    Mentor,
    MentoringSession,
    MentorOffer,
    MentorRequest,
    Mentorship,
    MentorshipStatus,
    OfferStatus,
    PrivateNote,
    RequestStatus,
    Standing,
    SupportStatus,
)
from mentoring.selectors import is_member_email
from portal.core.csv_import import RowError, codes_for, lookup_values, read_rows, split_list
from portal.core.emails import send_templated_email
from portal.core.slugs import reserved_by_urls, unique_slug
from portal.core.vocabulary import OrganisationType, Region, Stage, Theme
from portal.models import Organisation, User
from portal.moderation.models import (
    EDITABLE_BY_SUBMITTER,
    AlreadyDone,
    Status,
    WorkflowError,
    check_transition,
)
from portal.search.vocabulary import words_add
from portal.services import account_claim, organisation_get_or_create

# What a mentor writes in their offer (their name, role and organisation are their account's).
OFFER_FIELDS = [
    "themes", "stages", "knows_organisation_types", "region", "formats", "capacity", "bio", "taking_mentees",
]  # fmt: skip
# What an offer needs before it can be sent to the central team, with how the missing answer is named.
NEEDED_TO_SUBMIT = {
    "themes": "the conditions for scaling up you can help with",
    "stages": "the stages you can help at",
    "region": "where you are based",
    "formats": "whether you mentor remotely or in person",
    "bio": "a few words about you as a mentor",
}


def mentor_for_user(user) -> Mentor | None:
    return Mentor.objects.filter(user=user).select_related("user__organisation").first()


def offer_missing(mentor: Mentor) -> list[str]:
    """The answers an offer still needs before it can be submitted, in words."""
    missing = [label for name, label in NEEDED_TO_SUBMIT.items() if not getattr(mentor, name)]
    user = mentor.user
    if not user.full_name:
        missing.insert(0, "your name")
    if not user.job_title:
        missing.insert(1 if not user.full_name else 0, "your job title")
    if not user.organisation_id:
        missing.append("your organisation")
    return missing


def mentor_stamp(mentor: Mentor) -> None:
    """The rules every save of a mentor follows (services, admin, import): a slug from the name, the
    approval date, and the version raised on every change."""
    if not mentor.slug:
        mentor.slug = unique_slug(
            Mentor.objects.all(), mentor.user.full_name or "mentor", fallback="mentor",
            reserved=reserved_by_urls("mentors"),
        )  # fmt: skip
    if mentor.status == Status.PUBLISHED and mentor.published_at is None:
        mentor.published_at = timezone.now()
    if mentor.pk:
        mentor.version += 1


@transaction.atomic
def mentor_save(*, mentor: Mentor, policy_areas: Iterable[PolicyArea] | None = None) -> Mentor:
    mentor_stamp(mentor)
    mentor.full_clean(exclude=["user", "policy_areas"])
    mentor.save()
    if policy_areas is not None:
        mentor.policy_areas.set(policy_areas)
    mentor_refresh([mentor.pk])
    return mentor


@transaction.atomic
def mentor_save_offer(
    *, user, offer: dict, policy_areas: Iterable[PolicyArea], account: dict | None = None
) -> Mentor:
    """Keep what someone has written in their offer to mentor. A draft or an offer sent back stays as it
    is until submitted; an approved mentor's changed offer goes back to the central team, and leaves the
    directory until it is approved again."""
    mentor = Mentor.objects.select_for_update().filter(user=user).first()
    if mentor is None:
        inviter = invited_by(user)
        mentor = Mentor(
            user=user, joined_by=JoinedBy.INVITED if inviter else JoinedBy.OFFERED, brought_in_by=inviter
        )
    if account:
        for name, value in account.items():
            setattr(user, name, value)
        user.save(update_fields=[*account])
    for name in OFFER_FIELDS:
        if name in offer:
            setattr(mentor, name, offer[name])
    if mentor.capacity < mentor.active_mentees:
        raise WorkflowError(
            f"You mentor {mentor.active_mentees} people now: the number at once cannot be fewer than that."
        )
    resubmitted = mentor.status == Status.PUBLISHED
    if resubmitted:
        mentor.status = Status.SUBMITTED
        mentor.submitted_at = timezone.now()
    mentor_save(mentor=mentor, policy_areas=policy_areas)
    if resubmitted:
        _email_submitted(mentor, changed=True)
    return mentor


# What a champion confirms on joining: what they help with (with the policy areas). The rest of a new
# champion's profile is prefilled from their nomination.
CHAMPION_CONFIRMS = ["themes", "stages"]


@transaction.atomic
def mentor_join_as_champion(*, user, offer: dict, policy_areas: Iterable[PolicyArea], year: int) -> Mentor:
    """A Scaling Up Champion accepts the invitation to mentor: they join the directory at once, approved
    without a second review (the award's judges and the central team have looked at their work).
    `offer` is their profile prefilled from the nomination, with what they help with (`CHAMPION_CONFIRMS`
    and `policy_areas`) as they confirmed it. A new mentor's profile is `offer`; an existing mentor's
    takes what they confirmed and keeps the rest they wrote, with only missing answers filled in. Refused
    without a condition and a stage: a listed profile never helps with nothing, nor with more than was
    said. Either way the profile names them a champion of `year`."""
    mentor = Mentor.objects.select_for_update().filter(user=user).first()
    new = mentor is None
    if new:
        mentor = Mentor(user=user, joined_by=JoinedBy.CHAMPION)
    for name in OFFER_FIELDS:
        if name in offer and (new or name in CHAMPION_CONFIRMS or not getattr(mentor, name)):
            setattr(mentor, name, offer[name])
    if not (mentor.themes and mentor.stages):
        raise WorkflowError("Say which conditions for scaling up and which stages you can help with.")
    mentor.champion_year = max(year, mentor.champion_year or 0)
    mentor.status = Status.PUBLISHED
    mentor.review_message = ""
    mentor_save(mentor=mentor, policy_areas=policy_areas)
    return mentor


@transaction.atomic
def mentor_submit(*, mentor: Mentor) -> Mentor:
    """Send an offer to the central team to review; the row is locked so a double submit is harmless."""
    mentor = Mentor.objects.select_for_update().select_related("user").get(pk=mentor.pk)
    if mentor.status == Status.SUBMITTED:
        raise AlreadyDone("Your offer has already been sent to the central team.")
    check_transition(mentor.status, Status.SUBMITTED, message="Your offer has already been approved.")
    missing = offer_missing(mentor)
    if missing:
        raise WorkflowError("Before sending your offer, add " + ", ".join(missing) + ".")
    mentor.status = Status.SUBMITTED
    mentor.submitted_at = timezone.now()
    mentor_save(mentor=mentor)
    _email_submitted(mentor, changed=False)
    return mentor


def _email_submitted(mentor: Mentor, *, changed: bool) -> None:
    context = {"mentor": mentor, "changed": changed}
    send_templated_email(template="mentor_submitted", to=[mentor.user.email], context=context)
    send_templated_email(template="mentor_submitted_team", to=[settings.CENTRAL_TEAM_EMAIL], context=context)


@transaction.atomic
def mentor_approve(*, mentor: Mentor) -> Mentor:
    """The central team approves an offer: the mentor joins the directory and is told."""
    mentor = Mentor.objects.select_for_update().select_related("user").get(pk=mentor.pk)
    if mentor.status == Status.PUBLISHED:
        raise AlreadyDone(f"{mentor.name} is already approved.")
    check_transition(mentor.status, Status.PUBLISHED)
    mentor.status = Status.PUBLISHED
    mentor.review_message = ""
    mentor_save(mentor=mentor)
    send_templated_email(template="mentor_approved", to=[mentor.user.email], context={"mentor": mentor})
    return mentor


@transaction.atomic
def mentor_send_back(*, mentor: Mentor, message: str) -> Mentor:
    """The central team asks for changes to an offer, saying what; the mentor is emailed the message."""
    if not message.strip():
        raise WorkflowError("Say what needs to change: the mentor is emailed this message.")
    mentor = Mentor.objects.select_for_update().select_related("user").get(pk=mentor.pk)
    check_transition(
        mentor.status, Status.CHANGES_REQUESTED, message=f"{mentor.name}'s offer is not waiting for review."
    )
    mentor.status = Status.CHANGES_REQUESTED
    mentor.review_message = message.strip()
    mentor_save(mentor=mentor)
    send_templated_email(template="mentor_sent_back", to=[mentor.user.email], context={"mentor": mentor})
    return mentor


@transaction.atomic
def mentor_archive(*, mentor: Mentor) -> Mentor:
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    check_transition(mentor.status, Status.ARCHIVED)
    mentor.status = Status.ARCHIVED
    mentor_save(mentor=mentor)
    return mentor


@transaction.atomic
def mentor_set_availability(*, mentor: Mentor, taking_mentees: bool, capacity: int) -> Mentor:
    """A mentor pauses or resumes taking mentees, or changes how many they take at once: applied at
    once, without review. The row is locked, so it cannot race a mentorship starting."""
    mentor = Mentor.objects.select_for_update().select_related("user").get(pk=mentor.pk)
    if not MIN_CAPACITY <= capacity <= MAX_CAPACITY:
        raise WorkflowError(f"Choose from {MIN_CAPACITY} to {MAX_CAPACITY} mentees at once.")
    if capacity < mentor.active_mentees:
        raise WorkflowError(
            f"You mentor {mentor.active_mentees} people now: the number at once cannot be fewer than that."
        )
    mentor.taking_mentees, mentor.capacity = taking_mentees, capacity
    return mentor_save(mentor=mentor)


def mentor_is_editable(mentor: Mentor | None) -> bool:
    return mentor is None or mentor.status in {*EDITABLE_BY_SUBMITTER, Status.PUBLISHED}


# --- The directory's search entries ------------------------------------------------------------------

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


# --- Importing an existing pool ----------------------------------------------------------------------

COLUMNS = [
    "name", "email", "job_title", "organisation", "organisation_type", "region", "themes", "policy_areas",
    "stages", "knows_organisation_types", "formats", "capacity", "bio",
]  # fmt: skip
REQUIRED = ["name", "email", "organisation", "region", "themes", "stages", "formats", "capacity"]
LIMITS = {
    "name": User._meta.get_field("full_name").max_length,
    "email": User._meta.get_field("email").max_length,
    "job_title": User._meta.get_field("job_title").max_length,
    "organisation": Organisation._meta.get_field("name").max_length,
    "bio": Mentor._meta.get_field("bio").max_length,
}
ONE_LINE = ["name", "email", "job_title", "organisation"]
LISTS = {
    "themes": Theme,
    "stages": Stage,
    "knows_organisation_types": OrganisationType,
    "formats": Format,
}


@dataclass
class MentorImportPlan:
    rows: list[tuple[int, dict]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def plan_mentor_import(file) -> MentorImportPlan:
    """Read and check a pool's CSV file without writing anything."""
    plan = MentorImportPlan()
    policy_areas = {pa.name.lower(): pa for pa in PolicyArea.objects.all()} | {
        pa.slug.lower(): pa for pa in PolicyArea.objects.all()
    }
    email_validator = EmailValidator()
    seen: dict[str, int] = {}
    for line, row, problems in read_rows(
        file, columns=COLUMNS, required=REQUIRED, errors=plan.errors, limits=LIMITS, one_line=ONE_LINE
    ):
        values = {name: row[name] for name in ["name", "job_title", "bio"]}
        values["email"] = row["email"].lower()
        values["organisation"] = " ".join(row["organisation"].split())
        if row["email"]:
            try:
                email_validator(row["email"])
            except ValidationError:
                problems.append(f"email “{row['email']}” is not an email address")
        for column, choices in [("organisation_type", OrganisationType), ("region", Region)]:
            codes, unknown = codes_for([row[column]] if row[column] else [], choices)
            if unknown:
                problems.append(f"{column} “{row[column]}” is not a known {column.replace('_', ' ')}")
            values[column] = codes[0] if codes else ""
        for column, choices in LISTS.items():
            codes, unknown = codes_for(split_list(row[column]), choices)
            if unknown:
                problems.append(f"unknown {column.replace('_', ' ')}: {', '.join(unknown)}")
            values[column] = codes
        values["policy_areas"], unknown = lookup_values(split_list(row["policy_areas"]), policy_areas)
        if unknown:
            problems.append(f"unknown policy areas: {', '.join(unknown)}")
        try:
            values["capacity"] = int(row["capacity"])
        except ValueError:
            if row["capacity"]:
                problems.append(f"capacity must be a whole number from {MIN_CAPACITY} to {MAX_CAPACITY}")
        else:
            if not MIN_CAPACITY <= values["capacity"] <= MAX_CAPACITY:
                problems.append(
                    f"capacity must be from {MIN_CAPACITY} to {MAX_CAPACITY}, not {row['capacity']}"
                )
        if values["email"] and values["email"] in seen:
            problems.append(f"the same email is already on line {seen[values['email']]}")
        seen.setdefault(values["email"], line)
        if (
            values["organisation"]
            and not values["organisation_type"]
            and not Organisation.objects.named(values["organisation"]).exists()
        ):
            problems.append("organisation_type is needed for an organisation new to the portal")
        if problems:
            plan.errors.append(RowError(line, "; ".join(problems) + "."))
            continue
        plan.rows.append((line, values))
    if not plan.rows and not plan.errors:
        plan.errors.append(RowError(0, "The file has a header row but no mentors."))
    return plan


@transaction.atomic
def apply_mentor_import(plan: MentorImportPlan) -> list[Mentor]:
    """Write a checked plan: each person's account and their mentor profile, approved. A person new to
    the portal, or whose account never confirmed their address (portal.services.account_claim), has no
    usable password and is emailed an invitation to set one."""
    if not plan.is_valid:
        raise ValueError("An import with errors cannot be applied.")
    saved = []
    for _line, values in plan.rows:
        organisation = organisation_get_or_create(
            name=values["organisation"],
            organisation_type=values["organisation_type"],
            region=values["region"],
        )
        user, invite = account_claim(email=values["email"])
        user.full_name = values["name"]
        user.job_title = values["job_title"] or ("" if invite else user.job_title)
        user.organisation = organisation
        user.save()
        mentor = Mentor.objects.filter(user=user).first() or Mentor(user=user, joined_by=JoinedBy.IMPORTED)
        for name in ["themes", "stages", "knows_organisation_types", "formats", "capacity", "bio", "region"]:
            setattr(mentor, name, values[name])
        mentor.capacity = max(mentor.capacity, mentor.active_mentees)
        mentor.status = Status.PUBLISHED
        mentor_save(mentor=mentor, policy_areas=values["policy_areas"])
        if invite:
            _email_invitation(user, mentor)
        saved.append(mentor)
    return saved


def import_mentors(file, *, dry_run: bool = False) -> tuple[MentorImportPlan, list[Mentor]]:
    plan = plan_mentor_import(file)
    if not plan.is_valid or dry_run:
        return plan, []
    return plan, apply_mentor_import(plan)


def password_setting_url(user) -> str:
    """A link where someone without a password sets one (allauth's reset link, valid for
    PASSWORD_RESET_TIMEOUT)."""
    key = default_token_generator.make_token(user)
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key})
    return f"{settings.SITE_URL}{path}"


def _email_invitation(user, mentor: Mentor) -> None:
    send_templated_email(
        template="mentor_invited",
        to=[user.email],
        context={
            "user": user,
            "mentor": mentor,
            "set_password_url": password_setting_url(user),
            "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
        },
    )


# --- Asking for a mentor, offers and mentorships ----------------------------------------------------


@transaction.atomic
def mentor_request_create(*, requester, policy_areas: Iterable[PolicyArea] = (), **fields) -> MentorRequest:
    """Record someone's request for a mentor; they then choose from the mentors suggested for it."""
    request = MentorRequest(requester=requester, **fields)
    request.full_clean(exclude=["requester", "policy_areas", "innovation"])
    request.save()
    request.policy_areas.set(policy_areas)
    return request


@transaction.atomic
def mentor_request_choose(*, request: MentorRequest, mentor_ids: list[int]) -> MentorRequest:
    """The requester's choice of up to three of the mentors suggested now (or asked for by name, when
    the hard rules allow them), in order. The first is asked at once; the next only if one before
    declines or does not answer in time."""
    _request_locked(request.pk)
    request = MentorRequest.objects.select_related("requester__organisation").get(pk=request.pk)
    if request.status not in {RequestStatus.CHOOSING, RequestStatus.NO_MATCH}:
        raise AlreadyDone("You have already chosen mentors for this request.")
    if not 1 <= len(mentor_ids) <= MAX_CHOICES or len(set(mentor_ids)) != len(mentor_ids):
        raise WorkflowError(f"Choose from 1 to {MAX_CHOICES} different mentors.")
    suggested = {s.mentor.pk: s for s in suggest_mentors(request, including=mentor_ids)}
    if any(mentor_id not in suggested for mentor_id in mentor_ids):
        raise WorkflowError(
            "One of the mentors you chose is no longer available: choose again from the list."
        )
    start = request.offers.count()
    for place, mentor_id in enumerate(mentor_ids, start=1):
        suggestion = suggested[mentor_id]
        MentorOffer.objects.create(
            request=request, mentor=suggestion.mentor, rank=start + place, score=suggestion.score,
            reasons=suggestion.reasons,
        )  # fmt: skip
    _offer_next(request)
    return request


def _offer_next(request: MentorRequest, *, after: MentorOffer | None = None) -> MentorOffer | None:
    """Ask the requester's next chosen mentor and tell the requester who (and, `after` a decline or an
    expiry, that the one before could not); with none left, tell them no mentor accepted."""
    offer = (
        request.offers.filter(status=OfferStatus.QUEUED)
        .select_related("mentor__user")
        .order_by("rank")
        .first()
    )
    if offer is None:
        request.status = RequestStatus.NO_MATCH
        request.save(update_fields=["status", "updated_at"])
        send_templated_email(
            template="mentor_request_no_match", to=[request.requester.email], context={"request": request}
        )
        return None
    now = timezone.now()
    offer.status, offer.sent_at = OfferStatus.PENDING, now
    offer.due_at = now + timedelta(days=settings.MENTOR_OFFER_DAYS)
    offer.save(update_fields=["status", "sent_at", "due_at"])
    request.status = RequestStatus.WAITING
    request.save(update_fields=["status", "updated_at"])
    context = {"offer": offer, "request": request, "previous": after}
    send_templated_email(template="mentor_offer_sent", to=[offer.mentor.user.email], context=context)
    send_templated_email(template="mentor_request_asked", to=[request.requester.email], context=context)
    return offer


def _request_locked(request_id: int, *, skip_locked: bool = False) -> MentorRequest | None:
    """The request, read after locking its row and then its offers' rows (the module's order); None if
    there is no such request, or, with `skip_locked`, if another write holds it."""
    request = (
        MentorRequest.objects.select_for_update(of=("self",), no_key=True, skip_locked=skip_locked)
        .select_related("requester")
        .filter(pk=request_id)
        .first()
    )
    if request is not None:
        list(
            MentorOffer.objects.select_for_update(no_key=True)
            .filter(request_id=request_id)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    return request


def _offer_locked(offer: MentorOffer) -> MentorOffer:
    """The offer, read after locking its mentor's row, its request's and the request's offers (the
    module's order). Every path that changes a mentor's load locks the mentor first, so two accepts for
    one mentor queue rather than both seeing room."""
    Mentor.objects.select_for_update(no_key=True).filter(pk=offer.mentor_id).values_list("pk").first()
    _request_locked(offer.request_id)
    return MentorOffer.objects.select_related("request__requester", "mentor__user").get(pk=offer.pk)


@transaction.atomic
def mentor_offer_accept(*, offer: MentorOffer) -> Mentorship:
    """The mentor accepts: the mentorship starts, the rest of the requester's choices are withdrawn, and
    both are emailed. Refused when the mentor has no room left (the database refuses it too)."""
    offer = _offer_locked(offer)
    if offer.status == OfferStatus.ACCEPTED:
        raise AlreadyDone("You have already accepted this request.")
    if offer.status != OfferStatus.PENDING:
        raise WorkflowError("This request is no longer waiting for your answer.")
    mentor = Mentor.objects.get(pk=offer.mentor_id)
    if mentor.active_mentees >= mentor.capacity:
        raise WorkflowError(
            f"You already mentor {mentor.active_mentees} of the {mentor.capacity} people you said you could "
            "support at once. Change how many you take, or decline this request."
        )
    now = timezone.now()
    offer.status, offer.answered_at = OfferStatus.ACCEPTED, now
    offer.save(update_fields=["status", "answered_at"])
    request = offer.request
    request.offers.filter(status=OfferStatus.QUEUED).update(status=OfferStatus.WITHDRAWN)
    request.status, request.matched_at = RequestStatus.MATCHED, now
    request.save(update_fields=["status", "matched_at", "updated_at"])
    mentorship = Mentorship.objects.create(
        request=request, mentor=mentor, mentee=request.requester, started_at=now
    )
    Mentor.objects.filter(pk=mentor.pk).update(active_mentees=F("active_mentees") + 1)
    mentor_refresh([mentor.pk])
    context = {"offer": offer, "request": request, "mentorship": mentorship, "mentor": mentor}
    send_templated_email(template="mentorship_started_mentee", to=[request.requester.email], context=context)
    send_templated_email(template="mentorship_started_mentor", to=[offer.mentor.user.email], context=context)
    return mentorship


@transaction.atomic
def mentor_offer_decline(*, offer: MentorOffer, reason: str) -> MentorOffer:
    """The mentor declines, saying why (the requester is not shown the reason); the next choice is asked."""
    if not reason.strip():
        raise WorkflowError("Say why you are declining: it helps the central team match people well.")
    offer = _offer_locked(offer)
    if offer.status == OfferStatus.DECLINED:
        raise AlreadyDone("You have already declined this request.")
    if offer.status != OfferStatus.PENDING:
        raise WorkflowError("This request is no longer waiting for your answer.")
    offer.status, offer.answered_at, offer.decline_reason = (
        OfferStatus.DECLINED,
        timezone.now(),
        reason.strip(),
    )
    offer.save(update_fields=["status", "answered_at", "decline_reason"])
    _offer_next(offer.request, after=offer)
    return offer


def mentor_offers_expire(*, now=None) -> int:
    """Move every offer past its answer-by date on to the requester's next choice. Safe to rerun, and to
    run beside people answering: each offer is handled in its own transaction, skipping one in use."""
    moved = 0
    overdue = MentorOffer.objects.overdue(now)
    for offer_id, request_id in list(overdue.values_list("pk", "request_id")):
        with transaction.atomic():
            request = _request_locked(request_id, skip_locked=True)
            offer = (
                overdue.select_related("mentor__user", "request__requester").filter(pk=offer_id).first()
                if request is not None
                else None
            )
            if offer is None:  # in use (the next run takes it), or answered meanwhile
                continue
            offer.status, offer.answered_at = OfferStatus.EXPIRED, now or timezone.now()
            offer.save(update_fields=["status", "answered_at"])
            send_templated_email(
                template="mentor_offer_expired", to=[offer.mentor.user.email], context={"offer": offer}
            )
            _offer_next(request, after=offer)
            moved += 1
    return moved


@transaction.atomic
def mentor_request_withdraw(*, request: MentorRequest) -> MentorRequest:
    """The requester withdraws a request not yet matched; a mentor asked is told."""
    request = _request_locked(request.pk)
    if request.status == RequestStatus.WITHDRAWN:
        raise AlreadyDone("This request has already been withdrawn.")
    if request.status == RequestStatus.MATCHED:
        raise WorkflowError("This request has a mentor: end the mentorship instead.")
    for offer in request.offers.pending().select_related("mentor__user"):
        send_templated_email(
            template="mentor_offer_withdrawn", to=[offer.mentor.user.email], context={"offer": offer}
        )
    request.offers.filter(status__in=[OfferStatus.PENDING, OfferStatus.QUEUED]).update(
        status=OfferStatus.WITHDRAWN
    )
    request.status = RequestStatus.WITHDRAWN
    request.save(update_fields=["status", "updated_at"])
    return request


# --- Inside a mentorship -----------------------------------------------------------------------------


def _member_role(mentorship: Mentorship, user) -> str:
    if user.pk == mentorship.mentor.user_id:
        return "mentor"
    if user.pk == mentorship.mentee_id:
        return "mentee"
    raise WorkflowError("Only the mentor and the mentee take part in a mentorship.")


def _check_active(mentorship: Mentorship) -> None:
    if mentorship.status != MentorshipStatus.ACTIVE:
        raise WorkflowError("This mentorship has ended.")


def goal_add(*, mentorship: Mentorship, user, text: str) -> Goal:
    _member_role(mentorship, user)
    _check_active(mentorship)
    return Goal.objects.create(mentorship=mentorship, text=text.strip(), created_by=user)


def goal_set_done(*, goal: Goal, user, done: bool) -> Goal:
    _member_role(goal.mentorship, user)
    _check_active(goal.mentorship)
    goal.done_at = timezone.now() if done else None
    goal.save(update_fields=["done_at"])
    return goal


def session_record(
    *, mentorship: Mentorship, user, held_on, summary: str, actions: str = ""
) -> MentoringSession:
    """Either side records a session. After the first, both are asked for short feedback."""
    _member_role(mentorship, user)
    _check_active(mentorship)
    first = not mentorship.sessions.exists()
    session = MentoringSession.objects.create(
        mentorship=mentorship,
        held_on=held_on,
        summary=summary.strip(),
        actions=actions.strip(),
        recorded_by=user,
    )
    if first:
        for person in [mentorship.mentor.user, mentorship.mentee]:
            send_templated_email(
                template="mentorship_feedback_asked",
                to=[person.email],
                context={"mentorship": mentorship, "person": person, "moment": FeedbackMoment.FIRST_SESSION},
            )
    return session


@transaction.atomic
def next_session_set(*, mentorship: Mentorship, user, at, place: str) -> Mentorship:
    """Arrange the next session, or move the one arranged: moving a session still ahead keeps its
    calendar event (the same UID, the next SEQUENCE); one arranged after the last has taken place is a
    new event."""
    _member_role(mentorship, user)
    mentorship = Mentorship.objects.select_for_update(of=("self",), no_key=True).get(pk=mentorship.pk)
    _check_active(mentorship)
    place = place.strip()
    ahead = mentorship.next_session_at is not None and mentorship.next_session_at > timezone.now()
    if ahead and mentorship.next_session_uid:
        if (mentorship.next_session_at, mentorship.next_session_place) != (at, place):
            mentorship.next_session_sequence += 1
    else:
        mentorship.next_session_uid = f"mentorship-{mentorship.pk}-{uuid.uuid4().hex}@{_calendar_host()}"
        mentorship.next_session_sequence = 0
    mentorship.next_session_at, mentorship.next_session_place = at, place
    mentorship.save(
        update_fields=["next_session_at", "next_session_place", "next_session_uid", "next_session_sequence"]
    )
    return mentorship


def _calendar_host() -> str:
    return settings.SITE_NAME.replace(" ", "-").lower()


def session_calendar(mentorship: Mentorship, *, cancelled: bool = False) -> bytes:
    """The next session as an iCalendar event both sides can add to their calendars; `cancelled`, the
    same event cancelled (its SEQUENCE one higher), which removes it from the calendars holding it."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Mentoring//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", mentorship.next_session_uid)
    event.add("sequence", mentorship.next_session_sequence + (1 if cancelled else 0))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", mentorship.next_session_at)
    event.add("dtend", mentorship.next_session_at + timedelta(hours=1))
    event.add("summary", f"Mentoring: {mentorship.mentor.name} and {mentorship.mentee.get_full_name()}")
    event.add("description", f"{settings.SITE_URL}{reverse('mentoring:mentorship', args=[mentorship.pk])}")
    if mentorship.next_session_place:
        event.add("location", vText(mentorship.next_session_place))
    for person in [mentorship.mentor.user, mentorship.mentee]:
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["cn"] = vText(person.get_full_name())
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


def note_add(*, mentorship: Mentorship, user, text: str) -> PrivateNote:
    _member_role(mentorship, user)
    return PrivateNote.objects.create(mentorship=mentorship, author=user, text=text.strip())


def assessment_record(*, mentorship: Mentorship, user, standings: dict, support_agreed: str) -> Assessment:
    """A new assessment of the idea against the eight conditions, while the mentorship goes on; earlier
    ones are kept, to show change."""
    _member_role(mentorship, user)
    _check_active(mentorship)
    clean = {}
    for code in Theme.values:
        entry = standings.get(code) or {}
        if entry.get("standing") in Standing.values:
            clean[code] = {"standing": entry["standing"], "note": (entry.get("note") or "").strip()[:500]}
    if not clean:
        raise WorkflowError("Say where the idea stands on at least one condition.")
    return Assessment.objects.create(
        mentorship=mentorship, recorded_by=user, standings=clean, support_agreed=support_agreed.strip()
    )


def feedback_give(*, mentorship: Mentorship, user, moment: str, rating: int, comments: str = "") -> Feedback:
    """One side's feedback for the central team, once per moment; the other side never sees it."""
    _member_role(mentorship, user)
    feedback, created = Feedback.objects.get_or_create(
        mentorship=mentorship,
        author=user,
        moment=moment,
        defaults={"rating": rating, "comments": comments.strip()},
    )
    if not created:
        raise AlreadyDone("You have already given this feedback. Thank you.")
    return feedback


@transaction.atomic
def mentorship_end(*, mentorship: Mentorship, user, completed: bool, reason: str = "") -> Mentorship:
    """Either side ends the mentorship, completed or early (with a reason). The mentor has room again;
    both are asked for feedback."""
    Mentor.objects.select_for_update(no_key=True).filter(pk=mentorship.mentor_id).values_list("pk").first()
    mentorship = (
        Mentorship.objects.select_for_update(of=("self",), no_key=True)
        .select_related("mentor__user", "mentee")
        .get(pk=mentorship.pk)
    )
    _member_role(mentorship, user)
    if mentorship.status != MentorshipStatus.ACTIVE:
        raise AlreadyDone("This mentorship has already ended.")
    if not completed and not reason.strip():
        raise WorkflowError("Say why the mentorship is ending early.")
    mentorship.status = MentorshipStatus.COMPLETED if completed else MentorshipStatus.ENDED_EARLY
    mentorship.ended_at, mentorship.end_reason = timezone.now(), reason.strip()
    cancelled, session_at = None, mentorship.next_session_at
    if session_at and session_at > mentorship.ended_at:
        cancelled = (  # the session ahead leaves both calendars
            f"mentoring-session-{mentorship.pk}-cancelled.ics",
            session_calendar(mentorship, cancelled=True).decode(),
            "text/calendar",
        )
    mentorship.next_session_at, mentorship.next_session_uid = None, ""
    mentorship.save(update_fields=["status", "ended_at", "end_reason", "next_session_at", "next_session_uid"])
    Mentor.objects.filter(pk=mentorship.mentor_id).update(active_mentees=F("active_mentees") - 1)
    mentor_refresh([mentorship.mentor_id])
    for person in [mentorship.mentor.user, mentorship.mentee]:
        send_templated_email(
            template="mentorship_ended",
            to=[person.email],
            context={
                "mentorship": mentorship,
                "person": person,
                "ended_by": user,
                "cancelled_session_at": session_at if cancelled else None,
            },  # fmt: skip
            attachments=[cancelled] if cancelled else [],
        )
    return mentorship


def mentorship_invite_mentee(*, mentorship: Mentorship, user) -> Mentorship:
    """At the end, the mentor invites the mentee to offer mentoring in turn; their offer will record who
    brought them in."""
    if user.pk != mentorship.mentor.user_id:
        raise WorkflowError("Only the mentor invites their mentee to mentor.")
    if mentorship.status == MentorshipStatus.ACTIVE:
        raise WorkflowError("Invite your mentee to mentor once the mentorship has ended.")
    if mentorship.invited_to_mentor_at:
        raise AlreadyDone("You have already invited them. Thank you.")
    if Mentor.objects.filter(user=mentorship.mentee).exists():
        raise WorkflowError(f"{mentorship.mentee.get_full_name()} has already offered to mentor.")
    mentorship.invited_to_mentor_at = timezone.now()
    mentorship.save(update_fields=["invited_to_mentor_at"])
    send_templated_email(
        template="mentee_invited_to_mentor", to=[mentorship.mentee.email], context={"mentorship": mentorship}
    )
    return mentorship


def invited_by(user):
    """The mentor who most recently invited this person to mentor, if any."""
    mentorship = (
        Mentorship.objects.filter(mentee=user, invited_to_mentor_at__isnull=False)
        .select_related("mentor__user")
        .order_by("-invited_to_mentor_at")
        .first()
    )
    return mentorship.mentor.user if mentorship else None


# --- Support from the employing organisation --------------------------------------------------------

SUPPORT_SALT = "mentoring.employer-support"
MANAGER_IS_A_MEMBER = (
    "Enter your line manager's email address: it cannot be yours or the other person's in the mentorship"
)


def support_token(support: EmployerSupport) -> str:
    """The signed link's token: the request's row and when it was sent, since the row is used again
    when the request is sent again (to another manager, or after an answer)."""
    return signing.dumps({"id": support.pk, "asked": support.asked_at.isoformat()}, salt=SUPPORT_SALT)


def support_for_token(token: str) -> EmployerSupport | None:
    """The request a signed link answers, or None for a link that is not ours, older than 60 days, or
    sent for a request that has been sent again since (only the latest email's link answers)."""
    try:
        data = signing.loads(token, salt=SUPPORT_SALT, max_age=timedelta(days=60))
    except signing.BadSignature:
        return None
    support = (
        EmployerSupport.objects.select_related("mentorship__mentor__user", "mentorship__mentee", "person")
        .filter(pk=data.get("id"))
        .first()
    )
    if support is None or support.asked_at.isoformat() != data.get("asked"):
        return None
    return support


@transaction.atomic
def employer_support_ask(
    *, mentorship: Mentorship, user, manager_name: str, manager_email: str
) -> EmployerSupport:
    """Ask a line manager to confirm time for the mentorship, by email with a signed link (no account).
    Asking again (another manager, or the same one later) makes the earlier email's link stop working.
    Neither person in the mentorship can be named, or they could confirm their own time."""
    _member_role(mentorship, user)
    _check_active(mentorship)
    if is_member_email(mentorship=mentorship, email=manager_email):
        raise WorkflowError(MANAGER_IS_A_MEMBER)
    support, _created = EmployerSupport.objects.update_or_create(
        mentorship=mentorship,
        person=user,
        defaults={
            "manager_name": manager_name.strip(), "manager_email": manager_email.strip(),
            "status": SupportStatus.ASKED, "asked_at": timezone.now(), "answered_at": None, "comment": "",
        },
    )  # fmt: skip
    send_templated_email(
        template="employer_support_asked",
        to=[support.manager_email],
        context={
            "support": support,
            "person": user,
            "role": _member_role(mentorship, user),
            "answer_url": f"{settings.SITE_URL}{reverse('mentoring:employer_support', args=[support_token(support)])}",
        },
    )
    return support


@transaction.atomic
def employer_support_answer(
    *, support: EmployerSupport, confirmed: bool, comment: str = ""
) -> EmployerSupport:
    """The manager's answer through the link to `support` as it was sent; refused if the request has
    been sent again since (the link was read before the row was locked), or the mentorship has ended."""
    sent_at = support.asked_at
    support = EmployerSupport.objects.select_for_update().select_related("person").get(pk=support.pk)
    if support.asked_at != sent_at:
        raise WorkflowError("This link has been replaced by a newer one.")
    if support.status != SupportStatus.ASKED:
        raise AlreadyDone("You have already answered. Thank you.")
    _check_active(Mentorship.objects.get(pk=support.mentorship_id))
    support.status = SupportStatus.CONFIRMED if confirmed else SupportStatus.DECLINED
    support.answered_at, support.comment = timezone.now(), comment.strip()
    support.save(update_fields=["status", "answered_at", "comment"])
    send_templated_email(
        template="employer_support_answered", to=[support.person.email], context={"support": support}
    )
    return support


@transaction.atomic
def batch_offers_send(*, pairs: list[tuple[int, int]]) -> tuple[int, list[str]]:
    """Send the offers of a batch proposal the central team kept: each request's mentor is asked, as if
    the requester had chosen them. A pair whose request is no longer open, or whose mentor has no room
    left or is already asked for it, is skipped with the reason."""
    sent, skipped = 0, []
    asked: dict[int, int] = {}
    requests = {  # locked in id order, whatever the order of the pairs (the module's order)
        request.pk: request
        for request in MentorRequest.objects.select_for_update(of=("self",), no_key=True)
        .select_related("requester")
        .filter(pk__in=[request_id for request_id, _mentor_id in pairs])
        .order_by("pk")
    }
    for request_id, mentor_id in pairs:
        request = requests.get(request_id)
        mentor = Mentor.objects.findable().select_related("user").filter(pk=mentor_id).first()
        if request is None or request.status not in {RequestStatus.CHOOSING, RequestStatus.NO_MATCH}:
            skipped.append(f"Request {request_id} is no longer open.")
            continue
        if mentor is None or mentor.room - asked.get(mentor_id, 0) <= 0:
            skipped.append(f"The mentor for request {request_id} has no room left.")
            continue
        if request.offers.filter(mentor=mentor).exists():
            skipped.append(f"{mentor.name} has already been asked about request {request_id}.")
            continue
        suggestion = next(iter(suggest_mentors(request, only=mentor_id)), None)
        MentorOffer.objects.create(
            request=request, mentor=mentor, rank=request.offers.count() + 1,
            score=suggestion.score if suggestion else 0, reasons=suggestion.reasons if suggestion else [],
        )  # fmt: skip
        _offer_next(request)
        asked[mentor_id] = asked.get(mentor_id, 0) + 1
        sent += 1
    return sent, skipped
