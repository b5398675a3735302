"""The kinds of help are a list the central team curates in admin: a type they add is offered by the
import, the directory's filters, the find-help question and the Open Referral UK export; renaming or
deleting one keeps search and filters right."""

import pytest
from django.http import QueryDict

from innovations.search import catalogue_search
from portal.advice.catalogue import ADVICE_CATALOGUE
from portal.advice.models import MAX_SUPPORT_TYPES, AdviceSource, SupportType
from portal.advice.services import import_advice
from portal.search.engine import SearchQuery, run_search
from tests.factories import advice_csv as csv_file
from tests.factories import advice_row as row
from tests.factories import make_advice, make_innovation, policy_area

pytestmark = pytest.mark.django_db
ADD_URL = "/admin/advice/supporttype/add/"


def add_support_type(staff_client, **fields):
    data = {"name": "Behavioural science", "slug": "behavioural", "description": "", "themes": ""}
    data.update(fields)
    return staff_client.post(ADD_URL, data)


def names(**selected) -> list[str]:
    result = run_search(ADVICE_CATALOGUE, SearchQuery(q=selected.pop("q", ""), selected=selected))
    return sorted(AdviceSource.objects.filter(pk__in=result.ids).values_list("name", flat=True))


def test_the_starting_list_is_seeded_with_descriptions_and_themes():
    evaluation = SupportType.objects.get(slug="evaluation")
    assert evaluation.name == "Evaluation and evidence" and evaluation.themes == ["evidence"]
    assert evaluation.description
    assert SupportType.objects.count() == 9


def test_a_type_added_in_admin_is_offered_everywhere(staff_client, client):
    response = add_support_type(
        staff_client,
        description="Help to design services around how people really behave.",
        themes="evidence,culture",
    )
    assert response.status_code == 302
    added = SupportType.objects.get(slug="behavioural")
    assert added.bit == 9  # the first bit no other type holds
    plan, _saved = import_advice(
        csv_file(row(name="Nudge unit", support_types="Behavioural science;evaluation"), row(name="Other"))
    )
    assert plan.is_valid, plan.errors

    assert names(support_type=["behavioural"]) == ["Nudge unit"]
    assert names(q="behavioural") == ["Nudge unit"]  # the type's name is part of what search reads
    html = client.get("/advice/").content.decode()
    assert 'Behavioural science <span class="app-count">(1)</span>' in html

    question = client.get("/find-help/need/").content.decode()
    # The box is described by its own hint, the type's description (types are listed by name).
    assert (
        'id="id_need_0" name="need" type="checkbox" value="behavioural" aria-describedby="id_need_0-item-hint"'
        in (question)
    )
    assert (
        '<div id="id_need_0-item-hint" class="govuk-hint govuk-checkboxes__hint">'
        "Help to design services around how people really behave.</div>"
    ) in question

    export = client.get("/api/advice/openreferral/").json()
    terms = {
        a["taxonomy_term"]["term"]
        for s in export["contents"]
        if s["name"] == "Nudge unit"
        for a in s["attributes"]
        if a["link_type"] == "support_type"
    }
    assert terms == {"Behavioural science", "Evaluation and evidence"}


def test_find_help_uses_the_types_themes_for_innovations_to_learn_from(client):
    SupportType.objects.create(name="Behavioural science", slug="behavioural", themes=["culture"], bit=20)
    make_advice(name="Nudge unit", support_types=["behavioural"])
    make_innovation(title="Culture change", stage="grow", themes=["culture"])
    make_innovation(title="Skills academy", stage="grow", themes=["skills"])
    html = client.get(
        "/find-help/results/?stage=prove&need=behavioural&audience=local_authority&where=wales"
    ).content.decode()
    assert "Nudge unit" in html and "helps with behavioural science" in html
    assert "Culture change" in html and "Skills academy" not in html
    assert "Behavioural science" in html  # the answer, by its curated name


def test_an_unknown_type_is_refused_by_the_find_help_question(client):
    html = client.get("/find-help/need/?need=astrology&continue=1").content.decode()
    assert "Select at least one kind of help" in html


def test_renaming_a_type_reindexes_the_sources_that_use_it(staff_client):
    make_advice(name="Nudge unit", support_types=["evaluation"])
    evaluation = SupportType.objects.get(slug="evaluation")
    response = staff_client.post(
        f"/admin/advice/supporttype/{evaluation.pk}/change/",
        {"name": "Impact measurement", "slug": "evaluation", "description": "", "themes": "evidence"},
    )
    assert response.status_code == 302
    assert names(q="impact") == ["Nudge unit"]


def test_deleting_a_type_frees_its_bit_without_leaving_stale_matches(staff_client):
    make_advice(name="Nudge unit", support_types=["evaluation", "guidance"])
    evaluation = SupportType.objects.get(slug="evaluation")
    response = staff_client.post(f"/admin/advice/supporttype/{evaluation.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert add_support_type(staff_client).status_code == 302
    assert SupportType.objects.get(slug="behavioural").bit == evaluation.bit  # the freed bit is reused
    assert names(support_type=["behavioural"]) == []
    assert names(support_type=["guidance"]) == ["Nudge unit"]


def test_a_full_list_is_refused_with_a_clear_message(staff_client):
    used = set(SupportType.objects.values_list("bit", flat=True))
    SupportType.objects.bulk_create(
        SupportType(name=f"Type {bit}", slug=f"type-{bit}", bit=bit)
        for bit in range(MAX_SUPPORT_TYPES)
        if bit not in used
    )
    response = add_support_type(staff_client)
    assert response.status_code == 200
    assert f"There can be at most {MAX_SUPPORT_TYPES} support types" in response.content.decode()
    assert not SupportType.objects.filter(slug="behavioural").exists()


def test_deleting_a_policy_area_frees_its_bit_without_leaving_stale_matches(staff_client):
    health = policy_area("Health")
    make_innovation(title="Falls visits", policy_areas=["Health"])
    response = staff_client.post(f"/admin/innovations/policyarea/{health.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    response = staff_client.post("/admin/innovations/policyarea/add/", {"name": "Space", "slug": "space"})
    assert response.status_code == 302
    found = catalogue_search(QueryDict("policy_area=space"))
    assert found.result.total == 0


def test_only_the_central_team_can_curate_types(client, innovator_client):
    for c in (client, innovator_client):
        response = c.post(ADD_URL, {"name": "Sneaky", "slug": "sneaky"})
        assert response.status_code == 302 and "/login" in response["Location"]
    assert not SupportType.objects.filter(slug="sneaky").exists()


def test_changing_a_sources_types_in_admin_reaches_the_filters_and_history(staff_client):
    source = make_advice(name="Nudge unit", support_types=["evaluation"])
    url = f"/admin/advice/advicesource/{source.pk}/change/"
    form = staff_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    funding = SupportType.objects.get(slug="funding")
    data.update(
        {
            "support_types": [funding.pk],
            "themes": "",
            "stages": "",
            "audiences": "",
            "service_areas": "uk_wide",
            "provider": source.provider_id,
        }
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert names(support_type=["funding"]) == ["Nudge unit"]
    assert names(support_type=["evaluation"]) == []
    latest = source.history.latest()
    assert [t.supporttype_id for t in latest.support_types.all()] == [funding.pk]


def test_a_source_left_without_types_shows_no_empty_row(client, staff_client):
    source = make_advice(name="Nudge unit", support_types=["legal"])
    legal = SupportType.objects.get(slug="legal")
    staff_client.post(f"/admin/advice/supporttype/{legal.pk}/delete/", {"post": "yes"})
    html = client.get(source.get_absolute_url()).content.decode()
    assert "Nudge unit" in html and "Type of help" not in html
