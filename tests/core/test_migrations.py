"""The kernel's records (form tokens, email failures) moved from the portal app to portal.core without
touching a row."""

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("portal", "0010_suggestions_form_tokens_email_failures"), ("core", None)]


@pytest.mark.slow
def test_existing_form_tokens_and_email_failures_migrate_to_the_kernel_as_they_were(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE[0]).apps
    user = old.get_model("portal", "User").objects.create(email="ivy@example.org")
    token = uuid.uuid4()
    old.get_model("portal", "FormToken").objects.create(token=token, user_id=user.pk, result_url="/done/")
    old.get_model("portal", "EmailFailure").objects.create(
        email_id=uuid.uuid4(), subject="Your innovation", recipients="ivy@example.org", error="Refused"
    )
    content_type = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="portal", model="emailfailure"
    )[0]

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    from portal.search.apps import _install_triggers

    _install_triggers(sender=None)

    from django.contrib.contenttypes.models import ContentType

    from portal.core.models import EmailFailure, FormToken

    moved = FormToken.objects.get(token=token)
    assert (moved.user.email, moved.result_url) == ("ivy@example.org", "/done/")
    assert EmailFailure.objects.get().subject == "Your innovation"
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(EmailFailure).pk == content_type.pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM portal_formtoken")
        assert cursor.fetchone()[0] == 1
