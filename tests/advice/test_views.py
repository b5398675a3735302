"""The advice directory's search and detail pages."""

import pytest

from portal.advice.services import advice_refresh
from tests.factories import advice_csv as csv_file
from tests.factories import advice_row as row

pytestmark = pytest.mark.django_db


def test_search_filters_and_counts(client, directory):
    html = client.get("/advice/?support_type=commissioning").content.decode()
    assert "1 source of advice" in html
    assert "<li>Commissioning and procurement</li>" in html  # each card names the help it gives
    assert "Procurement help" in html and "What Works Network" not in html
    assert "Remove filter Type of help: </span>Commissioning and procurement" in html
    assert 'Evaluation and evidence <span class="app-count">(1)</span>' in html


def test_search_by_text_and_bad_parameters(client, directory):
    html = client.get("/advice/?q=evidence&region=atlantis").content.decode()
    assert "1 source of advice for “evidence”" in html
    assert "“atlantis” is not a known value for where" in html


@pytest.mark.parametrize("extra", [0, 25])
def test_search_query_count_does_not_grow(client, django_assert_num_queries, directory, extra):
    from portal.advice.services import import_advice

    if extra:
        import_advice(csv_file(*[row(name=f"Extra {n}") for n in range(extra)]))
    # the support types (the filter options), the generations that key the cache, facet counts with the
    # total, one page of ids, the rows and their support types; the search's savepoint and its release
    with django_assert_num_queries(8):
        assert client.get("/advice/?fees=free").status_code == 200


def test_detail_page_and_defunct_sources(client, directory):
    source = directory[0]
    html = client.get(source.get_absolute_url()).content.decode()
    assert "What Works Network" in html and "Evaluation and evidence, Guidance and toolkits" in html
    assert "UK-wide" in html
    source.status = "defunct"
    source.save()
    advice_refresh([source.pk])  # as every write path does (the admin's save, the import)
    assert client.get(source.get_absolute_url()).status_code == 404
    assert "What Works Network" not in client.get("/advice/").content.decode()


def test_old_advice_shows_a_freshness_warning_and_admin_can_filter_it(client, staff_client, directory):  # noqa: F811
    from datetime import date, timedelta

    old, fresh = directory
    old.last_verified = date.today() - timedelta(days=600)
    old.save()
    assert "more than 18 months ago" in client.get(old.get_absolute_url()).content.decode()
    assert "more than 18 months ago" not in client.get(fresh.get_absolute_url()).content.decode()
    stale = staff_client.get("/admin/advice/advicesource/?checked=stale").context["cl"].result_list
    assert [s.name for s in stale] == [old.name]


def test_only_active_sources_have_a_search_entry_and_the_admin_keeps_it_in_step(staff_client, directory):
    from portal.advice.models import AdviceEntry

    source = directory[0]
    assert set(AdviceEntry.objects.values_list("source_id", flat=True)) == {s.pk for s in directory}
    form = staff_client.get(f"/admin/advice/advicesource/{source.pk}/change/").context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not hasattr(v, "pk")}
    data.update(
        {
            "provider": source.provider_id,
            "support_types": [t.pk for t in source.support_types.all()],
            "themes": ",".join(source.themes),
            "stages": ",".join(source.stages),
            "audiences": ",".join(source.audiences),
            "service_areas": ",".join(source.service_areas),
            "status": "inactive",
        }
    )
    response = staff_client.post(f"/admin/advice/advicesource/{source.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not AdviceEntry.objects.filter(source=source).exists()
    assert [s.name for s in staff_client.get("/advice/").context["sources"]] == ["Procurement help"]


def test_a_source_page_names_its_link_and_says_who_and_when_it_is_for(client, directory):
    source = directory[0]
    html = client.get(source.get_absolute_url()).content.decode()
    assert f'href="https://example.org/what-works" rel="noopener noreferrer">Visit {source.name}</a>' in html
    assert "(on example.org)" in html
    assert ">https://example.org/what-works</a>" not in html  # never the raw address as link text
    assert 'Who it is for</dt><dd class="govuk-summary-list__value">Local authority, NHS</dd>' in html
    assert 'Stage of scaling</dt><dd class="govuk-summary-list__value">Prove it, Grow it</dd>' in html
