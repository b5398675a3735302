"""The advice directory moved to an app of its own (portal.advice, label "advice"). Its models leave this
app's state only: their tables stay as they are, now owned by advice's migration 0001."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0007_support_types_replace_codes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="historicaladvicesource_support_types",
                    name="advicesource",
                ),
                migrations.RemoveField(
                    model_name="historicaladvicesource",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicaladvicesource",
                    name="provider",
                ),
                migrations.RemoveField(
                    model_name="historicaladvicesource",
                    name="verified_by",
                ),
                migrations.RemoveField(
                    model_name="historicaladvicesource_support_types",
                    name="history",
                ),
                migrations.RemoveField(
                    model_name="historicaladvicesource_support_types",
                    name="supporttype",
                ),
                migrations.DeleteModel(
                    name="AdviceSource",
                ),
                migrations.DeleteModel(
                    name="HistoricalAdviceSource",
                ),
                migrations.DeleteModel(
                    name="HistoricalAdviceSource_support_types",
                ),
                migrations.DeleteModel(
                    name="SupportType",
                ),
            ],
            database_operations=[],
        ),
    ]
