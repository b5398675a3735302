"""Bulk import of innovations from CSV: the central team's path, and the format of the demo content.

All or nothing: every row is checked before anything is written; a file with any bad row writes nothing
and reports each bad row with its line number and reason. Imported innovations are published, with the
import date as their last verified date. A row whose title and organisation match an existing
innovation updates it rather than adding a second.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models, transaction
from django.utils import timezone

from innovations.models import CONTENT_FIELDS, MAX_TAG_LENGTH, Adoption, Innovation, PolicyArea, Status
from innovations.services import catalogue_refresh, innovation_stamp
from portal.core.csv_import import RowError, SafeWriter, read_rows, split_list
from portal.core.vocabulary import OrganisationType, Region, Stage, Theme
from portal.models import Organisation
from portal.services import organisation_get_or_create

COLUMNS = [
    "title",
    "summary",
    "problem",
    "solution",
    "outcomes",
    "evidence_level",
    "evidence_justification",
    "evaluation_links",
    "stage",
    "themes",
    "policy_areas",
    "organisation",
    "organisation_type",
    "region",
    "cost_band",
    "cost_notes",
    "resources_needed",
    "how_to_adopt",
    "challenges",
    "conditions_for_success",
    "lessons",
    "contact_name",
    "contact_role",
    "contact_email",
    "year_started",
    "website",
    "further_links",
    "tags",
    "adopted_by",
]
# Columns holding several web addresses, separated by ";".
LINK_COLUMNS = ["evaluation_links", "further_links"]
# The columns that are the innovation's own content; the rest name organisations and policy areas.
CONTENT_COLUMNS = [column for column in COLUMNS if column in CONTENT_FIELDS]
# Each text column held to its field's length, as forms and the database hold it.
LIMITS = {
    column: Innovation._meta.get_field(column).max_length
    for column in CONTENT_COLUMNS
    if isinstance(Innovation._meta.get_field(column), (models.CharField, models.TextField))
    and Innovation._meta.get_field(column).max_length
}
REQUIRED = ["title", "summary", "stage", "evidence_level", "organisation", "organisation_type", "region"]


@dataclass
class PlannedRow:
    line: int
    values: dict
    policy_areas: list[PolicyArea]
    existing: Innovation | None

    @property
    def action(self) -> str:
        return "update" if self.existing else "create"


@dataclass
class ImportPlan:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # The columns the file has: an update changes only those, so an older file leaves newer fields be.
    columns: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def creates(self) -> int:
        return sum(1 for r in self.rows if r.action == "create")

    @property
    def updates(self) -> int:
        return sum(1 for r in self.rows if r.action == "update")


def _whole_number(value: str, name: str, low: int, high: int, problems: list[str]) -> int | None:
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        problems.append(f"{name} must be a whole number from {low} to {high}, not “{value}”")
        return None
    if not low <= number <= high:
        problems.append(f"{name} must be from {low} to {high}, not {number}")
        return None
    return number


def plan_import(file) -> ImportPlan:
    """Read and check a CSV file (bytes or text) without writing anything."""
    plan = ImportPlan()
    policy_areas = {pa.name.lower(): pa for pa in PolicyArea.objects.all()}
    url_validator = URLValidator(schemes=["http", "https"])
    email_validator = EmailValidator()
    this_year = timezone.localdate().year
    seen: dict[tuple[str, str], int] = {}
    for start_line, row, problems in read_rows(
        file, columns=COLUMNS, required=REQUIRED, errors=plan.errors, limits=LIMITS, header_seen=plan.columns
    ):
        if row["stage"] and row["stage"] not in Stage.values:
            problems.append(f"stage “{row['stage']}” is not one of {', '.join(Stage.values)}")
        evidence = _whole_number(row["evidence_level"], "evidence_level", 1, 5, problems)
        cost = _whole_number(row["cost_band"], "cost_band", 1, 5, problems)
        year = _whole_number(row["year_started"], "year_started", 1900, this_year, problems)
        themes = split_list(row["themes"])
        bad_themes = [t for t in themes if t not in Theme.values]
        if bad_themes:
            problems.append(f"unknown theme{'s' if len(bad_themes) > 1 else ''}: {', '.join(bad_themes)}")
        areas = []
        for name in split_list(row["policy_areas"]):
            area = policy_areas.get(name.lower())
            if area is None:
                problems.append(f"unknown policy area: {name}")
            else:
                areas.append(area)
        if row["organisation_type"] and row["organisation_type"] not in OrganisationType.values:
            problems.append(f"organisation_type “{row['organisation_type']}” is not a known type")
        if row["region"] and row["region"] not in Region.values:
            problems.append(f"region “{row['region']}” is not a known region")
        links = {name: split_list(row[name]) for name in LINK_COLUMNS}
        for name, address in [
            ("website", row["website"]),
            *((n, a) for n, found in links.items() for a in found),
        ]:
            if not address:
                continue
            try:
                url_validator(address)
            except ValidationError:
                problems.append(f"{name} “{address}” is not a web address (http or https)")
            else:
                if len(address) > 500:
                    problems.append(f"each address in {name} must be 500 characters or fewer")
        if row["contact_email"]:
            try:
                email_validator(row["contact_email"])
            except ValidationError:
                problems.append(f"contact_email “{row['contact_email']}” is not an email address")
        tags = split_list(row["tags"])
        if any(len(tag) > MAX_TAG_LENGTH for tag in tags):
            problems.append(f"each tag must be {MAX_TAG_LENGTH} characters or fewer")
        if any(len(name) > 200 for name in [row["organisation"], *split_list(row["adopted_by"])]):
            problems.append("organisation names must be 200 characters or fewer")
        key = (row["title"].lower(), " ".join(row["organisation"].split()).lower())
        if row["title"] and key in seen:
            problems.append(f"the same title and organisation are already on line {seen[key]}")
        seen.setdefault(key, start_line)
        if problems:
            plan.errors.append(RowError(start_line, "; ".join(problems) + "."))
            continue
        existing = Innovation.objects.filter(
            title__iexact=row["title"],
            organisation__in=Organisation.objects.named(" ".join(row["organisation"].split())),
        ).first()
        values = {
            **row,
            "evidence_level": evidence,
            "cost_band": cost,
            "year_started": year,
            "themes": list(dict.fromkeys(themes)),
            "tags": list(dict.fromkeys(tags)),
            **{name: list(dict.fromkeys(found)) for name, found in links.items()},
            "adopted_by": list(dict.fromkeys(split_list(row["adopted_by"]))),
        }
        plan.rows.append(PlannedRow(start_line, values, list(dict.fromkeys(areas)), existing))
    if not plan.rows and not plan.errors:
        plan.errors.append(RowError(0, "The file has a header row but no innovations."))
    return plan


@transaction.atomic
def apply_import(plan: ImportPlan) -> list[Innovation]:
    """Write a checked plan: create or update each innovation, publish it, record its adopters."""
    if not plan.is_valid:
        raise ValueError("An import with errors cannot be applied.")
    today = timezone.localdate()
    saved: list[Innovation] = []
    for planned in plan.rows:
        v = planned.values
        owner = organisation_get_or_create(
            name=v["organisation"], organisation_type=v["organisation_type"], region=v["region"]
        )
        innovation = planned.existing or Innovation(organisation=owner)
        for name in CONTENT_COLUMNS:
            if innovation.pk is None or name in plan.columns:
                setattr(innovation, name, v[name])
        innovation.status = Status.PUBLISHED
        innovation.last_verified = today
        innovation_stamp(innovation)
        innovation.full_clean()
        innovation.save()
        innovation.policy_areas.set(planned.policy_areas)
        for name in v["adopted_by"]:
            adopter = organisation_get_or_create(name=name)
            if adopter.id == owner.id:
                continue
            Adoption.objects.update_or_create(
                innovation=innovation, organisation=adopter, defaults={"status": Status.PUBLISHED}
            )
        saved.append(innovation)
    catalogue_refresh([i.id for i in saved])
    return saved


def import_innovations(file, *, dry_run: bool = False) -> tuple[ImportPlan, list[Innovation]]:
    """Check a CSV file and, unless it has errors or this is a dry run, import it."""
    plan = plan_import(file)
    if not plan.is_valid or dry_run:
        return plan, []
    return plan, apply_import(plan)


def export_innovations(queryset, out) -> None:
    """Write innovations as CSV in the import format, every column, so an export can be edited and
    imported back."""
    writer = SafeWriter(out)
    writer.writerow(COLUMNS)
    rows = queryset.select_related("organisation").prefetch_related("policy_areas", "adoptions__organisation")
    for innovation in rows.order_by("id"):
        writer.writerow([_export_value(innovation, column) for column in COLUMNS])


def _export_value(innovation: Innovation, column: str):
    organisation = innovation.organisation
    match column:
        case "policy_areas":
            return ";".join(p.name for p in innovation.policy_areas.all())
        case "organisation":
            return organisation.name
        case "organisation_type" | "region":
            return getattr(organisation, column)
        case "adopted_by":
            return ";".join(
                a.organisation.name for a in innovation.adoptions.all() if a.status == Status.PUBLISHED
            )
        case "themes" | "tags" | "evaluation_links" | "further_links":
            return ";".join(getattr(innovation, column))
        case _:
            value = getattr(innovation, column)
            return "" if value is None else value
