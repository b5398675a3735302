"""The CSV files every export writes: no cell a spreadsheet could run as a formula, at its start or where
a spreadsheet splitting the file on another separator (";", a tab, a line break) would start a cell,
and an export still imports back as it was."""

import csv
import io
import re

import pytest

from mentoring.models import Mentor
from mentoring.services import import_mentors
from portal.core.csv_import import neutralise, read_rows
from tests.factories import OrganisationFactory, UserFactory, make_mentor

HOSTILE = [
    "Great work;=1+1",
    'Great work, =HYPERLINK("https://evil.example")',
    "Great work;  +1",
    "Fine\t-2+3",
    "Line one\n@SUM(A1)",
    "Line one\r\n=1+1",
    "=1+1",
]
SEPARATORS = re.compile(r"[,;\t\r\n]")


def cells_a_spreadsheet_could_make(value: str) -> list[str]:
    """Every cell a spreadsheet could make of the text: the whole, and its pieces between separators."""
    return [value, *SEPARATORS.split(value)]


@pytest.mark.parametrize("value", HOSTILE)
def test_no_cell_a_spreadsheet_could_make_of_an_exported_value_is_a_formula(value):
    written = neutralise(value)
    for cell in cells_a_spreadsheet_could_make(written):
        assert not cell.lstrip(" ").startswith(("=", "+", "-", "@")), (written, cell)


@pytest.mark.parametrize("value", HOSTILE + ["Plain words; more words", "A-B, C+D", "'quoted", "x; '=y"])
def test_what_an_export_writes_reads_back_as_it_was(value):
    out = io.StringIO()
    csv.writer(out).writerows([["name"], [neutralise(value)]])
    rows = list(read_rows(io.StringIO(out.getvalue()), columns=["name"], required=[], errors=[]))
    assert rows[0][1]["name"] == value.strip()


def test_ordinary_text_is_written_as_it_is():
    for value in ["Plain words; more words", "A-B, C+D", "10 - 5", "name@example.org"]:
        assert neutralise(value) == value


@pytest.mark.django_db
def test_a_mentor_export_splits_into_no_formula_and_imports_back(staff_client):
    make_mentor(
        user=UserFactory(
            full_name="Alex Morgan", email="alex@example.org", organisation=OrganisationFactory()
        ),
        bio="Great work;=1+1",
    )
    mentor = Mentor.objects.get()
    response = staff_client.post(
        "/admin/mentoring/mentor/", {"action": "export_csv", "_selected_action": [mentor.pk]}
    )
    text = response.content.decode()
    for line in text.splitlines():
        for cell in re.split("[;,]", line):  # a spreadsheet told the file is split on ";" (or ",")
            assert not cell.strip('" ').startswith("="), cell
    plan, _saved = import_mentors(io.BytesIO(response.content))
    assert plan.is_valid, plan.errors
    assert Mentor.objects.get().bio == "Great work;=1+1"
