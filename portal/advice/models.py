"""The advice directory's models: sources of advice shaped after Open Referral UK services, and the kinds
of help (support types) the central team curates.

They were first written in the portal app, so their tables keep the names they had there
(`db_table`): an existing database moved to this app without a row being touched (migration 0001).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from portal.core.text import NOTE_LIMIT, length_checks
from portal.core.vocabulary import Fees, OrganisationType, Region, ServiceStatus, Stage, Theme
from portal.models import Organisation


class KeptTablesHistory(HistoricalRecords):
    """History whose many-to-many history table keeps its name from the portal app, like the others."""

    def get_meta_options_m2m(self, through_model):
        options = super().get_meta_options_m2m(through_model)
        options["db_table"] = f"portal_{self.get_history_model_name(through_model).lower()}"
        return options


# Each support type is one bit of an advice entry's `support_bits`, a 32-bit integer, so the directory's
# facets count in one pass; this caps how many kinds of help the central team can curate.
MAX_SUPPORT_TYPES = 31


class SupportType(models.Model):
    """A kind of help an advice source gives. The central team curates the list in admin."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(
        max_length=32,
        unique=True,
        help_text="Used in web addresses, the advice import and the API. Changing it breaks saved links.",
    )
    description = models.CharField(
        max_length=300, blank=True, help_text="Shown under the name when someone chooses the help they need."
    )
    themes = ArrayField(
        models.CharField(max_length=16, choices=Theme.choices),
        default=list,
        blank=True,
        help_text="The conditions for scaling up this help speaks to. Find help suggests innovations with "
        "these themes.",
    )
    bit = models.PositiveSmallIntegerField(
        unique=True,
        editable=False,
        help_text="Position of this type in the directory's support-type bitmask.",
    )

    class Meta:
        db_table = "portal_supporttype"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(bit__lt=MAX_SUPPORT_TYPES), name="supporttype_bit_in_range"
            ),
            models.CheckConstraint(
                condition=models.Q(themes__contained_by=Theme.values), name="supporttype_themes_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AdviceSourceQuerySet(models.QuerySet):
    def active(self):
        """Sources open now: the only ones search, find help and the one search box show."""
        return self.filter(status=ServiceStatus.ACTIVE)

    def listed(self):
        """Sources with a public page: closed for good (defunct) ones have none."""
        return self.exclude(status=ServiceStatus.DEFUNCT)


class AdviceSource(models.Model):
    """A source of advice for public sector innovators, shaped after an Open Referral UK service: who
    provides it, what it offers, to whom, where, at what cost, and when it was last checked."""

    name = models.CharField("service name", max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="advice_sources")
    description = models.TextField(max_length=NOTE_LIMIT)
    url = models.URLField("web address", max_length=500)
    email = models.EmailField(blank=True)
    status = models.CharField(max_length=10, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE)
    fees = models.CharField(max_length=8, choices=Fees.choices, default=Fees.FREE)
    fees_description = models.CharField(max_length=300, blank=True)
    support_types = models.ManyToManyField(SupportType, related_name="advice_sources")
    themes = ArrayField(models.CharField(max_length=16, choices=Theme.choices), default=list, blank=True)
    stages = ArrayField(models.CharField(max_length=8, choices=Stage.choices), default=list, blank=True)
    audiences = ArrayField(
        models.CharField(max_length=32, choices=OrganisationType.choices), default=list, blank=True
    )
    service_areas = ArrayField(models.CharField(max_length=32, choices=Region.choices), default=list)
    last_verified = models.DateField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set by `manage.py check_advice_links`.
    link_ok = models.BooleanField(
        null=True, editable=False, help_text="Whether the web address answered when last checked."
    )
    link_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    link_problem = models.CharField(max_length=300, blank=True, editable=False)

    objects = AdviceSourceQuerySet.as_manager()
    history = KeptTablesHistory(
        table_name="portal_historicaladvicesource",
        m2m_fields=[support_types],
        excluded_fields=[
            "updated_at",
            "link_ok",
            "link_checked_at",
            "link_problem",
        ],
    )

    class Meta:
        db_table = "portal_advicesource"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="advice_once_per_provider"),
            *length_checks("advicesource", {"description": NOTE_LIMIT}),
            models.CheckConstraint(
                condition=models.Q(status__in=ServiceStatus.values), name="advice_status_valid"
            ),
            models.CheckConstraint(condition=models.Q(fees__in=Fees.values), name="advice_fees_valid"),
            models.CheckConstraint(
                condition=models.Q(themes__contained_by=Theme.values), name="advice_themes_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(stages__contained_by=Stage.values), name="advice_stages_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(audiences__contained_by=OrganisationType.values),
                name="advice_audiences_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(service_areas__contained_by=Region.values), name="advice_areas_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("advice:detail", kwargs={"slug": self.slug})

    @property
    def area_labels(self) -> list[str]:
        return [Region(code).label for code in self.service_areas]

    @property
    def stage_labels(self) -> list[str]:
        return [Stage(code).label for code in self.stages]

    @property
    def audience_labels(self) -> list[str]:
        return [OrganisationType(code).label for code in self.audiences]

    @property
    def url_host(self) -> str:
        """The site the web address is on ("eif.org.uk"), to name it without its whole address."""
        host = urlsplit(self.url).hostname or self.url
        return host.removeprefix("www.")


class AdviceEntry(models.Model):
    """The searchable, public face of an active advice source: one narrow row per active source, derived
    from it by `portal.advice.services.advice_refresh` on every write path, as innovations have
    `CatalogueEntry`. The directory's search, counts and the one search box read only this table, so an
    inactive or closed source can never be found."""

    source = models.OneToOneField(
        AdviceSource, primary_key=True, on_delete=models.CASCADE, related_name="entry"
    )
    name = models.CharField(max_length=200)
    fees = models.CharField(max_length=8)
    last_verified = models.DateField(null=True)
    # One bitmask per list, so the shared faceted search counts every facet in one pass.
    support_bits = models.IntegerField(default=0)
    theme_bits = models.IntegerField(default=0)
    stage_bits = models.IntegerField(default=0)
    audience_bits = models.IntegerField(default=0)
    region_bits = models.IntegerField(default=0)
    search_vector = SearchVectorField()

    class Meta:
        indexes = [GinIndex(fields=["search_vector"], name="advice_entry_search_gin")]

    def __str__(self) -> str:
        return f"Advice entry {self.source_id}"
