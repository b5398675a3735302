"""The advice directory moved from the portal app to an app of its own without touching a row."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("portal", "0007_support_types_replace_codes"), ("advice", None)]


@pytest.mark.slow
def test_an_existing_directory_migrates_to_the_advice_app_with_its_rows_as_they_were(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE[0]).apps
    provider = old.get_model("portal", "Organisation").objects.create(
        name="Nesta", organisation_type="third_sector"
    )
    # Seeded by a migration, unless a test before this one on the same database emptied the table.
    funding = old.get_model("portal", "SupportType").objects.get_or_create(
        slug="funding", defaults={"name": "Funding", "bit": 0}
    )[0]
    source = old.get_model("portal", "AdviceSource").objects.create(
        name="Innovation fund",
        slug="innovation-fund",
        provider=provider,
        description="Grants to grow an idea.",
        url="https://example.org/fund",
        service_areas=["uk_wide"],
        themes=["resources"],
        support_bits=1 << funding.bit,
    )
    source.support_types.set([funding])
    content_type = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="portal", model="advicesource"
    )[0]

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    # As `manage.py migrate` does afterwards: the recreated search table raises its generation again.
    from portal.search.apps import _install_triggers

    _install_triggers(sender=None)

    from django.contrib.contenttypes.models import ContentType

    from portal.advice.models import AdviceSource

    moved = AdviceSource.objects.get(pk=source.pk)
    assert (moved.name, moved.slug, moved.provider.name, moved.themes) == (
        "Innovation fund",
        "innovation-fund",
        "Nesta",
        ["resources"],
    )
    assert [t.slug for t in moved.support_types.all()] == ["funding"]
    # What search knew of it moved to its entry in the narrow search table (migration 0002).
    assert moved.entry.support_bits == 1 << funding.bit and moved.entry.name == "Innovation fund"
    # The same content type row, relabelled: admin history and permissions stay attached.
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(AdviceSource).pk == content_type.pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM portal_advicesource")
        assert cursor.fetchone()[0] == 1
