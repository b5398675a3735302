"""Every write to the advice directory that has a rule: its bulk import (the same all-or-nothing rule as
the innovation import; a row whose name and provider match an existing source updates it) and the
upkeep of its search columns."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import connection, transaction
from django.utils import timezone

from portal.advice.models import AdviceSource, SupportType
from portal.core.csv_import import RowError, codes_for, lookup_values, read_rows, split_list
from portal.core.slugs import unique_slug
from portal.core.vocabulary import (
    INITIAL_SUPPORT_TYPES,
    Fees,
    OrganisationType,
    Region,
    ServiceStatus,
    Stage,
    Theme,
)
from portal.models import Organisation
from portal.search.vocabulary import words_add
from portal.services import organisation_get_or_create

COLUMNS = [
    "name",
    "provider",
    "description",
    "url",
    "email",
    "fees",
    "support_types",
    "themes",
    "stages",
    "audiences",
    "regions",
]
# Each text column held to the length its field allows.
LIMITS = {
    "name": AdviceSource._meta.get_field("name").max_length,
    "provider": Organisation._meta.get_field("name").max_length,
    "description": AdviceSource._meta.get_field("description").max_length,
    "url": AdviceSource._meta.get_field("url").max_length,
    "email": AdviceSource._meta.get_field("email").max_length,
}
REQUIRED = ["name", "provider", "description", "url", "fees", "support_types", "regions"]
LISTS = {
    "themes": Theme,
    "stages": Stage,
    "audiences": OrganisationType,
    "regions": Region,
}


@dataclass
class AdvicePlan:
    rows: list[tuple[int, dict, AdviceSource | None]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def support_types_seed() -> None:
    """Give an emptied list of support types the starting ones again (the migrations seed a new one)."""
    if not SupportType.objects.exists():
        SupportType.objects.bulk_create(
            SupportType(slug=slug, name=name, themes=themes, description=description, bit=bit)
            for bit, (slug, name, themes, description) in enumerate(INITIAL_SUPPORT_TYPES)
        )


def plan_advice_import(file) -> AdvicePlan:
    plan = AdvicePlan()
    support_types = {t.slug.lower(): t for t in SupportType.objects.all()} | {
        t.name.lower(): t for t in SupportType.objects.all()
    }
    url_validator, email_validator = URLValidator(schemes=["http", "https"]), EmailValidator()
    seen: dict[tuple[str, str], int] = {}
    for line, row, problems in read_rows(
        file, columns=COLUMNS, required=REQUIRED, errors=plan.errors, limits=LIMITS
    ):
        values = {
            "name": row["name"],
            "provider": " ".join(row["provider"].split()),
            "description": row["description"],
            "url": row["url"],
            "email": row["email"],
        }
        for name, check, label in [
            ("url", url_validator, "a web address (http or https)"),
            ("email", email_validator, "an email address"),
        ]:
            if row[name]:
                try:
                    check(row[name])
                except ValidationError:
                    problems.append(f"{name} “{row[name]}” is not {label}")
        fees, unknown = codes_for([row["fees"]] if row["fees"] else [], Fees)
        if unknown:
            problems.append(f"fees “{row['fees']}” is not one of free, paid, mixed")
        values["fees"] = fees[0] if fees else ""
        values["support_types"], unknown = lookup_values(split_list(row["support_types"]), support_types)
        if unknown:
            problems.append(f"unknown support types: {', '.join(unknown)}")
        for column, choices in LISTS.items():
            codes, unknown = codes_for(split_list(row[column]), choices)
            if unknown:
                problems.append(f"unknown {column.replace('_', ' ')}: {', '.join(unknown)}")
            values[column] = codes
        key = (row["name"].lower(), values["provider"].lower())
        if row["name"] and key in seen:
            problems.append(f"the same name and provider are already on line {seen[key]}")
        seen.setdefault(key, line)
        if problems:
            plan.errors.append(RowError(line, "; ".join(problems) + "."))
            continue
        existing = AdviceSource.objects.filter(
            name__iexact=values["name"], provider__in=Organisation.objects.named(values["provider"])
        ).first()
        plan.rows.append((line, values, existing))
    if not plan.rows and not plan.errors:
        plan.errors.append(RowError(0, "The file has a header row but no advice sources."))
    return plan


@transaction.atomic
def apply_advice_import(plan: AdvicePlan) -> list[AdviceSource]:
    if not plan.is_valid:
        raise ValueError("An import with errors cannot be applied.")
    saved = []
    for _line, values, existing in plan.rows:
        source = existing or AdviceSource(provider=organisation_get_or_create(name=values["provider"]))
        for name in (c for c in COLUMNS if c not in {"provider", "regions", "support_types"}):
            setattr(source, name, values[name])
        source.service_areas = values["regions"]
        source.slug = source.slug or unique_slug(AdviceSource.objects, source.name, fallback="advice")
        source.last_verified = timezone.localdate()
        source.full_clean()
        source.save()
        source.support_types.set(values["support_types"])
        saved.append(source)
    advice_refresh([s.pk for s in saved])
    return saved


def import_advice(file, *, dry_run: bool = False) -> tuple[AdvicePlan, list[AdviceSource]]:
    plan = plan_advice_import(file)
    if not plan.is_valid or dry_run:
        return plan, []
    return plan, apply_advice_import(plan)


# The searchable entry of each active source: the weighted text and the facet bitmasks, from the source,
# its provider and its support types. A list of codes becomes a bitmask where each code's bit is its place
# in the parameter listing every code in order, as the catalogue does for innovations' themes. Sources
# that are not active lose their entry.
_ADVICE_REFRESH_SQL = """
INSERT INTO advice_adviceentry (
    source_id, name, fees, last_verified, search_vector,
    support_bits, theme_bits, stage_bits, audience_bits, region_bits
)
SELECT
    a.id, a.name, a.fees, a.last_verified,
    setweight(to_tsvector('english', a.name), 'A')
    || setweight(to_tsvector('english', o.name), 'B')
    || setweight(to_tsvector('english', a.description || ' ' || a.fees_description || ' ' || COALESCE(
        (SELECT string_agg(t.name, ' ') FROM portal_advicesource_support_types at
         JOIN portal_supporttype t ON t.id = at.supporttype_id WHERE at.advicesource_id = a.id), '')), 'C'),
    COALESCE(
        (SELECT bit_or(1 << t.bit) FROM portal_advicesource_support_types at
         JOIN portal_supporttype t ON t.id = at.supporttype_id WHERE at.advicesource_id = a.id), 0),
    COALESCE((SELECT bit_or(1 << (array_position(%(themes)s::varchar[], c::varchar) - 1))
        FROM unnest(a.themes) AS c), 0),
    COALESCE((SELECT bit_or(1 << (array_position(%(stages)s::varchar[], c::varchar) - 1))
        FROM unnest(a.stages) AS c), 0),
    COALESCE((SELECT bit_or(1 << (array_position(%(audiences)s::varchar[], c::varchar) - 1))
        FROM unnest(a.audiences) AS c), 0),
    COALESCE((SELECT bit_or(1 << (array_position(%(regions)s::varchar[], c::varchar) - 1))
        FROM unnest(a.service_areas) AS c), 0)
FROM portal_advicesource a
JOIN portal_organisation o ON o.id = a.provider_id
WHERE a.id = ANY(%(ids)s) AND a.status = %(active)s
ON CONFLICT (source_id) DO UPDATE SET
    name = EXCLUDED.name,
    fees = EXCLUDED.fees,
    last_verified = EXCLUDED.last_verified,
    search_vector = EXCLUDED.search_vector,
    support_bits = EXCLUDED.support_bits,
    theme_bits = EXCLUDED.theme_bits,
    stage_bits = EXCLUDED.stage_bits,
    audience_bits = EXCLUDED.audience_bits,
    region_bits = EXCLUDED.region_bits
"""

_ADVICE_PRUNE_SQL = """
DELETE FROM advice_adviceentry e
WHERE e.source_id = ANY(%(ids)s)
  AND NOT EXISTS (SELECT 1 FROM portal_advicesource a WHERE a.id = e.source_id AND a.status = %(active)s)
"""


# The words the directory shows, for spelling suggestions (portal.search.vocabulary).
ADVICE_WORDS_SQL = """
SELECT concat_ws(' ', a.name, a.description, o.name)
FROM portal_advicesource a JOIN portal_organisation o ON o.id = a.provider_id
WHERE a.id = ANY(%(ids)s) AND a.status = 'active'
"""


def advice_refresh(source_ids) -> None:
    """Bring the directory's search entries in step with these sources: active ones are (re)indexed with
    their search vector and facet bitmasks; any others are removed."""
    ids = sorted({int(i) for i in source_ids})
    if not ids:
        return
    params = {
        "ids": ids,
        "active": ServiceStatus.ACTIVE.value,
        "themes": list(Theme.values),
        "stages": list(Stage.values),
        "audiences": list(OrganisationType.values),
        "regions": list(Region.values),
    }
    with connection.cursor() as cursor:
        cursor.execute(_ADVICE_REFRESH_SQL, params)
        cursor.execute(_ADVICE_PRUNE_SQL, params)
    words_add(ADVICE_WORDS_SQL, ids)
