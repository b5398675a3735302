"""Bulk import of innovations from CSV: the central team's path, and the format of the demo content.

All or nothing: every row is checked before anything is written; a file with any bad row writes nothing
and reports each bad row with its line number and reason. Imported innovations are published, with the
import date as their last verified date. A row whose title and organisation match an existing
innovation updates it rather than adding a second.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.utils import timezone

from innovations.models import CONTENT_FIELDS, Adoption, Innovation, PolicyArea, Status
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
    "stage",
    "themes",
    "policy_areas",
    "organisation",
    "organisation_type",
    "region",
    "cost_band",
    "year_started",
    "website",
    "tags",
    "adopted_by",
]
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
    this_year = timezone.localdate().year
    seen: dict[tuple[str, str], int] = {}
    for start_line, row, problems in read_rows(
        file, columns=COLUMNS, required=REQUIRED, errors=plan.errors, limits=LIMITS
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
        if row["website"]:
            try:
                url_validator(row["website"])
            except ValidationError:
                problems.append(f"website “{row['website']}” is not a web address (http or https)")
        tags = split_list(row["tags"])
        if any(len(tag) > 50 for tag in tags):
            problems.append("each tag must be 50 characters or fewer")
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
    """Write innovations as CSV in the import format, so an export can be edited and imported back."""
    writer = SafeWriter(out)
    writer.writerow(COLUMNS)
    rows = queryset.select_related("organisation").prefetch_related("policy_areas", "adoptions__organisation")
    for innovation in rows.order_by("id"):
        organisation = innovation.organisation
        writer.writerow(
            [
                innovation.title,
                innovation.summary,
                innovation.problem,
                innovation.solution,
                innovation.outcomes,
                innovation.evidence_level or "",
                innovation.stage,
                ";".join(innovation.themes),
                ";".join(p.name for p in innovation.policy_areas.all()),
                organisation.name,
                organisation.organisation_type,
                organisation.region,
                innovation.cost_band or "",
                innovation.year_started or "",
                innovation.website,
                ";".join(innovation.tags),
                ";".join(
                    a.organisation.name for a in innovation.adoptions.all() if a.status == Status.PUBLISHED
                ),
            ]
        )
