"""Edit history: who changed which fields of innovations, adoptions and organisations, and from what."""

import pytest

from innovations.services import adoption_record, innovation_save
from portal.services import organisation_update
from tests.factories import OrganisationFactory, make_innovation

pytestmark = pytest.mark.django_db


def test_innovation_changes_are_recorded_with_before_and_after(staff_client, staff):
    innovation = make_innovation(title="Housing First", summary="Old summary.")
    innovation.summary = "New summary."
    innovation_save(innovation=innovation)
    latest, previous = innovation.history.all()[:2]
    delta = latest.diff_against(previous)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("summary", "Old summary.", "New summary.")]

    html = staff_client.get(f"/admin/innovations/innovation/{innovation.id}/history/").content.decode()
    assert "Old summary." in html and "New summary." in html


def test_admin_edits_record_who_made_them(staff_client, staff):
    organisation = OrganisationFactory(name="Northby Council")
    staff_client.post(
        f"/admin/portal/organisation/{organisation.id}/change/",
        {"name": "Northby City Council", "organisation_type": "local_authority", "region": "north_east"},
    )
    latest = organisation.history.first()
    assert latest.history_user == staff
    assert latest.name == "Northby City Council"
    assert latest.prev_record.name == "Northby Council"


def test_adoptions_and_organisation_renames_have_history(db):
    innovation = make_innovation()
    adoption = adoption_record(innovation=innovation, organisation=OrganisationFactory(), status="submitted")
    adoption_record(innovation=innovation, organisation=adoption.organisation, status="published")
    assert [h.status for h in adoption.history.all()] == ["published", "submitted"]
    organisation_update(
        organisation=innovation.organisation, name="Renamed", organisation_type="nhs", region="london"
    )
    assert innovation.organisation.history.count() == 2
