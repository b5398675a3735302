"""The advice directory's all-or-nothing CSV import."""

import pytest
from django.core.management import CommandError, call_command

from portal.advice.models import AdviceSource
from portal.advice.services import import_advice
from tests.factories import advice_csv as csv_file
from tests.factories import advice_row as row
from tests.factories import make_advice

pytestmark = pytest.mark.django_db


def test_import_accepts_codes_or_names_and_updates_on_reimport():
    plan, saved = import_advice(csv_file(row()))
    assert plan.is_valid, plan.errors
    source = AdviceSource.objects.get()
    assert sorted(source.support_types.values_list("slug", flat=True)) == ["evaluation", "guidance"]
    assert source.stages == ["prove", "grow"]
    assert source.audiences == ["local_authority", "nhs"]
    assert source.service_areas == ["uk_wide"]
    assert source.provider.name == "Cabinet Office"
    assert source.last_verified is not None
    import_advice(csv_file(row(description="Updated.", provider="cabinet office")))
    assert AdviceSource.objects.get().description == "Updated."


def test_bad_rows_write_nothing_and_are_reported_by_line():
    plan, saved = import_advice(
        csv_file(
            row(name="Good"),
            row(name="Bad", fees="cheap", support_types="astrology", url="not a url"),
            row(name="Also good"),
        )
    )
    assert saved == [] and AdviceSource.objects.count() == 0
    [error] = [str(e) for e in plan.errors]
    assert error.startswith("Line 3: ")
    for reason in [
        "url “not a url” is not a web address",
        "fees “cheap” is not one of free, paid, mixed",
        "unknown support types: astrology",
    ]:
        assert reason in error


def test_command_and_demo_file(tmp_path, capsys):
    from portal.management.commands.load_demo import DEMO_ADVICE

    call_command("import_advice", str(DEMO_ADVICE))
    assert AdviceSource.objects.count() >= 20
    assert set(AdviceSource.support_types.through.objects.values_list("supporttype__slug", flat=True)) >= {
        "funding",
        "evaluation",
        "commissioning",
        "digital",
        "mentoring",
    }
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_file(row(regions="")).getvalue())
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_advice", str(bad))
    assert "Line 2: regions is empty." in capsys.readouterr().err


def test_advice_is_searchable_with_the_shared_faceted_search():
    from portal.advice.catalogue import ADVICE_CATALOGUE
    from portal.search.engine import SearchQuery, run_search

    import_advice(
        csv_file(
            row(),
            row(
                name="Procurement help",
                support_types="commissioning",
                description="Buying services well.",
                regions="wales",
            ),
        )
    )
    make_advice(
        name="Closed scheme",
        provider=AdviceSource.objects.first().provider,
        description="Evidence help",
        status="defunct",
        support_types=["evaluation"],
    )
    result = run_search(ADVICE_CATALOGUE, SearchQuery(q="evidence"))
    assert result.total == 1  # the defunct source is not listed
    assert AdviceSource.objects.get(pk=result.ids[0]).name == "What Works Network"
    result = run_search(ADVICE_CATALOGUE, SearchQuery(selected={"support_type": ["commissioning"]}))
    assert [AdviceSource.objects.get(pk=i).name for i in result.ids] == ["Procurement help"]
    counts = {c.value: c.count for c in result.facets["support_type"]}
    assert (counts["evaluation"], counts["commissioning"]) == (1, 1)
    assert {c.value: c.count for c in result.facets["region"]}["wales"] == 1
