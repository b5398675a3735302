"""Help that fits an innovation: sources for named kinds of organisation go only to those, sources for
named stages only at those stages, and the rest are ranked by what they share with the case, each with
why it fits. Realistic pairs that must, and must not, be suggested."""

import pytest

from portal.advice.find_help import advice_for_innovation
from tests.factories import OrganisationFactory, make_advice, make_innovation

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory_of_help(db):
    return {
        "schools": make_advice(
            name="Schools evaluation toolkit",
            description="How schools can evaluate a new teaching approach with pupils and classes.",
            support_types=("evaluation",),
            audiences=["education"],
            themes=["evidence"],
            stages=["prove"],
        ),
        "council_fund": make_advice(
            name="Council innovation fund",
            description="Grants for councils scaling a service that worked elsewhere.",
            support_types=("funding",),
            audiences=["local_authority"],
            themes=["resources"],
        ),
        "nhs_programme": make_advice(
            name="NHS adoption programme",
            description="Support for NHS teams spreading hospital care at home, virtual wards and patient services.",
            support_types=("networks",),
            audiences=["nhs"],
            themes=["networks", "evidence"],
            stages=["grow", "adopt"],
        ),
        "policing": make_advice(
            name="Policing evidence centre",
            description="Evidence on what works in crime reduction and policing.",
            support_types=("evaluation",),
            audiences=["police_fire"],
            themes=["evidence"],
        ),
        "anyone_evaluation": make_advice(
            name="Evaluation guide for public services",
            description="A step-by-step guide to evaluating any public service innovation, from hospital care to housing.",
            support_types=("guidance",),
            themes=["evidence"],
        ),
    }


def names(matches):
    return [m.source.name for m in matches]


def test_a_hospital_at_home_case_gets_nhs_help_not_a_schools_toolkit(directory_of_help):
    trust = OrganisationFactory(name="Riverside NHS Trust", organisation_type="nhs", region="london")
    case = make_innovation(
        title="Hospital at home",
        summary="Patients who would be admitted are cared for at home by a hospital team.",
        stage="grow",
        themes=["evidence"],
        organisation=trust,
    )
    suggested = advice_for_innovation(case)
    assert names(suggested)[0] == "NHS adoption programme"
    assert "Schools evaluation toolkit" not in names(suggested)
    assert "Council innovation fund" not in names(suggested)
    assert "Policing evidence centre" not in names(suggested)
    programme = suggested[0]
    assert programme.reasons == ["for nhs organisations", "at the Grow it stage", "on evidence"]


def test_an_arms_length_body_is_not_offered_a_fund_for_councils_only(directory_of_help):
    body = OrganisationFactory(name="Skills Agency", organisation_type="arms_length_body", region="london")
    case = make_innovation(
        title="Apprenticeships in public services",
        summary="Councils and agencies share apprentices to grow skills.",
        stage="adopt",
        themes=["resources", "skills"],
        organisation=body,
    )
    assert "Council innovation fund" not in names(advice_for_innovation(case))


def test_council_apprenticeships_are_not_pointed_to_a_policing_centre(directory_of_help):
    council = OrganisationFactory(
        name="Northby Council", organisation_type="local_authority", region="north_east"
    )
    case = make_innovation(
        title="Council apprenticeships",
        summary="A council trains young people in its own services.",
        stage="prove",
        themes=["resources"],
        organisation=council,
    )
    suggested = names(advice_for_innovation(case))
    assert "Council innovation fund" in suggested
    assert "Policing evidence centre" not in suggested


def test_find_help_offers_a_source_only_to_the_organisations_it_is_for(directory_of_help):
    from portal.advice.find_help import fitting_advice

    for_schools = names(
        fitting_advice(stage="prove", needs=["evaluation"], audience="education", where="london")
    )
    for_police = names(
        fitting_advice(stage="prove", needs=["evaluation"], audience="police_fire", where="london")
    )
    assert "Schools evaluation toolkit" in for_schools and "Policing evidence centre" not in for_schools
    assert "Policing evidence centre" in for_police and "Schools evaluation toolkit" not in for_police
