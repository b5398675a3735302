"""The all-or-nothing CSV import, from the command line."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from innovations.importer import import_innovations
from innovations.models import Adoption, CatalogueEntry, Innovation
from portal.models import Organisation
from tests.factories import INNOVATION_HEADER as HEADER
from tests.factories import innovation_csv as csv_file
from tests.factories import innovation_row as row

pytestmark = pytest.mark.django_db


def test_import_publishes_innovations_with_adopters_and_indexes_them():
    plan, saved = import_innovations(csv_file(row(), row(title="Falls visits", adopted_by="")))
    assert plan.is_valid and len(saved) == 2
    housing = Innovation.objects.get(title="Housing First")
    assert housing.status == "published"
    assert housing.last_verified == date.today()
    assert housing.themes == ["evidence", "networks"]
    assert sorted(p.name for p in housing.policy_areas.all()) == ["Health", "Housing and homelessness"]
    assert housing.organisation.organisation_type == "local_authority"
    assert housing.tags == ["rough sleeping", "tenancy"]
    adopters = Organisation.objects.filter(adoptions__innovation=housing)
    assert sorted(a.name for a in adopters) == ["Valleys Fire and Rescue Service", "Westshire County Council"]
    # New adopting organisations are created with type and region left for the central team.
    assert {(a.organisation_type, a.region) for a in adopters} == {("", "")}
    assert set(Adoption.objects.values_list("status", flat=True)) == {"published"}
    assert CatalogueEntry.objects.get(innovation=housing).adoption_count == 2
    assert CatalogueEntry.objects.count() == 2


def test_reimporting_the_same_title_and_organisation_updates_it():
    import_innovations(csv_file(row()))
    plan, _ = import_innovations(
        csv_file(row(summary="Updated summary.", organisation="northby city council"))
    )
    assert (plan.creates, plan.updates) == (0, 1)
    assert Innovation.objects.count() == 1
    assert Innovation.objects.get().summary == "Updated summary."
    assert Adoption.objects.count() == 2


def test_one_bad_row_in_the_middle_writes_nothing_and_every_bad_row_is_reported():
    file = csv_file(
        row(title="Good one"),
        row(title="Bad stage", stage="scale"),
        row(title="Good two"),
        row(
            title="Bad many",
            evidence_level="9",
            policy_areas="Space travel",
            region="mars",
            summary="x" * 301,
        ),
    )
    plan, saved = import_innovations(file)
    assert saved == []
    assert not plan.is_valid
    messages = [str(e) for e in plan.errors]
    assert len(messages) == 2
    assert messages[0].startswith("Line 3: stage “scale” is not one of test, prove, grow, adopt")
    assert messages[1].startswith("Line 5: ")
    for reason in [
        "summary must be 300 characters or fewer",
        "evidence_level must be from 1 to 5",
        "unknown policy area: Space travel",
        "region “mars”",
    ]:
        assert reason in messages[1]
    assert Innovation.objects.count() == 0
    assert Organisation.objects.count() == 0


def test_unknown_and_missing_columns_are_refused():
    plan, _ = import_innovations(csv_file(header="title,summary,colour"))
    messages = [str(e) for e in plan.errors]
    assert "Line 1: Unknown column: colour." in messages[0]
    assert (
        "Missing required columns: stage, evidence_level, organisation, organisation_type, region"
        in messages[1]
    )


def test_required_values_and_line_numbers_count_multiline_fields():
    multiline = row(problem="First line\nsecond line")
    plan, _ = import_innovations(csv_file(multiline, row(title="", organisation="")))
    assert [str(e) for e in plan.errors] == ["Line 4: title is empty; organisation is empty."]


def test_duplicate_rows_in_one_file_are_refused():
    plan, _ = import_innovations(csv_file(row(), row()))
    assert [str(e) for e in plan.errors] == ["Line 3: the same title and organisation are already on line 2."]


def test_file_that_is_not_utf8_is_refused():
    plan, _ = import_innovations(io.BytesIO(HEADER.encode() + b"\n\xff\xfe,\n"))
    assert "must be UTF-8" in str(plan.errors[0])


def test_command_reports_errors_and_fails(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_file(row(stage="nope")).getvalue())
    with pytest.raises(CommandError, match="Nothing was imported: 1 problem"):
        call_command("import_innovations", str(path))
    assert "Line 2: stage “nope”" in capsys.readouterr().err
    assert Innovation.objects.count() == 0


def test_command_imports_and_dry_run_writes_nothing(tmp_path, capsys):
    path = tmp_path / "good.csv"
    path.write_bytes(csv_file(row()).getvalue())
    call_command("import_innovations", str(path), "--dry-run")
    assert "Would import 1 innovations: 1 new, 0 updated." in capsys.readouterr().out
    assert Innovation.objects.count() == 0
    call_command("import_innovations", str(path))
    assert Innovation.objects.count() == 1


def test_demo_file_imports_cleanly_across_the_vocabulary():
    from portal.management.commands.load_demo import DEMO_INNOVATIONS

    with DEMO_INNOVATIONS.open("rb") as handle:
        plan, saved = import_innovations(handle)
    assert plan.is_valid, plan.errors
    assert len(saved) >= 40
    entries = CatalogueEntry.objects.all()
    assert {e.stage for e in entries} == {"test", "prove", "grow", "adopt"}
    assert {e.evidence_level for e in entries} == {1, 2, 3, 4, 5}
    assert len({e.region for e in entries}) == 14
    assert all(e.theme_bits for e in entries)
    assert sum(e.adoption_count for e in entries) > 20


RICH = {
    "evidence_justification": "A matched comparison with two neighbouring areas.",
    "evaluation_links": "https://example.org/evaluation;https://example.org/cost-study",
    "cost_notes": "Two support workers and a housing officer.",
    "resources_needed": "A landlord willing to let to the scheme.",
    "how_to_adopt": "Start with ten tenancies.\\n\\nGrow once the support team is in place.",
    "challenges": "Finding homes in a tight market.",
    "conditions_for_success": "Support that does not end when the tenancy starts.",
    "lessons": "Keep the caseload small.",
    "contact_name": "Pat Lead",
    "contact_role": "Head of housing options",
    "contact_email": "pat@example.org",
    "further_links": "https://example.org/guide",
}


def test_every_case_study_field_imports():
    plan, [saved] = import_innovations(csv_file(row(**RICH)))
    assert plan.is_valid
    saved.refresh_from_db()
    assert saved.evaluation_links == ["https://example.org/evaluation", "https://example.org/cost-study"]
    assert saved.further_links == ["https://example.org/guide"]
    assert (saved.contact_name, saved.contact_role, saved.contact_email) == (
        "Pat Lead",
        "Head of housing options",
        "pat@example.org",
    )
    assert saved.challenges == "Finding homes in a tight market."
    assert saved.how_to_adopt == "Start with ten tenancies.\\n\\nGrow once the support team is in place."


def test_bad_links_and_contact_email_are_refused_with_the_line():
    plan, saved = import_innovations(
        csv_file(row(), row(title="Falls", evaluation_links="not-a-link", contact_email="pat at example"))
    )
    assert not saved
    [error] = plan.errors
    assert str(error).startswith("Line 3:")
    assert "evaluation_links “not-a-link” is not a web address" in str(error)
    assert "contact_email “pat at example” is not an email address" in str(error)


def test_an_older_file_without_the_case_study_columns_leaves_them_as_they_are():
    import_innovations(csv_file(row(**RICH)))
    old_columns = "title,summary,stage,evidence_level,organisation,organisation_type,region"
    old_file = csv_file(
        '"Housing First","Homes first, support after.","adopt","4","Northby City Council","local_authority","north_east"',
        header=old_columns,
    )
    plan, [updated] = import_innovations(old_file)
    assert plan.updates == 1
    updated.refresh_from_db()
    assert updated.lessons == "Keep the caseload small." and updated.contact_email == "pat@example.org"
