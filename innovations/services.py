"""Every write to the catalogue that has a rule: creating and publishing innovations, recording
adoptions, and keeping the public catalogue (search vectors, facet codes, adoption counts) in step."""

from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from innovations.models import CONTENT_FIELDS, Adoption, Innovation, PolicyArea, Recognition, Status
from portal.core.emails import send_templated_email
from portal.core.slugs import reserved_by_urls, unique_slug
from portal.core.vocabulary import AwardOutcome, Theme
from portal.models import Organisation
from portal.moderation.models import EDITABLE_BY_SUBMITTER, AlreadyDone, WorkflowError
from portal.moderation.tasklist import missing_sections
from portal.moderation.transitions import ARCHIVE, PUBLISH, SEND_BACK, SUBMIT, transition
from portal.search.vocabulary import words_add

# The weighted document behind search: A title; B summary and tags; C problem, solution and results;
# D everything else, with the owner's and adopters' organisation names and the policy areas.
# Only published adoptions count and are searchable.
_CATALOGUE_REFRESH_SQL = """
WITH src AS (
    SELECT
        i.id,
        i.stage,
        i.evidence_level,
        i.cost_band,
        COALESCE((
            SELECT bit_or((1 << (array_position(%(themes)s::varchar[], t::varchar) - 1))::int)
            FROM unnest(i.themes) AS t
        ), 0)::smallint AS theme_bits,
        COALESCE((
            SELECT bit_or(1::bigint << pa.bit)
            FROM innovations_innovation_policy_areas ip
            JOIN innovations_policyarea pa ON pa.id = ip.policyarea_id
            WHERE ip.innovation_id = i.id
        ), 0) AS policy_bits,
        o.organisation_type,
        o.region,
        (SELECT count(*) FROM innovations_adoption a WHERE a.innovation_id = i.id AND a.status = %(published)s)
            AS adoption_count,
        COALESCE((
            SELECT bit_or((1 << (array_position(%(outcomes)s::varchar[], r.outcome::varchar) - 1))::int)
            FROM innovations_recognition r WHERE r.innovation_id = i.id
        ), 0)::smallint AS award_bits,
        i.published_at,
        setweight(to_tsvector('english', i.title), 'A')
        || setweight(to_tsvector('english', i.summary || ' ' || array_to_string(i.tags, ' ')), 'B')
        || setweight(to_tsvector('english', concat_ws(' ', i.problem, i.solution, i.outcomes)), 'C')
        || setweight(to_tsvector('english', concat_ws(' ',
            i.evidence_justification, i.cost_notes, i.resources_needed, i.challenges,
            i.conditions_for_success, i.lessons, i.how_to_adopt, o.name,
            (SELECT string_agg(ao.name, ' ') FROM innovations_adoption a
                JOIN portal_organisation ao ON ao.id = a.organisation_id
                WHERE a.innovation_id = i.id AND a.status = %(published)s),
            (SELECT string_agg(pa.name, ' ') FROM innovations_innovation_policy_areas ip
                JOIN innovations_policyarea pa ON pa.id = ip.policyarea_id
                WHERE ip.innovation_id = i.id)
        )), 'D') AS search_vector
    FROM innovations_innovation i
    JOIN portal_organisation o ON o.id = i.organisation_id
    WHERE i.id = ANY(%(ids)s) AND i.status = %(published)s
)
INSERT INTO innovations_catalogueentry (
    innovation_id, stage, evidence_level, cost_band, theme_bits, policy_bits, organisation_type, region,
    adoption_count, award_bits, published_at, search_vector, phrase_pairs, lacks
)
SELECT id, stage, evidence_level, cost_band, theme_bits, policy_bits, organisation_type, region,
    adoption_count, award_bits, published_at, search_vector, pairs,
    search_lacking(search_vector, 'innovations_catalogueentry', pairs)
FROM (SELECT *, search_phrase_pairs(search_vector, 'innovations_catalogueentry') AS pairs FROM src) AS paired
ON CONFLICT (innovation_id) DO UPDATE SET
    stage = EXCLUDED.stage,
    evidence_level = EXCLUDED.evidence_level,
    cost_band = EXCLUDED.cost_band,
    theme_bits = EXCLUDED.theme_bits,
    policy_bits = EXCLUDED.policy_bits,
    organisation_type = EXCLUDED.organisation_type,
    region = EXCLUDED.region,
    adoption_count = EXCLUDED.adoption_count,
    award_bits = EXCLUDED.award_bits,
    published_at = EXCLUDED.published_at,
    search_vector = EXCLUDED.search_vector,
    phrase_pairs = EXCLUDED.phrase_pairs,
    lacks = EXCLUDED.lacks
"""

_CATALOGUE_PRUNE_SQL = """
DELETE FROM innovations_catalogueentry e
WHERE e.innovation_id = ANY(%(ids)s)
  AND NOT EXISTS (
      SELECT 1 FROM innovations_innovation i WHERE i.id = e.innovation_id AND i.status = %(published)s
  )
"""


# The words the catalogue shows, for spelling suggestions (portal.search.vocabulary).
CATALOGUE_WORDS_SQL = """
SELECT concat_ws(' ', i.title, i.summary, array_to_string(i.tags, ' '), i.problem, i.solution, i.outcomes, o.name)
FROM innovations_innovation i JOIN portal_organisation o ON o.id = i.organisation_id
WHERE i.id = ANY(%(ids)s) AND i.status = 'published'
"""


def catalogue_refresh(innovation_ids: Iterable[int]) -> None:
    """Bring the public catalogue in step with these innovations: published ones are (re)indexed with
    their search vector, facet codes and published-adoption count; any others are removed."""
    ids = sorted({int(i) for i in innovation_ids})
    if not ids:
        return
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            params = {
                "ids": chunk,
                "themes": list(Theme.values),
                "outcomes": list(AwardOutcome.values),
                "published": Status.PUBLISHED.value,
            }
            cursor.execute(_CATALOGUE_REFRESH_SQL, params)
            cursor.execute(_CATALOGUE_PRUNE_SQL, params)
    words_add(CATALOGUE_WORDS_SQL, ids)


@transaction.atomic
def recognitions_replace(*, source: str, recognitions: Iterable[dict]) -> None:
    """Replace what one award round says about innovations (`source` names the round) with
    `recognitions` (each: innovation_id, award, year, outcome, url; none to withdraw them), and bring
    the catalogue's "Award" filter in step for every innovation affected."""
    rows = [Recognition(source=source, **fields) for fields in recognitions]
    affected = set(Recognition.objects.filter(source=source).values_list("innovation_id", flat=True))
    Recognition.objects.filter(source=source).delete()
    Recognition.objects.bulk_create(rows)
    catalogue_refresh(affected | {row.innovation_id for row in rows})


def innovation_unique_slug(title: str) -> str:
    """A short, readable slug from the title, made unique with a number where needed, and never one of
    the pages under /innovations/ (an innovation called "Share" must not hide the sharing page)."""
    return unique_slug(
        Innovation.objects.all(), title, fallback="innovation", reserved=reserved_by_urls("innovations")
    )


def innovation_stamp(innovation: Innovation) -> None:
    """The rules every save of an innovation follows, whichever way it is saved (the services, the admin,
    the import): a slug from the title, the first publication date, and the version raised on every
    change (so the admin can refuse an edit made from an out-of-date copy)."""
    if not innovation.slug:
        innovation.slug = innovation_unique_slug(innovation.title)
    if innovation.status == Status.PUBLISHED and innovation.published_at is None:
        innovation.published_at = timezone.now()
    if innovation.pk:
        innovation.version += 1


@transaction.atomic
def innovation_save(
    *, innovation: Innovation, policy_areas: Iterable[PolicyArea] | None = None
) -> Innovation:
    """Validate and save an innovation (new or changed) with its policy areas, then reindex it.
    Publishing stamps the first publication date."""
    new = innovation.pk is None
    innovation_stamp(innovation)
    innovation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            innovation.save()
    except IntegrityError:
        if not new or not Innovation.objects.filter(slug=innovation.slug).exists():
            raise
        # Two innovations with the same title created at once chose the same slug: take the next one.
        innovation.pk = None
        innovation.slug = innovation_unique_slug(innovation.title)
        innovation.save()
    if policy_areas is not None:
        innovation.policy_areas.set(policy_areas)
    catalogue_refresh([innovation.id])
    return innovation


innovation_save.alters_data = True


@transaction.atomic
def innovation_publish(*, innovation: Innovation, verified_on=None) -> Innovation:
    """Publish an innovation; it becomes visible in pages, search, feeds and the API."""
    innovation.status = Status.PUBLISHED
    innovation.last_verified = verified_on or innovation.last_verified or timezone.localdate()
    return innovation_save(innovation=innovation)


@transaction.atomic
def adoption_record(
    *,
    innovation: Innovation,
    organisation: Organisation,
    kind: str = "as_is",
    year: int | None = None,
    what_changed: str = "",
    result: str = "",
    status: str = Status.SUBMITTED,
    submitted_by=None,
) -> Adoption:
    """Record that `organisation` adopted `innovation` (once per organisation: a second record updates
    the first), then reindex the innovation so counts and search see it once it is published."""
    adoption = Adoption.objects.filter(innovation=innovation, organisation=organisation).first() or Adoption(
        innovation=innovation, organisation=organisation, submitted_by=submitted_by
    )
    adoption.kind = kind
    adoption.year = year
    adoption.what_changed = what_changed
    adoption.result = result
    adoption.status = status
    adoption.full_clean()
    adoption.save()
    catalogue_refresh([innovation.id])
    return adoption


@transaction.atomic
def adoption_delete(*, adoption: Adoption) -> None:
    innovation_id = adoption.innovation_id
    adoption.delete()
    catalogue_refresh([innovation_id])


# --- The submission workflow (portal.moderation): draft -> submitted -> published, or
# changes_requested -> submitted again.


@transaction.atomic
def innovation_save_draft(
    *, innovation: Innovation, user, organisation: Organisation | None = None, policy_areas=None
) -> Innovation:
    """Save a section of an innovation someone is writing. A new one starts as their draft."""
    if innovation.pk is None:
        innovation.submitted_by = user
        innovation.status = Status.DRAFT
    elif innovation.status not in EDITABLE_BY_SUBMITTER:
        raise WorkflowError("This innovation has been submitted, so it cannot be changed now.")
    if organisation is not None:
        innovation.organisation = organisation
    return innovation_save(innovation=innovation, policy_areas=policy_areas)


def innovation_missing_sections(innovation: Innovation) -> list:
    """Sections still lacking what submission needs (pass the working copy of a published one)."""
    from innovations.forms import SECTIONS

    return missing_sections(SECTIONS, innovation)


def innovation_submit(*, innovation: Innovation, user) -> Innovation:
    """Send a finished draft (or a changed one) to the central team, and tell both sides by email (the
    one moderation transition: of two submits sent at once the second finds it already submitted)."""

    def complete(draft: Innovation) -> None:
        missing = innovation_missing_sections(draft)
        if missing:
            raise WorkflowError("Complete these sections first: " + ", ".join(s.title for s in missing) + ".")

    def save(draft: Innovation) -> Innovation:
        draft.submitted_at = timezone.now()
        return innovation_save(innovation=draft)

    already = "This innovation has already been submitted."
    return transition(
        Innovation.objects.all(),
        innovation.pk,
        SUBMIT.but(done=already, refused=already),
        check=complete,
        save=save,
        notify=_email_submitted,
    )


def _email_submitted(innovation: Innovation) -> None:
    if innovation.submitted_by:
        send_templated_email(
            template="innovation_submitted",
            to=[innovation.submitted_by.email],
            context={"innovation": innovation},
        )
    send_templated_email(
        template="innovation_submitted_team",
        to=[settings.CENTRAL_TEAM_EMAIL],
        context={"innovation": innovation},
    )


@transaction.atomic
def innovation_request_changes(*, innovation: Innovation, message: str) -> Innovation:
    """Send a submitted innovation (or submitted changes to a published one) back to its submitter with
    the central team's message."""
    if innovation.status == Status.PUBLISHED and innovation.pending_status == Status.SUBMITTED:
        if not message.strip():
            raise WorkflowError("Say what needs to change.")
        innovation.pending_status = Status.CHANGES_REQUESTED
        innovation.review_message = message.strip()
        innovation.save(update_fields=["pending_status", "review_message", "updated_at"])
        _email_changes_requested(innovation)
        return innovation
    return transition(
        Innovation.objects.all(),
        innovation.pk,
        SEND_BACK.but(
            refused=f"Only a submitted innovation can be sent back; “{innovation}” is {innovation.get_status_display().lower()}.",
            needs_message="Say what needs to change.",
        ),
        message=message,
        save=lambda sent_back: innovation_save(innovation=sent_back),
        notify=_email_changes_requested,
    )


def _email_changes_requested(innovation: Innovation) -> None:
    if innovation.submitted_by:
        send_templated_email(
            template="innovation_changes_requested",
            to=[innovation.submitted_by.email],
            context={"innovation": innovation},
        )


def _email_published(innovation: Innovation) -> None:
    if innovation.submitted_by:
        send_templated_email(
            template="innovation_published",
            to=[innovation.submitted_by.email],
            context={"innovation": innovation},
        )


@transaction.atomic
def innovation_review_publish(*, innovation: Innovation) -> Innovation:
    """The central team publishes an innovation, or the submitted changes to a published one; its
    submitter is told."""
    if innovation.status == Status.PUBLISHED and innovation.pending_status == Status.SUBMITTED:
        innovation_publish_pending(innovation=innovation)
        _email_published(innovation)
        return innovation
    first_time = []

    def save(draft: Innovation) -> Innovation:
        first_time.append(draft.published_at is None)
        return innovation_publish(innovation=draft, verified_on=timezone.localdate())

    return transition(
        Innovation.objects.all(),
        innovation.pk,
        PUBLISH.but(done=f"“{innovation}” is already published."),
        save=save,
        notify=lambda published: _email_published(published) if first_time[0] else None,
    )


def innovation_archive(*, innovation: Innovation) -> Innovation:
    """Take an innovation out of the public catalogue, keeping its record."""
    return transition(
        Innovation.objects.all(),
        innovation.pk,
        ARCHIVE.but(done=f"“{innovation}” is already archived."),
        save=lambda archived: innovation_save(innovation=archived),
    )


@transaction.atomic
def innovation_mark_verified(*, innovation: Innovation) -> Innovation:
    """The central team has checked the entry is still accurate today."""
    innovation.last_verified = timezone.localdate()
    return innovation_save(innovation=innovation)


@transaction.atomic
def adoption_story_submit(*, innovation: Innovation, organisation: Organisation, user, **story) -> Adoption:
    """A signed-in user says their organisation adopted or adapted a published innovation. It is
    reviewed like an innovation before it appears on the page and in counts."""
    if innovation.status != Status.PUBLISHED:
        raise WorkflowError("Only a published innovation can be adopted.")
    this_adoption = Adoption.objects.select_for_update().filter(
        innovation=innovation, organisation=organisation
    )
    existing = this_adoption.first()
    if existing is None:
        try:
            with transaction.atomic():
                adoption = Adoption(
                    innovation=innovation,
                    organisation=organisation,
                    status=Status.SUBMITTED,
                    submitted_by=user,
                    **story,
                )
                adoption.full_clean(validate_constraints=False)
                adoption.save()
        except IntegrityError:  # someone told us about it at the same moment; theirs is committed now
            existing = this_adoption.get()
    if existing is not None:
        if existing.status == Status.PUBLISHED:
            raise WorkflowError(f"{organisation.name}’s adoption of this innovation is already recorded.")
        if existing.submitted_by_id != user.pk:
            # One person's story is never changed by another's: the central team has theirs to review.
            raise WorkflowError(
                f"Someone else has already told us about {organisation.name}’s adoption of this "
                "innovation, and the central team is reviewing it."
            )
        if all(getattr(existing, field) == value for field, value in story.items()):
            return existing  # the same story sent twice: nothing changes, no second email
        for field, value in story.items():
            setattr(existing, field, value)
        existing.status = Status.SUBMITTED
        existing.full_clean(validate_constraints=False)
        existing.save()
        adoption = existing
    send_templated_email(
        template="adoption_submitted_team", to=[settings.CENTRAL_TEAM_EMAIL], context={"adoption": adoption}
    )
    return adoption


def _adoption_save(adoption: Adoption) -> Adoption:
    adoption.full_clean()
    adoption.save(update_fields=["status", "updated_at"])
    catalogue_refresh([adoption.innovation_id])
    return adoption


def adoption_publish(*, adoption: Adoption) -> Adoption:
    """The central team publishes an adoption story: it appears on the page, in counts and in search."""
    return transition(
        Adoption.objects.all(),
        adoption.pk,
        PUBLISH.but(done="This adoption story is already published."),
        save=_adoption_save,
    )


def adoption_archive(*, adoption: Adoption) -> Adoption:
    """The central team takes an adoption story off the page, keeping its record."""
    return transition(
        Adoption.objects.all(),
        adoption.pk,
        ARCHIVE.but(done="This adoption story is already archived."),
        save=_adoption_save,
    )


def problem_report_create(*, innovation: Innovation, reason: str, details: str = "", email: str = ""):
    """A visitor reports a problem with an innovation page; it joins the central team's queue."""
    from innovations.models import ProblemReport

    report = ProblemReport(innovation=innovation, reason=reason, details=details.strip(), email=email.strip())
    report.full_clean()
    report.save()
    send_templated_email(
        template="problem_reported_team", to=[settings.CENTRAL_TEAM_EMAIL], context={"report": report}
    )
    return report


def problem_report_resolve(*, report) -> None:
    report.resolved_at = timezone.now()
    report.save(update_fields=["resolved_at"])


# --- Changes to a published innovation: kept aside and reviewed while the published version stays.


def innovation_is_editable(innovation: Innovation) -> bool:
    if innovation.status == Status.PUBLISHED:
        return innovation.pending_status in {"", Status.DRAFT, Status.CHANGES_REQUESTED}
    return innovation.status in EDITABLE_BY_SUBMITTER


def innovation_working_copy(innovation: Innovation) -> Innovation:
    """The innovation as its submitter is editing it: the published row with any pending changes laid
    over it. Never saved itself."""
    import copy

    working = copy.copy(innovation)
    for name, value in (innovation.pending_changes or {}).items():
        if name in CONTENT_FIELDS or name == "organisation_id":
            setattr(working, name, value)
    working._state = copy.copy(innovation._state)
    return working


@transaction.atomic
def innovation_save_pending(
    *, innovation: Innovation, working: Innovation, organisation=None, policy_areas=None
) -> Innovation:
    """Keep a submitter's edit of a published innovation aside, for review."""
    if not innovation_is_editable(innovation):
        raise WorkflowError("Your changes have been submitted, so they cannot be changed now.")
    if organisation is not None:
        working.organisation = organisation
    working.full_clean(exclude=["slug"])
    pending = {name: getattr(working, name) for name in CONTENT_FIELDS}
    pending["organisation_id"] = working.organisation_id
    pending["policy_areas"] = (
        [p.id for p in policy_areas]
        if policy_areas is not None
        else (innovation.pending_changes or {}).get("policy_areas")
    )
    innovation.pending_changes = pending
    innovation.pending_status = innovation.pending_status or Status.DRAFT
    innovation.save(update_fields=["pending_changes", "pending_status", "updated_at"])
    return innovation


@transaction.atomic
def innovation_submit_pending(*, innovation: Innovation) -> Innovation:
    innovation = Innovation.objects.select_for_update().get(pk=innovation.pk)
    if innovation.pending_status == Status.SUBMITTED:
        raise AlreadyDone("These changes have already been submitted.")
    if not innovation.pending_changes or innovation.pending_status not in {
        Status.DRAFT,
        Status.CHANGES_REQUESTED,
    }:
        raise WorkflowError("There are no changes to submit.")
    innovation.pending_status = Status.SUBMITTED
    innovation.submitted_at = timezone.now()
    innovation.save(update_fields=["pending_status", "submitted_at", "updated_at"])
    _email_submitted(innovation)
    return innovation


@transaction.atomic
def innovation_publish_pending(*, innovation: Innovation) -> Innovation:
    """Approve a published innovation's pending changes: they replace the published version."""
    pending = innovation.pending_changes or {}
    for name in CONTENT_FIELDS:
        if name in pending:
            setattr(innovation, name, pending[name])
    if pending.get("organisation_id"):
        innovation.organisation_id = pending["organisation_id"]
    areas = (
        PolicyArea.objects.filter(id__in=pending["policy_areas"])
        if pending.get("policy_areas") is not None
        else None
    )
    innovation.pending_changes = None
    innovation.pending_status = ""
    innovation.review_message = ""
    innovation.last_verified = timezone.localdate()
    return innovation_save(innovation=innovation, policy_areas=areas)
