"""The advice directory's models, moved here from the portal app with their tables as they were (each
model's db_table keeps its old name), so an existing database migrates without a row touched. The
content types follow, so the admin's history and permissions stay attached to the same rows."""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MOVED = ["advicesource", "supporttype", "historicaladvicesource", "historicaladvicesource_support_types"]


def move_content_types(apps, schema_editor, *, source="portal", target="advice"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        # A content type already made for the new label (by a half-finished earlier run) gives way.
        if ContentType.objects.filter(app_label=source, model=model).exists():
            ContentType.objects.filter(app_label=target, model=model).delete()
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="advice", target="portal")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("portal", "0008_advice_moved_to_its_own_app"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AdviceSource",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=200, verbose_name="service name")),
                        ("slug", models.SlugField(max_length=80, unique=True)),
                        ("description", models.TextField()),
                        ("url", models.URLField(max_length=500, verbose_name="web address")),
                        ("email", models.EmailField(blank=True, max_length=254)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("active", "Active"),
                                    ("inactive", "Inactive"),
                                    ("defunct", "Defunct"),
                                ],
                                default="active",
                                max_length=10,
                            ),
                        ),
                        (
                            "fees",
                            models.CharField(
                                choices=[
                                    ("free", "Free"),
                                    ("paid", "Paid"),
                                    ("mixed", "Some free, some paid"),
                                ],
                                default="free",
                                max_length=8,
                            ),
                        ),
                        ("fees_description", models.CharField(blank=True, max_length=300)),
                        (
                            "themes",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.CharField(
                                    choices=[
                                        ("culture", "Culture"),
                                        ("evidence", "Evidence"),
                                        ("skills", "Skills"),
                                        ("networks", "Networks"),
                                        ("processes", "Processes"),
                                        ("ownership", "Ownership"),
                                        ("resources", "Resources"),
                                        ("credibility", "Credibility"),
                                    ],
                                    max_length=16,
                                ),
                                blank=True,
                                default=list,
                                size=None,
                            ),
                        ),
                        (
                            "stages",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.CharField(
                                    choices=[
                                        ("test", "Test it"),
                                        ("prove", "Prove it"),
                                        ("grow", "Grow it"),
                                        ("adopt", "Adopt it"),
                                    ],
                                    max_length=8,
                                ),
                                blank=True,
                                default=list,
                                size=None,
                            ),
                        ),
                        (
                            "audiences",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.CharField(
                                    choices=[
                                        ("central_government", "Central government"),
                                        ("arms_length_body", "Arm's length body"),
                                        ("local_authority", "Local authority"),
                                        ("nhs", "NHS"),
                                        ("police_fire", "Police and fire"),
                                        ("education", "Education"),
                                        ("third_sector", "Charity or social enterprise"),
                                        ("private_sector", "Private sector"),
                                        ("academia", "University or research"),
                                        ("international", "International body"),
                                    ],
                                    max_length=32,
                                ),
                                blank=True,
                                default=list,
                                size=None,
                            ),
                        ),
                        (
                            "service_areas",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.CharField(
                                    choices=[
                                        ("north_east", "North East"),
                                        ("north_west", "North West"),
                                        ("yorkshire_humber", "Yorkshire and the Humber"),
                                        ("east_midlands", "East Midlands"),
                                        ("west_midlands", "West Midlands"),
                                        ("east", "East of England"),
                                        ("london", "London"),
                                        ("south_east", "South East"),
                                        ("south_west", "South West"),
                                        ("scotland", "Scotland"),
                                        ("wales", "Wales"),
                                        ("northern_ireland", "Northern Ireland"),
                                        ("uk_wide", "UK-wide"),
                                        ("international", "International"),
                                    ],
                                    max_length=32,
                                ),
                                default=list,
                                size=None,
                            ),
                        ),
                        ("last_verified", models.DateField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "link_ok",
                            models.BooleanField(
                                editable=False,
                                help_text="Whether the web address answered when last checked.",
                                null=True,
                            ),
                        ),
                        ("link_checked_at", models.DateTimeField(blank=True, editable=False, null=True)),
                        ("link_problem", models.CharField(blank=True, editable=False, max_length=300)),
                        (
                            "search_vector",
                            django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                        ),
                        ("support_bits", models.IntegerField(default=0, editable=False)),
                        ("theme_bits", models.IntegerField(default=0, editable=False)),
                        ("stage_bits", models.IntegerField(default=0, editable=False)),
                        ("audience_bits", models.IntegerField(default=0, editable=False)),
                        ("region_bits", models.IntegerField(default=0, editable=False)),
                        (
                            "provider",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="advice_sources",
                                to="portal.organisation",
                            ),
                        ),
                        (
                            "verified_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "portal_advicesource",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalAdviceSource",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=200, verbose_name="service name")),
                        ("slug", models.SlugField(max_length=80)),
                        ("description", models.TextField()),
                        ("url", models.URLField(max_length=500, verbose_name="web address")),
                        ("email", models.EmailField(blank=True, max_length=254)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("active", "Active"),
                                    ("inactive", "Inactive"),
                                    ("defunct", "Defunct"),
                                ],
                                default="active",
                                max_length=10,
                            ),
                        ),
                        (
                            "fees",
                            models.CharField(
                                choices=[
                                    ("free", "Free"),
                                    ("paid", "Paid"),
                                    ("mixed", "Some free, some paid"),
                                ],
                                default="free",
                                max_length=8,
                            ),
                        ),
                        ("fees_description", models.CharField(blank=True, max_length=300)),
                        (
                            "themes",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.CharField(
                                    choices=[
                                        ("culture", "Culture"),
                                        ("evidence", "Evidence"),
                                        ("skills", "Skills"),
                                        ("networks", "Networks"),
                                        ("processes", "Processes"),
                                        ("ownership", "Ownership"),
                                        ("resources", "Resources"),
                                        ("credibility", "Credibility"),
                                    ],
                                    max_length=16,
                                ),
                                blank=True,
                                default=list,
                                size=None,
                            ),
                        ),
                        (
                            "stages",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.CharField(
                                    choices=[
                                        ("test", "Test it"),
                                        ("prove", "Prove it"),
                                        ("grow", "Grow it"),
                                        ("adopt", "Adopt it"),
                                    ],
                                    max_length=8,
                                ),
                                blank=True,
                                default=list,
                                size=None,
                            ),
                        ),
                        (
                            "audiences",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.CharField(
                                    choices=[
                                        ("central_government", "Central government"),
                                        ("arms_length_body", "Arm's length body"),
                                        ("local_authority", "Local authority"),
                                        ("nhs", "NHS"),
                                        ("police_fire", "Police and fire"),
                                        ("education", "Education"),
                                        ("third_sector", "Charity or social enterprise"),
                                        ("private_sector", "Private sector"),
                                        ("academia", "University or research"),
                                        ("international", "International body"),
                                    ],
                                    max_length=32,
                                ),
                                blank=True,
                                default=list,
                                size=None,
                            ),
                        ),
                        (
                            "service_areas",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.CharField(
                                    choices=[
                                        ("north_east", "North East"),
                                        ("north_west", "North West"),
                                        ("yorkshire_humber", "Yorkshire and the Humber"),
                                        ("east_midlands", "East Midlands"),
                                        ("west_midlands", "West Midlands"),
                                        ("east", "East of England"),
                                        ("london", "London"),
                                        ("south_east", "South East"),
                                        ("south_west", "South West"),
                                        ("scotland", "Scotland"),
                                        ("wales", "Wales"),
                                        ("northern_ireland", "Northern Ireland"),
                                        ("uk_wide", "UK-wide"),
                                        ("international", "International"),
                                    ],
                                    max_length=32,
                                ),
                                default=list,
                                size=None,
                            ),
                        ),
                        ("last_verified", models.DateField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(blank=True, editable=False)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "provider",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="portal.organisation",
                            ),
                        ),
                        (
                            "verified_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical advice source",
                        "verbose_name_plural": "historical advice sources",
                        "db_table": "portal_historicaladvicesource",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="SupportType",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=100, unique=True)),
                        (
                            "slug",
                            models.SlugField(
                                help_text="Used in web addresses, the advice import and the API. Changing it breaks saved links.",
                                max_length=32,
                                unique=True,
                            ),
                        ),
                        (
                            "description",
                            models.CharField(
                                blank=True,
                                help_text="Shown under the name when someone chooses the help they need.",
                                max_length=300,
                            ),
                        ),
                        (
                            "themes",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.CharField(
                                    choices=[
                                        ("culture", "Culture"),
                                        ("evidence", "Evidence"),
                                        ("skills", "Skills"),
                                        ("networks", "Networks"),
                                        ("processes", "Processes"),
                                        ("ownership", "Ownership"),
                                        ("resources", "Resources"),
                                        ("credibility", "Credibility"),
                                    ],
                                    max_length=16,
                                ),
                                blank=True,
                                default=list,
                                help_text="The conditions for scaling up this help speaks to. Find help suggests innovations with these themes.",
                                size=None,
                            ),
                        ),
                        (
                            "bit",
                            models.PositiveSmallIntegerField(
                                editable=False,
                                help_text="Position of this type in the directory's support-type bitmask.",
                                unique=True,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "portal_supporttype",
                        "ordering": ["name"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("bit__lt", 31)), name="supporttype_bit_in_range"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    (
                                        "themes__contained_by",
                                        [
                                            "culture",
                                            "evidence",
                                            "skills",
                                            "networks",
                                            "processes",
                                            "ownership",
                                            "resources",
                                            "credibility",
                                        ],
                                    )
                                ),
                                name="supporttype_themes_valid",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalAdviceSource_support_types",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                        (
                            "advicesource",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                db_tablespace="",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="advice.advicesource",
                            ),
                        ),
                        (
                            "history",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                to="advice.historicaladvicesource",
                            ),
                        ),
                        (
                            "supporttype",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                db_tablespace="",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="advice.supporttype",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "HistoricalAdviceSource_support_types",
                        "db_table": "portal_historicaladvicesource_support_types",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddField(
                    model_name="advicesource",
                    name="support_types",
                    field=models.ManyToManyField(related_name="advice_sources", to="advice.supporttype"),
                ),
                migrations.AddIndex(
                    model_name="advicesource",
                    index=django.contrib.postgres.indexes.GinIndex(
                        fields=["search_vector"], name="advice_search_gin"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="advicesource",
                    constraint=models.UniqueConstraint(
                        fields=("provider", "name"), name="advice_once_per_provider"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="advicesource",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("status__in", ["active", "inactive", "defunct"])),
                        name="advice_status_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="advicesource",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("fees__in", ["free", "paid", "mixed"])), name="advice_fees_valid"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="advicesource",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            (
                                "themes__contained_by",
                                [
                                    "culture",
                                    "evidence",
                                    "skills",
                                    "networks",
                                    "processes",
                                    "ownership",
                                    "resources",
                                    "credibility",
                                ],
                            )
                        ),
                        name="advice_themes_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="advicesource",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("stages__contained_by", ["test", "prove", "grow", "adopt"])),
                        name="advice_stages_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="advicesource",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            (
                                "audiences__contained_by",
                                [
                                    "central_government",
                                    "arms_length_body",
                                    "local_authority",
                                    "nhs",
                                    "police_fire",
                                    "education",
                                    "third_sector",
                                    "private_sector",
                                    "academia",
                                    "international",
                                ],
                            )
                        ),
                        name="advice_audiences_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="advicesource",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            (
                                "service_areas__contained_by",
                                [
                                    "north_east",
                                    "north_west",
                                    "yorkshire_humber",
                                    "east_midlands",
                                    "west_midlands",
                                    "east",
                                    "london",
                                    "south_east",
                                    "south_west",
                                    "scotland",
                                    "wales",
                                    "northern_ireland",
                                    "uk_wide",
                                    "international",
                                ],
                            )
                        ),
                        name="advice_areas_valid",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
