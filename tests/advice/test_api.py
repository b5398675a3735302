"""The advice directory's API mirrors the page; the Open Referral UK export has the profile's shape."""

import uuid

import pytest

pytestmark = pytest.mark.django_db


def test_search_api_matches_the_page(client, directory):
    data = client.get("/api/advice/?support_type=commissioning").json()
    page = client.get("/advice/?support_type=commissioning")
    assert data["count"] == page.context["result"].total == 1
    assert [r["name"] for r in data["results"]] == [s.name for s in page.context["sources"]]
    counts = {f["value"]: f["count"] for f in data["facets"]["support_type"]}
    assert (counts["commissioning"], counts["evaluation"]) == (1, 1)
    response = client.get("/api/advice/?region=atlantis")
    assert response.status_code == 400 and "region" in response.json()["errors"]


def test_openreferral_export_field_by_field(client, directory):
    data = client.get("/api/advice/openreferral/").json()
    assert {
        k: data[k] for k in ["total_items", "total_pages", "page_number", "first_page", "last_page", "empty"]
    } == {
        "total_items": 2,
        "total_pages": 1,
        "page_number": 1,
        "first_page": True,
        "last_page": True,
        "empty": False,
    }
    service = next(s for s in data["contents"] if s["name"] == "What Works Network")
    # Required by the profile: id, name, status, url; plus the core fields we hold.
    assert set(service) >= {
        "id",
        "organization_id",
        "name",
        "description",
        "url",
        "email",
        "status",
        "fees",
        "assured_date",
        "organization",
        "service_areas",
        "cost_options",
        "attributes",
    }
    uuid.UUID(service["id"])
    assert service["status"] == "active"
    assert service["url"] == "https://example.org/what-works"
    assert service["assured_date"]
    organization = service["organization"]
    assert set(organization) >= {"id", "name", "description", "email", "website"}
    assert organization["id"] == service["organization_id"] and organization["name"] == "Cabinet Office"
    [area] = service["service_areas"]
    assert set(area) >= {"id", "service_id", "name", "service_area", "extent", "extent_type", "uri"}
    assert (area["service_id"], area["service_area"]) == (service["id"], "UK-wide")
    [cost] = service["cost_options"]
    assert (cost["service_id"], cost["option"], cost["amount"]) == (service["id"], "Free", 0)
    terms = {(a["link_type"], a["taxonomy_term"]["term"]) for a in service["attributes"]}
    assert terms == {
        ("support_type", "Evaluation and evidence"),
        ("support_type", "Guidance and toolkits"),
        ("theme", "Evidence"),
        ("stage", "Prove it"),
        ("stage", "Grow it"),
    }
    attribute = service["attributes"][0]
    assert set(attribute) >= {
        "id",
        "link_id",
        "link_type",
        "link_entity",
        "taxonomy_term_id",
        "taxonomy_term",
    }
    assert attribute["link_id"] == service["id"] and attribute["link_entity"] == "service"
    assert attribute["taxonomy_term_id"] == attribute["taxonomy_term"]["id"]
    assert set(attribute["taxonomy_term"]) >= {"id", "taxonomy", "term", "taxonomy_id"}
    # Identifiers are stable between exports.
    assert client.get("/api/advice/openreferral/").json()["contents"] == data["contents"]
    assert client.get("/api/advice/openreferral/?per_page=500").status_code == 400


def test_openreferral_names_the_central_team_never_the_checker(client, directory, settings):
    from portal.advice.models import AdviceSource
    from tests.factories import StaffFactory

    settings.CENTRAL_TEAM_EMAIL = "innovation-team@example.gov.uk"
    checker = StaffFactory(email="sam.private@example.org")
    AdviceSource.objects.update(verified_by=checker)
    body = client.get("/api/advice/openreferral/").content.decode()
    assert "sam.private@example.org" not in body
    assert {s["assurer_email"] for s in client.get("/api/advice/openreferral/").json()["contents"]} == {
        "innovation-team@example.gov.uk"
    }


@pytest.mark.parametrize("page", ["99999999999999999999", "3", str(2**63)])
def test_openreferral_past_the_last_page_is_a_clear_400(client, directory, page):
    response = client.get(f"/api/advice/openreferral/?page={page}")
    assert response.status_code == 400
    assert response.json()["detail"] == f"Page {page} is out of range: there is 1 page."
    assert response.json()["errors"] == {"page": ["Choose a page from 1 to 1"]}
