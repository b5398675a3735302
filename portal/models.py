from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from portal.core.text import SHORT_NOTE_LIMIT, length_checks
from portal.core.vocabulary import OrganisationType, Region


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
    description = models.TextField(blank=True, max_length=SHORT_NOTE_LIMIT)
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
            *length_checks("organisation", {"description": SHORT_NOTE_LIMIT}),
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


class OrganisationSuggestion(models.Model):
    """A user's proposed change to a shared organisation's type or region. Users never change a shared
    organisation themselves: the central team applies or dismisses what they propose."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="suggestions")
    suggested_by = models.ForeignKey(
        "portal.User", null=True, on_delete=models.SET_NULL, related_name="organisation_suggestions"
    )
    organisation_type = models.CharField(max_length=32, choices=OrganisationType.choices, blank=True)
    region = models.CharField(max_length=32, choices=Region.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["resolved_at", "-created_at"]
        indexes = [models.Index(fields=["organisation", "resolved_at"])]

    def __str__(self) -> str:
        return f"Change to {self.organisation}"
