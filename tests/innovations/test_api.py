"""The open API gives the same results, order and counts as the search page."""

import pytest

from tests.factories import OrganisationFactory, make_innovation

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db):
    owner = OrganisationFactory(
        name="Northby Council", organisation_type="local_authority", region="north_east"
    )
    adopter = OrganisationFactory(name="Westshire")
    for n in range(23):
        make_innovation(
            title=f"Housing scheme {n}",
            summary="Homes for people sleeping rough." if n % 2 else "Support for tenants.",
            stage="grow" if n % 3 else "adopt",
            evidence_level=1 + n % 5,
            themes=["evidence"] if n % 2 else ["skills"],
            policy_areas=["Housing and homelessness"],
            organisation=owner,
            adopters=[adopter] if n % 4 == 0 else [],
        )
    make_innovation(title="Housing draft", status="draft")


def test_search_json_matches_the_page(client, catalogue):
    query = "q=housing&stage=grow&theme=evidence&sort=relevance"
    data = client.get(f"/api/innovations/?{query}").json()
    page = client.get(f"/innovations/?{query}")
    assert data["count"] == page.context["result"].total
    assert [r["slug"] for r in data["results"]] == [i.slug for i in page.context["innovations"]]
    first = data["results"][0]
    assert set(first) >= {
        "slug",
        "title",
        "summary",
        "url",
        "stage",
        "evidence_level",
        "cost_band",
        "themes",
        "policy_areas",
        "organisation",
        "adoption_count",
    }
    assert first["organisation"] == {
        "name": "Northby Council",
        "type": "local_authority",
        "region": "north_east",
    }
    assert first["url"].startswith("http://testserver/innovations/")
    assert first["policy_areas"] == ["Housing and homelessness"]
    stage = {f["value"]: f for f in data["facets"]["stage"]}
    assert stage["grow"]["selected"] and not stage["adopt"]["selected"]
    assert stage["adopt"]["count"] == page.context["result"].facets["stage"][3].count
    assert set(data["facets"]) == {
        "stage",
        "evidence_level",
        "theme",
        "policy_area",
        "organisation_type",
        "region",
        "cost_band",
        "award",
        "adopted",
    }


def test_paging_links(client, catalogue):
    data = client.get("/api/innovations/?q=housing").json()
    assert data["count"] == 23 and len(data["results"]) == 20
    assert data["previous"] is None
    assert data["next"] == "http://testserver/api/innovations/?q=housing&page=2"
    second = client.get(data["next"]).json()
    assert len(second["results"]) == 3 and second["next"] is None
    assert not {r["slug"] for r in data["results"]} & {r["slug"] for r in second["results"]}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("stage=scale", "stage"),
        ("evidence_level=9", "evidence_level"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("sort=up", "sort"),
        ("page=9", "page"),
    ],
)
def test_bad_parameters_get_a_clear_400(client, catalogue, query, field):
    response = client.get(f"/api/innovations/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"]
    assert body["detail"]


def test_detail_json_has_sections_and_published_adoptions_only(client, catalogue):
    from innovations.models import Innovation
    from innovations.services import adoption_record

    innovation = Innovation.objects.get(title="Housing scheme 0")
    adoption_record(
        innovation=innovation, organisation=OrganisationFactory(name="Pending"), status="submitted"
    )
    data = client.get(f"/api/innovations/{innovation.slug}/").json()
    assert data["title"] == "Housing scheme 0"
    assert [a["organisation"]["name"] for a in data["adoptions"]] == ["Westshire"]
    assert data["adoption_count"] == 1
    assert "problem" in data and "how_to_adopt" in data
    assert client.get("/api/innovations/no-such-thing/").status_code == 404


def test_openapi_document_describes_both_endpoints(client, db):
    doc = client.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert "/api/innovations/" in doc["paths"]
    assert "/api/innovations/{slug}/" in doc["paths"]
    assert {"/api/advice/", "/api/advice/openreferral/"} <= set(doc["paths"])
    params = {p["name"] for p in doc["paths"]["/api/innovations/"]["get"]["parameters"]}
    assert {
        "q",
        "stage",
        "evidence_level",
        "theme",
        "policy_area",
        "organisation_type",
        "region",
        "cost_band",
        "adopted",
        "sort",
        "page",
    } <= params


def test_api_docs_page(client, db):
    html = client.get("/api/docs/").content.decode()
    assert "Open API" in html and "/api/openapi.json" in html
