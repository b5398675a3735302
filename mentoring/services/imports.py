"""Importing an existing pool of mentors from a CSV file (checked first, then written), and the
invitation to set a password that a person new to the portal is emailed."""

from __future__ import annotations

from dataclasses import dataclass, field

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.urls import reverse

from innovations.models import PolicyArea
from mentoring.models import MAX_CAPACITY, MIN_CAPACITY, Format, JoinedBy, Mentor
from mentoring.services.offers_to_mentor import mentor_save
from portal.core.csv_import import RowError, codes_for, lookup_values, read_rows, split_list
from portal.core.emails import send_templated_email
from portal.core.vocabulary import OrganisationType, Region, Stage, Theme
from portal.models import Organisation, User
from portal.moderation.models import Status
from portal.services import account_claim, organisation_get_or_create

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
