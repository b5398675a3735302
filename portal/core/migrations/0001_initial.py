"""The kernel's records, moved here from the portal app with their tables as they were (each model's
db_table keeps its old name), so an existing database migrates without a row touched. Their content
types follow, so the admin's permissions stay attached to the same rows."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MOVED = ["emailfailure", "formtoken"]


def move_content_types(apps, schema_editor, *, source="portal", target="core"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        # A content type already made for the new label (by a half-finished earlier run) gives way.
        if ContentType.objects.filter(app_label=source, model=model).exists():
            ContentType.objects.filter(app_label=target, model=model).delete()
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="core", target="portal")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("portal", "0011_kernel_records_moved"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="EmailFailure",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("email_id", models.UUIDField(editable=False, unique=True)),
                        ("subject", models.CharField(max_length=300)),
                        ("recipients", models.TextField()),
                        ("attempts", models.PositiveSmallIntegerField(default=1)),
                        ("error", models.TextField()),
                        ("first_failed_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("last_failed_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "next_attempt_at",
                            models.DateTimeField(
                                blank=True, help_text="Empty once it has been given up.", null=True
                            ),
                        ),
                        ("delivered_at", models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        "db_table": "portal_emailfailure",
                        "ordering": ["delivered_at", "-last_failed_at"],
                    },
                ),
                migrations.CreateModel(
                    name="FormToken",
                    fields=[
                        ("token", models.UUIDField(primary_key=True, serialize=False)),
                        ("result_url", models.CharField(blank=True, max_length=500)),
                        (
                            "created_at",
                            models.DateTimeField(db_index=True, default=django.utils.timezone.now),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"db_table": "portal_formtoken"},
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
