"""One-time form tokens and email failures moved to the kernel (portal.core, label "core"), which may
import nothing above it. They leave this app's state only: their tables stay as they are, now owned by
core's migration 0001."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0010_suggestions_form_tokens_email_failures"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="EmailFailure"),
                migrations.DeleteModel(name="FormToken"),
            ],
            database_operations=[],
        ),
    ]
