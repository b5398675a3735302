"""The mentor scheme's models. A mentor's offer (`Mentor`) is moderated like any contribution: drafted,
submitted, approved (published) or sent back by the central team. `MentorEntry` is the public,
searchable face of an approved mentor who is taking mentees, kept in step by
`mentoring.services.mentor_refresh`, so a draft, a paused or an archived mentor can never be found."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from innovations.models import PolicyArea
from portal.core.text import NOTE_LIMIT, length_checks
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
