from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from portal.vocabulary import Fees, OrganisationType, Region, ServiceStatus, Stage, Theme


class OrganisationQuerySet(models.QuerySet):
    def named(self, name: str):
        """Organisations whose name matches `name`, ignoring case and surrounding space."""
        return self.filter(name__iexact=name.strip())


class Organisation(models.Model):
    """A public body, charity, company or university that owns, adopts or advises on innovations."""

    name = models.CharField(max_length=200)
    # Type and region may be blank: an organisation named only as an adopter in an import is created
    # without them, for the central team to complete.
    organisation_type = models.CharField(max_length=32, choices=OrganisationType.choices, blank=True)
    region = models.CharField(max_length=32, choices=Region.choices, blank=True)
    description = models.TextField(blank=True)
    website = models.URLField(max_length=500, blank=True)
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="organisation_name_unique_ci"),
            models.CheckConstraint(
                condition=models.Q(organisation_type__in=["", *OrganisationType.values]),
                name="organisation_type_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(region__in=["", *Region.values]), name="organisation_region_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must be staff and superuser.")
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone with an account. Signing in makes you an innovator; `is_staff` marks the central team.
    Mentors and judges are recorded by the mentoring and awards apps."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    job_title = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    is_staff = models.BooleanField(
        "central team", default=False, help_text="Members of the central team can use the admin site."
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_ci")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


# Each support type is one bit of an advice source's `support_bits`, a 32-bit integer, so the directory's
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


class AdviceSource(models.Model):
    """A source of advice for public sector innovators, shaped after an Open Referral UK service: who
    provides it, what it offers, to whom, where, at what cost, and when it was last checked."""

    name = models.CharField("service name", max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="advice_sources")
    description = models.TextField()
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
    # Derived by portal.advice.advice_refresh for the directory's search: the weighted text and one
    # bitmask per list, so the shared faceted search counts every facet in one pass.
    search_vector = SearchVectorField(null=True, editable=False)
    support_bits = models.IntegerField(default=0, editable=False)
    theme_bits = models.IntegerField(default=0, editable=False)
    stage_bits = models.IntegerField(default=0, editable=False)
    audience_bits = models.IntegerField(default=0, editable=False)
    region_bits = models.IntegerField(default=0, editable=False)

    history = HistoricalRecords(
        m2m_fields=[support_types],
        excluded_fields=[
            "updated_at",
            "link_ok",
            "link_checked_at",
            "link_problem",
            "search_vector",
            "support_bits",
            "theme_bits",
            "stage_bits",
            "audience_bits",
            "region_bits",
        ],
    )

    class Meta:
        ordering = ["name"]
        indexes = [GinIndex(fields=["search_vector"], name="advice_search_gin")]
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="advice_once_per_provider"),
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
        return reverse("portal:advice_detail", kwargs={"slug": self.slug})

    @property
    def area_labels(self) -> list[str]:
        return [Region(code).label for code in self.service_areas]
