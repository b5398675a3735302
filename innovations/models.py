from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from portal.core.text import NOTE_LIMIT, SECTION_LIMIT, SHORT_NOTE_LIMIT, length_checks
from portal.core.vocabulary import AWARD_OUTCOME_PHRASES, AwardOutcome, CostBand, EvidenceLevel, Stage, Theme
from portal.models import Organisation
from portal.moderation.models import ModeratedModel, Status

# A curated policy area is stored as one bit of a 64-bit mask in the catalogue, so facet counts are
# computed in one pass over a narrow table; this caps the number of policy areas the team can curate.
MAX_POLICY_AREAS = 63
MAX_TAG_LENGTH = 50


class PolicyArea(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    bit = models.PositiveSmallIntegerField(
        unique=True, editable=False, help_text="Position of this area in the catalogue's policy-area bitmask."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(bit__lt=MAX_POLICY_AREAS), name="policyarea_bit_in_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name


# What the person sharing an innovation writes: the fields of the task list's sections, kept aside as
# pending changes while a published innovation's edit awaits review, and read by the import and the API.
CONTENT_FIELDS = [
    "title", "summary", "problem", "solution", "outcomes", "evidence_level", "evidence_justification",
    "evaluation_links", "cost_band", "cost_notes", "resources_needed", "challenges", "conditions_for_success",
    "lessons", "how_to_adopt", "stage", "themes", "contact_name", "contact_role", "contact_email", "website",
    "further_links", "year_started", "tags",
]  # fmt: skip
# Each Markdown section of a case study, and the central team's message, held to a length.
LONG_TEXT_LIMITS = {
    **dict.fromkeys(
        [
            "problem", "solution", "outcomes", "evidence_justification", "cost_notes", "resources_needed",
            "challenges", "conditions_for_success", "lessons", "how_to_adopt",
        ],
        SECTION_LIMIT,
    ),
    "review_message": NOTE_LIMIT,
}  # fmt: skip
# Shown to signed-in users only, never in the open API.
CONTACT_FIELDS = ["contact_name", "contact_role", "contact_email"]


class Innovation(ModeratedModel):
    """A case study of an innovation in a public service. Long text fields accept Markdown."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, editable=False)
    summary = models.CharField(
        max_length=300, help_text="A plain-language explanation, 300 characters or fewer."
    )
    problem = models.TextField("the problem", blank=True, max_length=SECTION_LIMIT)
    solution = models.TextField(
        "what was done and what makes it innovative", blank=True, max_length=SECTION_LIMIT
    )
    outcomes = models.TextField("results and how they were measured", blank=True, max_length=SECTION_LIMIT)
    # Blank only while a draft is being written; required to submit.
    evidence_level = models.PositiveSmallIntegerField(choices=EvidenceLevel.choices, null=True, blank=True)
    evidence_justification = models.TextField("why this evidence level", blank=True, max_length=SECTION_LIMIT)
    evaluation_links = ArrayField(models.URLField(max_length=500), default=list, blank=True)
    cost_band = models.PositiveSmallIntegerField(choices=CostBand.choices, null=True, blank=True)
    cost_notes = models.TextField("what the cost covers", blank=True, max_length=SECTION_LIMIT)
    resources_needed = models.TextField(
        "resources and skills needed to adopt it", blank=True, max_length=SECTION_LIMIT
    )
    challenges = models.TextField("challenges and failures", blank=True, max_length=SECTION_LIMIT)
    conditions_for_success = models.TextField(blank=True, max_length=SECTION_LIMIT)
    lessons = models.TextField("lessons learned", blank=True, max_length=SECTION_LIMIT)
    how_to_adopt = models.TextField(blank=True, max_length=SECTION_LIMIT)
    stage = models.CharField(max_length=8, choices=Stage.choices)
    themes = ArrayField(models.CharField(max_length=16, choices=Theme.choices), default=list, blank=True)
    policy_areas = models.ManyToManyField(PolicyArea, blank=True, related_name="innovations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="innovations")
    contact_name = models.CharField(max_length=150, blank=True)
    contact_role = models.CharField(max_length=150, blank=True)
    contact_email = models.EmailField(blank=True)
    website = models.URLField(max_length=500, blank=True)
    further_links = ArrayField(models.URLField(max_length=500), default=list, blank=True)
    year_started = models.PositiveSmallIntegerField(null=True, blank=True)
    tags = ArrayField(models.CharField(max_length=MAX_TAG_LENGTH), default=list, blank=True)
    last_verified = models.DateField(null=True, blank=True)
    review_message = models.TextField(
        "message to the submitter",
        blank=True,
        max_length=NOTE_LIMIT,
        help_text="What the central team asked to be changed.",
    )
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="innovations"
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # A submitter's edits to a published innovation wait here, under review, while the published
    # version stays visible; publishing them copies them onto the row.
    pending_changes = models.JSONField(null=True, blank=True, editable=False)
    pending_status = models.CharField(
        max_length=20,
        blank=True,
        choices=[
            (Status.DRAFT, "Being edited"),
            (Status.SUBMITTED, "Submitted"),
            (Status.CHANGES_REQUESTED, "Changes requested"),
        ],
    )
    # Raised on every save, so an edit made from an out-of-date copy can be refused (see admin).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[policy_areas], excluded_fields=["updated_at"])

    class Meta(ModeratedModel.Meta):
        ordering = ["-published_at", "-id"]
        constraints = [
            *ModeratedModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(evidence_level__gte=1, evidence_level__lte=5),
                name="innovation_evidence_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(cost_band__isnull=True) | models.Q(cost_band__gte=1, cost_band__lte=5),
                name="innovation_cost_band_1_5",
            ),
            models.CheckConstraint(condition=models.Q(stage__in=Stage.values), name="innovation_stage_valid"),
            models.CheckConstraint(
                condition=models.Q(themes__contained_by=Theme.values), name="innovation_themes_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=Status.PUBLISHED) | models.Q(published_at__isnull=False),
                name="innovation_published_has_date",
            ),
            *length_checks("innovation", LONG_TEXT_LIMITS),
        ]
        indexes = [models.Index(fields=["organisation", "title"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("innovations:detail", kwargs={"slug": self.slug})

    @property
    def theme_labels(self) -> list[str]:
        return [Theme(code).label for code in self.themes]


class AdoptionKind(models.TextChoices):
    AS_IS = "as_is", "Adopted as is"
    ADAPTED = "adapted", "Adapted"


class Adoption(ModeratedModel):
    """A record that an organisation adopted or adapted an innovation, and with what result."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="adoptions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="adoptions")
    kind = models.CharField(max_length=8, choices=AdoptionKind.choices, default=AdoptionKind.AS_IS)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    what_changed = models.TextField(blank=True, max_length=NOTE_LIMIT)
    result = models.TextField(blank=True, max_length=NOTE_LIMIT)
    # An adoption story starts submitted: it has no draft stage.
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="adoptions"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta(ModeratedModel.Meta):
        ordering = ["-year", "organisation__name"]
        constraints = [
            *ModeratedModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["innovation", "organisation"], name="adoption_once_per_organisation"
            ),
            *length_checks("adoption", {"what_changed": NOTE_LIMIT, "result": NOTE_LIMIT}),
            models.CheckConstraint(
                condition=models.Q(kind__in=AdoptionKind.values), name="adoption_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.innovation}"


class Recognition(models.Model):
    """An award an innovation's team won, was highly commended for or shortlisted for, as its page and
    the catalogue's "Award" filter show it. Written by the award that made the decision when it
    announces its results (each award replaces its own rows, named by `source`); the innovations app
    shows them without knowing how awards are run."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="recognitions")
    source = models.CharField(max_length=64, help_text="Which award round wrote this row.")
    award = models.CharField(max_length=150)
    year = models.PositiveSmallIntegerField()
    outcome = models.CharField(max_length=20, choices=AwardOutcome.choices)
    url = models.CharField(max_length=300, help_text="The page with the citation.")

    class Meta:
        ordering = ["-year", "outcome", "award"]
        indexes = [models.Index(fields=["source"], name="recognition_by_source")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome__in=AwardOutcome.values), name="recognition_outcome_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.phrase

    @property
    def phrase(self) -> str:
        """ "Award winner 2026", "Highly commended 2026", "Shortlisted for an award 2026"."""
        return f"{AWARD_OUTCOME_PHRASES[AwardOutcome(self.outcome)]} {self.year}"


class CatalogueEntry(models.Model):
    """The searchable, public face of a published innovation: one narrow row per published innovation,
    derived from it by `innovations.services.catalogue_refresh` on every write path.

    Search, facet counts, feeds, the sitemap and the API read only this table, so an innovation that is
    not published cannot be found by any of them. The row holds just what filtering, counting and
    ordering need (codes, bitmasks and numbers), so a pass over the whole catalogue reads a few
    megabytes; the weighted search vector is kept out of line (see migration 0002)."""

    innovation = models.OneToOneField(
        Innovation, primary_key=True, on_delete=models.CASCADE, related_name="entry"
    )
    stage = models.CharField(max_length=8)
    evidence_level = models.SmallIntegerField()
    cost_band = models.SmallIntegerField(null=True)
    theme_bits = models.SmallIntegerField(default=0)
    policy_bits = models.BigIntegerField(default=0)
    organisation_type = models.CharField(max_length=32, blank=True)
    region = models.CharField(max_length=32, blank=True)
    adoption_count = models.IntegerField(default=0)
    award_bits = models.SmallIntegerField(default=0)  # the places in AwardOutcome it has been given
    published_at = models.DateTimeField()
    search_vector = SearchVectorField()
    # The hashed pairs of common words side by side in the vector (portal.search.phrases), out of line.
    phrase_pairs = ArrayField(models.IntegerField(), default=list)
    # The ids of the words in at least half the entries that this one lacks (portal.search.phrases).
    lacks = ArrayField(models.IntegerField(), default=list)

    class Meta:
        indexes = [
            GinIndex(fields=["search_vector"], name="catalogue_search_gin"),
            GinIndex(fields=["phrase_pairs"], name="catalogue_phrase_pairs_gin"),
            GinIndex(fields=["lacks"], name="catalogue_lacks_gin"),
            models.Index(
                fields=["-evidence_level", "-published_at", "-innovation"], name="catalogue_by_evidence"
            ),
            models.Index(fields=["-published_at", "-innovation"], name="catalogue_by_newest"),
            models.Index(
                fields=["-adoption_count", "-evidence_level", "-published_at", "-innovation"],
                name="catalogue_by_adoptions",
            ),
        ]

    def __str__(self) -> str:
        return f"Catalogue entry {self.innovation_id}"

    @property
    def award_phrase(self) -> str:
        """The highest place an award has given it, as its card says it ("Award winner"), or ""."""
        for bit, outcome in enumerate(AwardOutcome.values):
            if self.award_bits & (1 << bit):
                return AWARD_OUTCOME_PHRASES[AwardOutcome(outcome)]
        return ""


class ProblemReason(models.TextChoices):
    OUTDATED = "outdated", "It is out of date"
    WRONG = "wrong", "Something on it is wrong"
    BROKEN_LINK = "broken_link", "A link does not work"
    OTHER = "other", "Something else"


class ProblemReport(models.Model):
    """A visitor's report that an innovation page is outdated, wrong or has a broken link."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="problem_reports")
    reason = models.CharField(max_length=16, choices=ProblemReason.choices)
    details = models.TextField(blank=True, max_length=SHORT_NOTE_LIMIT)
    email = models.EmailField(blank=True, help_text="Given by the reporter if they want a reply.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["resolved_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reason__in=ProblemReason.values), name="problemreport_reason_valid"
            ),
            *length_checks("problemreport", {"details": SHORT_NOTE_LIMIT}),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.innovation}"


class AlertFrequency(models.TextChoices):
    DAILY = "daily", "Every day"
    WEEKLY = "weekly", "Every week"
    NONE = "none", "No emails"


class SavedSearch(models.Model):
    """A user's named search (the search page's query string) with optional email alerts of new matches."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=100)
    query = models.CharField(max_length=1000, blank=True)
    frequency = models.CharField(max_length=8, choices=AlertFrequency.choices, default=AlertFrequency.WEEKLY)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(frequency__in=AlertFrequency.values), name="savedsearch_frequency_valid"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_search_url(self) -> str:
        return reverse("innovations:index") + (f"?{self.query}" if self.query else "")


class SavedSearchAlert(models.Model):
    """An innovation already sent to a saved search's owner: it is never sent for that search again."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="alerts")
    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["saved_search", "innovation"], name="alert_once_per_search")
        ]

    def __str__(self) -> str:
        return f"Innovation {self.innovation_id} sent for saved search {self.saved_search_id}"


class ShortlistEntry(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shortlist")
    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "innovation"], name="shortlist_once")]

    def __str__(self) -> str:
        return f"{self.innovation_id} on {self.user_id}'s shortlist"
