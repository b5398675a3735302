"""The central team's catalogue admin: CSV import with a preview, and edits that reach search."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict

from innovations.models import Innovation
from innovations.search import catalogue_search
from tests.factories import OrganisationFactory, make_innovation
from tests.innovations.test_import import csv_file, row

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
