"""Importing an existing pool of mentors: all or nothing, row-level reasons, accounts and invitations."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from mentoring.models import Mentor
from mentoring.services import import_mentors
from portal.models import User
from tests.factories import UserFactory, mentor_csv, mentor_row

pytestmark = pytest.mark.django_db


def test_a_good_file_creates_approved_mentors_and_invites_new_people_to_set_a_password(client):
    existing = UserFactory(email="femi@riverside.example.org", full_name="Femi A")
    plan, saved = import_mentors(
        mentor_csv(
            mentor_row(),
            mentor_row(
                name="Dr Femi Adeyemi", email="FEMI@riverside.example.org", organisation="Riverside NHS Trust",
                organisation_type="NHS", region="London", formats="remote", capacity="3",
            ),
        )
    )  # fmt: skip
    assert plan.is_valid, plan.errors
    assert len(saved) == 2
    alex = Mentor.objects.get(user__email="alex@northby.example.org")
    assert alex.status == "published" and alex.joined_by == "imported"
    assert alex.themes == ["evidence", "networks"] and alex.stages == ["prove", "grow"]
    assert alex.knows_organisation_types == ["local_authority", "nhs"]
    assert [a.name for a in alex.policy_areas.all()] == ["Housing and homelessness"]
    assert alex.user.full_name == "Alex Morgan" and alex.user.organisation.name == "Northby City Council"
    assert not alex.user.has_usable_password()
    # The existing account is used (any case), not duplicated, and keeps its password.
    assert User.objects.filter(email__iexact="femi@riverside.example.org").count() == 1
    existing.refresh_from_db()
    assert existing.has_usable_password() and existing.full_name == "Dr Femi Adeyemi"
    # Only the new person is invited, with a link that lets them set a password.
    invitations = [m for m in mail.outbox if "invited to mentor" in m.subject]
    assert [m.to for m in invitations] == [["alex@northby.example.org"]]
    body = invitations[0].body
    assert "Hello Alex Morgan" in body and "/mentors/alex-morgan/" in body
    link = next(line for line in body.splitlines() if "/accounts/password/reset/key/" in line).strip()
    path = link.split("testserver", 1)[-1] if "testserver" in link else link[link.index("/accounts/") :]
    page = client.get(path, follow=True)
    assert page.status_code == 200 and "password" in page.content.decode().lower()
    # Both are in the directory.
    found = client.get("/mentors/?q=riverside").content.decode()
    assert found.count('class="app-card"') == 1 and "Dr Femi Adeyemi" in found
    assert client.get("/mentors/").content.decode().count('class="app-card"') == 2


def test_a_bad_file_is_refused_whole_with_the_reason_for_each_row():
    plan, saved = import_mentors(
        mentor_csv(
            mentor_row(),
            mentor_row(email="not-an-address", themes="evidence;charm", capacity="9"),
            mentor_row(email="alex@northby.example.org", formats="by pigeon", stages=""),
            mentor_row(email="new@example.org", organisation="Brand New Org", organisation_type=""),
        )
    )
    assert saved == []
    messages = [str(e) for e in plan.errors]
    assert messages[0].startswith("Line 3: ")
    assert "email “not-an-address” is not an email address" in messages[0]
    assert "unknown themes: charm" in messages[0] and "capacity must be from 1 to 5, not 9" in messages[0]
    assert messages[1].startswith("Line 4: ")
    assert "stages is required" in messages[1] or "stages" in messages[1]
    assert (
        "unknown formats: by pigeon" in messages[1] and "the same email is already on line 2" in messages[1]
    )
    assert messages[2].startswith("Line 5: ") and "organisation_type is needed" in messages[2]
    assert Mentor.objects.count() == 0 and not User.objects.filter(email="alex@northby.example.org").exists()
    assert mail.outbox == []


def test_the_command_reports_problems_and_writes_nothing(tmp_path):
    path = tmp_path / "pool.csv"
    path.write_bytes(mentor_csv(mentor_row(capacity="lots")).getvalue())
    with pytest.raises(CommandError, match="Nothing was imported: 1 problem"):
        call_command("import_mentors", str(path))
    assert Mentor.objects.count() == 0
    path.write_bytes(mentor_csv(mentor_row()).getvalue())
    call_command("import_mentors", str(path))
    assert Mentor.objects.approved().count() == 1
    # Safe to run again: the same person is updated, not added twice, and not invited twice.
    call_command("import_mentors", str(path))
    assert Mentor.objects.count() == 1
    assert len([m for m in mail.outbox if "invited to mentor" in m.subject]) == 1


def test_an_unknown_column_is_refused():
    from mentoring.services import COLUMNS

    plan, saved = import_mentors(mentor_csv(mentor_row() + ',"42"', header=",".join([*COLUMNS, "shoe_size"])))
    assert not plan.is_valid and saved == []
    assert "shoe_size" in str(plan.errors[0])
