"""The mentor scheme's models. A mentor's offer (`Mentor`) is moderated like any contribution: drafted,
submitted, approved (published) or sent back by the central team. `MentorEntry` is the public,
searchable face of an approved mentor who is taking mentees, kept in step by
`mentoring.services.mentor_refresh`, so a draft, a paused or an archived mentor can never be found."""

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from innovations.models import PolicyArea
from portal.core.text import NOTE_LIMIT, SHORT_NOTE_LIMIT, length_checks
from portal.core.vocabulary import OrganisationType, Region, Stage, Theme
from portal.moderation.models import ModeratedModel, ModeratedQuerySet, Status

MIN_CAPACITY, MAX_CAPACITY = 1, 5
BIO_LIMIT = 1_000


class Format(models.TextChoices):
    REMOTE = "remote", "Remote"
    IN_PERSON = "in_person", "In person"


class JoinedBy(models.TextChoices):
    """How a mentor came into the pool, for the programme report's generations."""

    OFFERED = "offered", "Offered to mentor through the portal"
    IMPORTED = "imported", "Joined from the central team's first pool of mentors"
    INVITED = "invited", "Invited by their mentor"
    CHAMPION = "champion", "Joined as a Scaling Up Champion"


class MentorQuerySet(ModeratedQuerySet):
    def approved(self):
        return self.published()

    def findable(self):
        """Approved mentors taking new mentees: the ones the directory lists."""
        return self.published().filter(taking_mentees=True)


class Mentor(ModeratedModel):
    """Someone's offer to mentor: what they can help with, where and how, and how many mentees they can
    take at once. Their name, role and organisation are their account's."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor")
    slug = models.SlugField(max_length=80, unique=True, editable=False)
    themes = ArrayField(models.CharField(max_length=16, choices=Theme.choices), default=list, blank=True)
    policy_areas = models.ManyToManyField(PolicyArea, blank=True, related_name="mentors")
    stages = ArrayField(models.CharField(max_length=8, choices=Stage.choices), default=list, blank=True)
    knows_organisation_types = ArrayField(
        models.CharField(max_length=32, choices=OrganisationType.choices), default=list, blank=True
    )
    region = models.CharField(max_length=32, choices=Region.choices, blank=True)
    formats = ArrayField(models.CharField(max_length=16, choices=Format.choices), default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(
        "mentees at once", default=2, help_text=f"{MIN_CAPACITY} to {MAX_CAPACITY}."
    )
    bio = models.TextField("about you as a mentor", blank=True, max_length=BIO_LIMIT)
    taking_mentees = models.BooleanField("taking new mentees", default=True)
    # Kept by the mentorship services as mentorships start and end; never above capacity (constraint).
    active_mentees = models.PositiveSmallIntegerField(default=0, editable=False)
    joined_by = models.CharField(max_length=16, choices=JoinedBy.choices, default=JoinedBy.OFFERED)
    brought_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentors_brought_in",
        help_text="The mentor who invited them, when a mentee became a mentor.",
    )
    champion_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="The latest year they were named a Scaling Up Champion (an award's winner, highly "
        "commended or shortlisted), shown on their profile.",
    )
    review_message = models.TextField(
        "message to the mentor",
        blank=True,
        max_length=NOTE_LIMIT,
        help_text="What the central team asked to be changed.",
    )
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField("approved at", null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = MentorQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[policy_areas], excluded_fields=["updated_at", "active_mentees"])

    class Meta(ModeratedModel.Meta):
        ordering = ["-published_at", "-id"]
        constraints = [
            *ModeratedModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(capacity__gte=MIN_CAPACITY, capacity__lte=MAX_CAPACITY),
                name="mentor_capacity_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(active_mentees__lte=models.F("capacity")),
                name="mentor_never_over_capacity",
            ),
            models.CheckConstraint(
                condition=models.Q(themes__contained_by=Theme.values), name="mentor_themes_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(stages__contained_by=Stage.values), name="mentor_stages_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(knows_organisation_types__contained_by=OrganisationType.values),
                name="mentor_knows_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(formats__contained_by=Format.values), name="mentor_formats_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(region__in=["", *Region.values]), name="mentor_region_valid"
            ),
            *length_checks("mentor", {"bio": BIO_LIMIT, "review_message": NOTE_LIMIT}),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("mentors:detail", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        return self.user.full_name or "A mentor"

    @property
    def room(self) -> int:
        """How many more mentees they can take now."""
        return max(self.capacity - self.active_mentees, 0)

    @property
    def is_approved(self) -> bool:
        return self.status == Status.PUBLISHED

    def theme_labels(self) -> list[str]:
        return [Theme(code).label for code in self.themes]

    def stage_labels(self) -> list[str]:
        return [Stage(code).label for code in self.stages]

    def knows_labels(self) -> list[str]:
        return [OrganisationType(code).label for code in self.knows_organisation_types]

    def formats_in_words(self) -> str:
        """ "Remote or in person", "Remote only", "In person only"."""
        labels = [Format(code).label for code in Format.values if code in self.formats]
        if len(labels) == 1:
            return f"{labels[0]} only"
        return " or ".join([labels[0], *(label.lower() for label in labels[1:])]) if labels else ""

    def region_label(self) -> str:
        return Region(self.region).label if self.region else ""


class MentorEntry(models.Model):
    """The searchable face of an approved mentor taking mentees (see the module docstring)."""

    mentor = models.OneToOneField(Mentor, primary_key=True, on_delete=models.CASCADE, related_name="entry")
    # Copied so that matching reads this table alone: whose entry it is, their organisation, their capacity.
    user_id = models.BigIntegerField(default=0)
    organisation_id = models.BigIntegerField(null=True)
    capacity = models.SmallIntegerField(default=1)
    name = models.CharField(max_length=150)
    region = models.CharField(max_length=32, blank=True)
    theme_bits = models.IntegerField(default=0)
    policy_bits = models.BigIntegerField(default=0)
    stage_bits = models.IntegerField(default=0)
    knows_bits = models.IntegerField(default=0)
    format_bits = models.IntegerField(default=0)
    room = models.SmallIntegerField(default=0)
    published_at = models.DateTimeField()
    search_vector = SearchVectorField()

    class Meta:
        indexes = [GinIndex(fields=["search_vector"], name="mentor_entry_search_gin")]

    def __str__(self) -> str:
        return f"Mentor entry {self.mentor_id}"


IDEA_LIMIT = 1_500


class RequestStatus(models.TextChoices):
    CHOOSING = "choosing", "Choosing mentors"
    WAITING = "waiting", "Waiting for a mentor's answer"
    MATCHED = "matched", "Matched with a mentor"
    NO_MATCH = "no_match", "No mentor has accepted yet"
    WITHDRAWN = "withdrawn", "Withdrawn"


class MentorRequest(models.Model):
    """Someone asking for a mentor: their idea, where it stands and what help they want. The mentors they
    choose are asked one at a time, in their order (`MentorOffer`)."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_requests"
    )
    idea = models.TextField("your idea", max_length=IDEA_LIMIT)
    stage = models.CharField("stage of scaling", max_length=8, choices=Stage.choices)
    themes = ArrayField(models.CharField(max_length=16, choices=Theme.choices), default=list)
    policy_areas = models.ManyToManyField(PolicyArea, blank=True, related_name="mentor_requests")
    region = models.CharField(max_length=32, choices=Region.choices)
    formats = ArrayField(models.CharField(max_length=16, choices=Format.choices), default=list)
    wants = models.TextField("what you want from mentoring", max_length=IDEA_LIMIT)
    innovation = models.ForeignKey(
        "innovations.Innovation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentor_requests",
    )
    not_own_organisation = models.BooleanField("only mentors from other organisations", default=False)
    status = models.CharField(max_length=16, choices=RequestStatus.choices, default=RequestStatus.CHOOSING)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    matched_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(m2m_fields=[policy_areas], excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=RequestStatus.values), name="mentorrequest_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(stage__in=Stage.values), name="mentorrequest_stage_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(themes__contained_by=Theme.values), name="mentorrequest_themes_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(formats__contained_by=Format.values), name="mentorrequest_formats_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(region__in=Region.values), name="mentorrequest_region_valid"
            ),
            *length_checks("mentorrequest", {"idea": IDEA_LIMIT, "wants": IDEA_LIMIT}),
        ]

    def __str__(self) -> str:
        return f"Request from {self.requester} ({self.created_at:%d %b %Y})"

    def theme_labels(self) -> list[str]:
        return [Theme(code).label for code in self.themes]

    def formats_in_words(self) -> str:
        return Mentor(formats=self.formats).formats_in_words()


MAX_CHOICES = 3


class OfferStatus(models.TextChoices):
    QUEUED = "queued", "Asked next if the one before declines"
    PENDING = "pending", "Waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "No answer in time"
    WITHDRAWN = "withdrawn", "Withdrawn"


class MentorOfferQuerySet(models.QuerySet):
    def sent(self):
        """Offers whose mentor has been asked (pending, or answered, expired or withdrawn since): the only
        ones a mentor may see. One still queued, or withdrawn before its turn, was never theirs."""
        return self.filter(sent_at__isnull=False)

    def pending(self):
        return self.filter(status=OfferStatus.PENDING)

    def overdue(self, now=None):
        return self.pending().filter(due_at__lt=now or timezone.now())


class MentorOffer(models.Model):
    """One mentor a requester chose, with its place in their order, the score and reasons it was
    suggested with, and the mentor's answer. At most one offer of a request waits for an answer."""

    request = models.ForeignKey(MentorRequest, on_delete=models.CASCADE, related_name="offers")
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="offers")
    rank = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=16, choices=OfferStatus.choices, default=OfferStatus.QUEUED)
    score = models.FloatField(default=0)
    reasons = models.JSONField(default=list, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True, max_length=SHORT_NOTE_LIMIT)

    objects = MentorOfferQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["request", "mentor"], name="offer_mentor_once_per_request"),
            models.UniqueConstraint(fields=["request", "rank"], name="offer_rank_once_per_request"),
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(status=OfferStatus.PENDING),
                name="offer_one_pending_per_request",
            ),
            models.CheckConstraint(condition=models.Q(rank__gte=1), name="offer_rank_positive"),
            models.CheckConstraint(
                condition=models.Q(status__in=OfferStatus.values), name="mentoroffer_status_valid"
            ),
            *length_checks("mentoroffer", {"decline_reason": SHORT_NOTE_LIMIT}),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} for {self.request}"


class MentorshipStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    ENDED_EARLY = "ended_early", "Ended early"


# A mentorship needs attention when no session has been recorded for six weeks; a request, when it has
# waited five days for the mentor's answer.
QUIET_FOR = timedelta(weeks=6)
WAITING_FOR = timedelta(days=5)


class MentorshipQuerySet(models.QuerySet):
    def with_progress(self):
        """With the date of the last session, the goals and goals done, and whether it needs attention,
        counted in the database (a fixed number of queries however many mentorships)."""
        cutoff = timezone.now() - QUIET_FOR
        quiet = models.Q(status=MentorshipStatus.ACTIVE) & (
            models.Q(last_session__lt=cutoff.date())
            | models.Q(last_session__isnull=True, started_at__lt=cutoff)
        )
        return (
            self.select_related("mentee__organisation")
            .annotate(
                last_session=models.Max("sessions__held_on"),
                goals_total=models.Count("goals", distinct=True),
                goals_done=models.Count(
                    "goals", filter=models.Q(goals__done_at__isnull=False), distinct=True
                ),
            )
            .annotate(attention=models.ExpressionWrapper(quiet, output_field=models.BooleanField()))
        )

    def needing_attention(self):
        """Of those `with_progress`, the ones that need attention."""
        return self.filter(attention=True)


class Mentorship(models.Model):
    """A mentor and a mentee working together, started when the mentor accepted the request."""

    request = models.OneToOneField(MentorRequest, on_delete=models.CASCADE, related_name="mentorship")
    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="mentorships")
    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorships")
    status = models.CharField(
        max_length=16, choices=MentorshipStatus.choices, default=MentorshipStatus.ACTIVE
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.TextField(blank=True, max_length=SHORT_NOTE_LIMIT)
    next_session_at = models.DateTimeField("next session", null=True, blank=True)
    next_session_place = models.CharField("where", max_length=300, blank=True)
    # The next session's calendar event: one UID however often it is moved, and its SEQUENCE, raised
    # at each move (and at its cancellation), so calendars update the event rather than add another.
    next_session_uid = models.CharField(max_length=255, blank=True, editable=False)
    next_session_sequence = models.PositiveIntegerField(default=0, editable=False)
    invited_to_mentor_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MentorshipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=MentorshipStatus.values), name="mentorship_status_valid"
            ),
            *length_checks("mentorship", {"end_reason": SHORT_NOTE_LIMIT}),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} mentoring {self.mentee}"


class Goal(models.Model):
    """Something the mentee means to achieve, agreed in the mentorship; either side adds or ticks it."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField("goal", max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text


# How far ahead the next session may be arranged: a mentorship meets about monthly, and a calendar
# cannot hold a date near the year 9999 (an hour's event would end past it).
NEXT_SESSION_WITHIN = timedelta(days=365)


class MentoringSession(models.Model):
    """A record of one conversation: when, what was talked about, and the actions agreed."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField("date of the session")
    summary = models.TextField("what you talked about", max_length=SHORT_NOTE_LIMIT)
    actions = models.TextField("actions agreed", blank=True, max_length=SHORT_NOTE_LIMIT)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            *length_checks("mentoringsession", {"summary": SHORT_NOTE_LIMIT, "actions": SHORT_NOTE_LIMIT})
        ]

    def __str__(self) -> str:
        return f"Session on {self.held_on}"


class PrivateNote(models.Model):
    """A note only its author ever sees, about a mentorship they are part of."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="private_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField("note", max_length=SHORT_NOTE_LIMIT)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [*length_checks("privatenote", {"text": SHORT_NOTE_LIMIT})]

    def __str__(self) -> str:
        return f"Note by {self.author_id}"


class FeedbackMoment(models.TextChoices):
    FIRST_SESSION = "first_session", "After the first session"
    END = "end", "At the end"


class Feedback(models.Model):
    """Each side's view of the mentorship, for the central team; never shown to the other side."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    moment = models.CharField(max_length=16, choices=FeedbackMoment.choices)
    rating = models.PositiveSmallIntegerField("how useful it has been")
    comments = models.TextField(blank=True, max_length=SHORT_NOTE_LIMIT)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "author", "moment"], name="feedback_once_per_moment"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_5"
            ),
            models.CheckConstraint(
                condition=models.Q(moment__in=FeedbackMoment.values), name="feedback_moment_valid"
            ),
            *length_checks("feedback", {"comments": SHORT_NOTE_LIMIT}),
        ]

    def __str__(self) -> str:
        return f"Feedback {self.moment} by {self.author_id}"


class Standing(models.TextChoices):
    READY = "ready", "Ready"
    NEEDS_WORK = "needs_work", "Needs work"
    BLOCKER = "blocker", "A blocker"


class Assessment(models.Model):
    """Where the idea stands against the report's eight conditions for scaling up, recorded by mentor and
    mentee together. Each update is a new assessment, so the first and the latest show what changed."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="assessments")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    standings = models.JSONField(default=dict)  # theme code -> {"standing": Standing, "note": str}
    support_agreed = models.TextField("support agreed", blank=True, max_length=SHORT_NOTE_LIMIT)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [*length_checks("assessment", {"support_agreed": SHORT_NOTE_LIMIT})]

    def __str__(self) -> str:
        return f"Assessment of {self.created_at:%d %b %Y}"

    def rows(self) -> list[dict]:
        """One row per condition, in the report's order: its label, standing and note."""
        rows = []
        for code, label in Theme.choices:
            entry = self.standings.get(code) or {}
            standing = entry.get("standing", "")
            rows.append(
                {
                    "theme": code,
                    "label": label,
                    "standing": standing,
                    "standing_label": Standing(standing).label
                    if standing in Standing.values
                    else "Not assessed",
                    "note": entry.get("note", ""),
                }
            )
        return rows


class SupportStatus(models.TextChoices):
    ASKED = "asked", "Asked"
    CONFIRMED = "confirmed", "Confirmed"
    DECLINED = "declined", "Declined"


class EmployerSupport(models.Model):
    """A line manager's confirmation that the mentee (or mentor) has time for the mentorship, given
    through a signed link without an account."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="employer_support")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    manager_name = models.CharField("your line manager's name", max_length=150)
    manager_email = models.EmailField("their email address")
    status = models.CharField(max_length=16, choices=SupportStatus.choices, default=SupportStatus.ASKED)
    asked_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True, max_length=SHORT_NOTE_LIMIT)

    class Meta:
        ordering = ["asked_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "person"], name="employer_support_once_per_person"),
            models.CheckConstraint(
                condition=models.Q(status__in=SupportStatus.values), name="employersupport_status_valid"
            ),
            *length_checks("employersupport", {"comment": SHORT_NOTE_LIMIT}),
        ]

    def __str__(self) -> str:
        return f"{self.manager_name} for {self.person}"
