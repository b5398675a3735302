"""The central team's catalogue admin: CSV import with a preview, and edits that reach search."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict

from innovations.models import Innovation
from innovations.search import catalogue_search
from tests.factories import OrganisationFactory, make_innovation
from tests.factories import innovation_csv as csv_file
from tests.factories import innovation_row as row

pytestmark = pytest.mark.django_db
URL = "/admin/innovations/innovation/import/"


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("innovations.csv", content, content_type="text/csv")


def test_import_previews_then_writes_on_confirm(staff_client):
    response = staff_client.post(URL, {"file": upload(csv_file(row(), row(title="Falls visits")).getvalue())})
    html = response.content.decode()
    assert "This file would import 2 innovations: 2 new, 0 updated" in html
    assert "Falls visits" in html
    assert Innovation.objects.count() == 0

    response = staff_client.post(URL, {"confirm": "1"})
    assert response.status_code == 302
    assert Innovation.objects.filter(status="published").count() == 2
    assert catalogue_search(QueryDict("q=falls")).result.total == 1


def test_import_with_a_bad_row_lists_problems_and_cannot_be_confirmed(staff_client):
    response = staff_client.post(
        URL, {"file": upload(csv_file(row(), row(title="Bad", stage="scale")).getvalue())}
    )
    html = response.content.decode()
    assert "Nothing can be imported: 1 problem" in html
    assert "Line 3: stage “scale”" in html
    assert 'name="confirm"' not in html
    response = staff_client.post(URL, {"confirm": "1"}, follow=True)
    assert "The preview has expired" in response.content.decode()
    assert Innovation.objects.count() == 0


def test_import_is_for_the_central_team_only(client, innovator_client):
    assert client.get(URL).status_code == 302
    assert innovator_client.get(URL, follow=True).status_code == 403


def test_renaming_an_organisation_in_admin_reaches_search(staff_client):
    owner = OrganisationFactory(
        name="Northby Council", organisation_type="local_authority", region="north_east"
    )
    make_innovation(title="Housing First", organisation=owner)
    response = staff_client.post(
        f"/admin/portal/organisation/{owner.id}/change/",
        {"name": "Southby Council", "organisation_type": "nhs", "region": "north_east"},
    )
    assert response.status_code == 302
    found = catalogue_search(QueryDict("q=southby"))
    assert [i.title for i in found.innovations] == ["Housing First"]
    assert {c.value: c.count for c in found.result.facets["organisation_type"]}["nhs"] == 1


def admin_form_data(client, innovation) -> dict:
    response = client.get(f"/admin/innovations/innovation/{innovation.id}/change/")
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if name in {"policy_areas", "themes", "tags"}:  # chosen from lists
            data[name] = [str(v) for v in value]
        elif isinstance(value, list):
            data[name] = ",".join(value)
        else:
            data[name] = value
    data.update({"adoptions-TOTAL_FORMS": "0", "adoptions-INITIAL_FORMS": "0"})
    return data


def test_second_of_two_concurrent_edits_is_refused_with_what_changed(staff_client, db):
    from django.test import Client

    from tests.factories import StaffFactory

    innovation = make_innovation(title="Housing First", summary="Original summary.")
    other = Client()
    other.force_login(StaffFactory())
    first = admin_form_data(staff_client, innovation)
    second = admin_form_data(other, innovation)

    first["summary"] = "First editor's summary."
    assert (
        staff_client.post(f"/admin/innovations/innovation/{innovation.id}/change/", first).status_code == 302
    )

    second["title"] = "Second editor's title"
    response = other.post(f"/admin/innovations/innovation/{innovation.id}/change/", second)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this innovation while you were editing it" in html
    assert "They changed: summary" in html
    innovation.refresh_from_db()
    assert (innovation.title, innovation.summary) == ("Housing First", "First editor's summary.")
    # Reloading gives the latest version, which then saves.
    fresh = admin_form_data(other, innovation)
    fresh["title"] = "Second editor's title"
    assert other.post(f"/admin/innovations/innovation/{innovation.id}/change/", fresh).status_code == 302
    innovation.refresh_from_db()
    assert (innovation.title, innovation.summary) == ("Second editor's title", "First editor's summary.")


def test_changelist_puts_awaiting_review_first_and_filters_stale_entries(staff_client, db):
    from datetime import date, timedelta

    old = make_innovation(title="Old entry", last_verified=date.today() - timedelta(days=700))
    make_innovation(title="Fresh entry", last_verified=date.today())
    waiting = make_innovation(title="Waiting entry", status="submitted")
    response = staff_client.get("/admin/innovations/innovation/")
    assert [i.pk for i in response.context["cl"].result_list][0] == waiting.pk
    stale = staff_client.get("/admin/innovations/innovation/?checked=stale").context["cl"].result_list
    assert old in stale and "Fresh entry" not in [i.title for i in stale]
    awaiting = staff_client.get("/admin/innovations/innovation/?review=awaiting").context["cl"].result_list
    assert [i.title for i in awaiting] == ["Waiting entry"]


def test_export_of_a_filtered_list_imports_back_unchanged(staff_client, db):
    from innovations.importer import import_innovations

    adopter = OrganisationFactory(name="Westshire")
    one = make_innovation(
        title="Housing First", themes=["evidence"], policy_areas=["Health"], adopters=[adopter], cost_band=2
    )
    make_innovation(title="Not exported", stage="test")
    response = staff_client.post(
        "/admin/innovations/innovation/?stage__exact=prove",
        {"action": "export_csv", "select_across": "1", "index": "0", "_selected_action": [one.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    body = response.content
    assert b"Housing First" in body and b"Not exported" not in body
    plan, saved = import_innovations(__import__("io").BytesIO(body))
    assert plan.is_valid, plan.errors
    assert (plan.creates, plan.updates) == (0, 1)
    one.refresh_from_db()
    assert one.themes == ["evidence"] and one.cost_band == 2
    assert [a.organisation.name for a in one.adoptions.all()] == ["Westshire"]


def test_preview_is_for_the_submitter_and_staff_only(staff_client, innovator_client, innovator, client, db):
    draft = make_innovation(title="Draft idea", status="draft", submitted_by=innovator)
    assert (
        "This is how the page will look when published"
        in staff_client.get(f"/innovations/yours/{draft.pk}/preview/").content.decode()
    )
    assert innovator_client.get(f"/innovations/yours/{draft.pk}/preview/").status_code == 200
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(f"/innovations/yours/{draft.pk}/preview/").status_code == 404


@pytest.mark.parametrize("version", [None, ""])
def test_an_edit_without_the_version_it_began_from_is_refused(staff_client, version):
    innovation = make_innovation(title="Housing First", summary="Original summary.")
    data = admin_form_data(staff_client, innovation)
    data["summary"] = "A summary from a form of unknown age."
    if version is None:
        del data["seen_version"]
    else:
        data["seen_version"] = version
    response = staff_client.post(f"/admin/innovations/innovation/{innovation.id}/change/", data)
    assert response.status_code == 200
    assert "sent without the version of the entry it was edited from" in response.content.decode()
    innovation.refresh_from_db()
    assert innovation.summary == "Original summary."


def test_the_export_cannot_carry_a_formula_into_a_spreadsheet_and_still_imports_back(staff_client):
    import csv
    import io

    from innovations.importer import import_innovations

    hostile = {
        "title": '=HYPERLINK("https://evil.example","Click")',
        "summary": "+1 more way of working",
        "problem": "-2 from the budget",
        "solution": "@SUM(A1:A2)",
        "outcomes": "\tTabbed",
    }
    innovation = make_innovation(**hostile)
    response = staff_client.post(
        "/admin/innovations/innovation/",
        {"action": "export_csv", "index": "0", "_selected_action": [innovation.pk]},
    )
    [header, row] = list(csv.reader(io.StringIO(response.content.decode())))
    cells = dict(zip(header, row, strict=True))
    for column, value in hostile.items():
        assert cells[column] == "'" + value, column  # read by a spreadsheet as text
    assert cells["stage"] == "prove"  # ordinary cells are left alone

    plan, _ = import_innovations(io.BytesIO(response.content))
    assert plan.is_valid, plan.errors
    innovation.refresh_from_db()
    assert innovation.title == hostile["title"] and innovation.problem == hostile["problem"]


def test_the_export_carries_every_case_study_field_and_imports_back(staff_client):
    import csv
    import io

    from innovations.importer import COLUMNS, import_innovations

    innovation = make_innovation(
        title="Housing First",
        challenges="Finding homes.",
        lessons="Keep caseloads small.",
        how_to_adopt="Start small.",
        evaluation_links=["https://example.org/evaluation"],
        contact_name="Pat Lead",
        contact_role="Head of housing options",
        contact_email="pat@example.org",
    )
    response = staff_client.post(
        "/admin/innovations/innovation/",
        {"action": "export_csv", "index": "0", "_selected_action": [innovation.pk]},
    )
    [header, row] = list(csv.reader(io.StringIO(response.content.decode())))
    assert header == COLUMNS
    cells = dict(zip(header, row, strict=True))
    assert (cells["challenges"], cells["lessons"], cells["contact_role"]) == (
        "Finding homes.",
        "Keep caseloads small.",
        "Head of housing options",
    )
    assert cells["evaluation_links"] == "https://example.org/evaluation"
    plan, _ = import_innovations(io.BytesIO(response.content))
    assert plan.is_valid and plan.updates == 1
    innovation.refresh_from_db()
    assert innovation.how_to_adopt == "Start small." and innovation.contact_email == "pat@example.org"


def test_review_from_the_innovations_own_page_themes_from_a_list_and_view_on_site(staff_client):
    draft = make_innovation(title="Falls visits", status="submitted", themes=["evidence"])
    page = staff_client.get(f"/admin/innovations/innovation/{draft.pk}/change/").content.decode()
    for action, label in [("publish", "Publish"), ("request_changes", "Send back"), ("archive", "Archive")]:
        assert f'<input type="hidden" name="action" value="{action}">' in page
        assert f'<button type="submit" class="button">{label}</button>' in page
    # Themes are ticked by name, not typed as codes.
    assert 'type="checkbox" name="themes" value="evidence"' in page and "Credibility" in page
    # "View on site" for an entry not yet published opens its preview rather than a missing page.
    assert f'href="/innovations/yours/{draft.pk}/preview/" class="viewsitelink"' in page
    staff_client.post("/admin/innovations/innovation/", {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == "published"


def test_tags_are_ticked_from_those_in_use_and_new_ones_added_by_name(staff_client):
    make_innovation(title="Housing First", tags=["rough sleeping", "tenancy sustainment"])
    entry = make_innovation(title="Falls visits", tags=["falls"])
    url = f"/admin/innovations/innovation/{entry.pk}/change/"
    page = staff_client.get(url).content.decode()
    # Every tag the catalogue uses is offered as a box to tick, the entry's own ticked.
    assert 'type="checkbox" name="tags" value="rough sleeping"' in page
    assert re.search(r'<input type="checkbox" name="tags" value="falls"[^>]*checked>', page)
    assert not re.search(r'<input type="checkbox" name="tags" value="rough sleeping"[^>]*checked>', page)
    # "Add other tags" comes straight after the list, before any other field.
    between = page[page.rindex('name="tags"') : page.index('name="new_tags"')]
    assert "name=" not in between.removeprefix('name="tags"')

    data = admin_form_data(staff_client, entry)
    data["tags"] = ["falls", "rough sleeping"]
    data["new_tags"] = "Home safety; ROUGH SLEEPING, home safety"
    assert staff_client.post(url, data).status_code == 302
    entry.refresh_from_db()
    # A new tag that is a listed one in other letters is the listed one; repeats are dropped.
    assert entry.tags == ["falls", "rough sleeping", "Home safety"]

    data = admin_form_data(staff_client, entry)
    data["new_tags"] = "x" * 51
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "Each tag must be 50 characters or fewer" in response.content.decode()
    entry.refresh_from_db()
    assert entry.tags == ["falls", "rough sleeping", "Home safety"]


def test_the_central_teams_menu_leaves_out_what_they_do_not_manage(staff_client):
    index = staff_client.get("/admin/").content.decode()
    assert "Groups" not in index and "Email addresses" not in index
    assert "Innovations" in index and "Email failures" in index


def test_an_action_given_rows_that_are_not_ids_is_refused_with_a_message(staff_client):
    innovation = make_innovation(title="Falls visits", status="submitted")
    response = staff_client.post(
        "/admin/innovations/innovation/", {"action": "publish", "_selected_action": ["", "x"]}, follow=True
    )
    assert response.status_code == 200
    assert "The rows to act on were not understood" in response.content.decode()
    innovation.refresh_from_db()
    assert innovation.status == "submitted"
