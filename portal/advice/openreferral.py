"""The advice directory as Open Referral UK (HSDS 3.0 UK profile) objects, so other UK directories can
take it in. Field names follow the profile's schema: service (with organization, service_areas,
cost_options and attributes linking taxonomy terms), organization and taxonomy_term. Identifiers are
UUIDs derived from our own ids, so they stay the same between exports."""

from __future__ import annotations

import uuid

from django.conf import settings

from portal.advice.models import AdviceSource
from portal.core.vocabulary import Fees, Region, Stage, Theme

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://public-service-innovation-exchange/openreferral")
TAXONOMIES = {
    "support_type": "Support types",
    "theme": "Conditions for scaling up",
    "stage": "Stages of scaling",
}


def oruk_id(kind: str, key) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def taxonomy_term(taxonomy: str, code: str, label: str) -> dict:
    return {
        "id": oruk_id("taxonomy_term", f"{taxonomy}:{code}"),
        "taxonomy": f"{settings.SITE_NAME}: {TAXONOMIES[taxonomy]}",
        "taxonomy_id": oruk_id("taxonomy", taxonomy),
        "term": label,
        "term_uri": f"{settings.SITE_URL}/advice/?{taxonomy}={code}",
        "parent_id": None,
    }


def organization(provider) -> dict:
    return {
        "id": oruk_id("organization", provider.pk),
        "name": provider.name,
        "description": provider.description or provider.name,
        "email": provider.email or None,
        "website": provider.website or None,
    }


def service(source: AdviceSource) -> dict:
    service_id = oruk_id("service", source.pk)
    terms = [
        *(("support_type", t.slug, t.name) for t in source.support_types.all()),
        *(("theme", code, Theme(code).label) for code in source.themes),
        *(("stage", code, Stage(code).label) for code in source.stages),
    ]
    fees_label = Fees(source.fees).label
    return {
        "id": service_id,
        "organization_id": oruk_id("organization", source.provider_id),
        "name": source.name,
        "description": source.description,
        "url": source.url,
        "email": source.email or None,
        "status": source.status,
        "fees": f"{fees_label}. {source.fees_description}".strip().rstrip(".") + "."
        if source.fees_description
        else fees_label,
        "assured_date": source.last_verified.isoformat() if source.last_verified else None,
        # The central team checks the directory: its published address, never the checker's own sign-in.
        "assurer_email": settings.CENTRAL_TEAM_EMAIL if source.last_verified else None,
        "last_modified": source.updated_at.isoformat(),
        "organization": organization(source.provider),
        "service_areas": [
            {
                "id": oruk_id("service_area", f"{source.pk}:{code}"),
                "service_id": service_id,
                "name": Region(code).label,
                "service_area": Region(code).label,
                "extent": None,
                "extent_type": None,
                "uri": None,
            }
            for code in source.service_areas
        ],
        "cost_options": [
            {
                "id": oruk_id("cost_option", source.pk),
                "service_id": service_id,
                "option": fees_label,
                "amount": 0 if source.fees == Fees.FREE else None,
                "amount_description": source.fees_description or None,
                "valid_from": None,
                "valid_to": None,
            }
        ],
        "attributes": [
            {
                "id": oruk_id("attribute", f"{source.pk}:{taxonomy}:{code}"),
                "link_id": service_id,
                "link_type": taxonomy,
                "link_entity": "service",
                "taxonomy_term_id": term["id"],
                "taxonomy_term": term,
            }
            for taxonomy, code, label in terms
            for term in [taxonomy_term(taxonomy, code, label)]
        ],
    }


def service_page(*, page: int, size: int) -> dict:
    """One page of services in the HSDA list shape."""
    sources = AdviceSource.objects.select_related("provider").prefetch_related("support_types").order_by("pk")
    total = sources.count()
    total_pages = max(1, -(-total // size))
    # Past the last page there is nothing to read (and an offset beyond PostgreSQL's bigint would fail).
    contents = [service(s) for s in sources[(page - 1) * size : page * size]] if page <= total_pages else []
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }
