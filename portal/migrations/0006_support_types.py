import django.contrib.postgres.fields
from django.db import migrations, models

from portal.core.vocabulary import INITIAL_SUPPORT_TYPES


def create_support_types(apps, schema_editor):
    SupportType = apps.get_model("portal", "SupportType")
    # Each keeps the code it had as a fixed list, so links, imports and saved URLs go on working, and the
    # bit it had, so the advice sources' stored bitmasks stay right.
    for bit, (slug, name, themes, description) in enumerate(INITIAL_SUPPORT_TYPES):
        SupportType.objects.get_or_create(
            slug=slug, defaults={"name": name, "themes": themes, "description": description, "bit": bit}
        )


def link_sources(apps, schema_editor):
    AdviceSource = apps.get_model("portal", "AdviceSource")
    SupportType = apps.get_model("portal", "SupportType")
    by_slug = {t.slug: t for t in SupportType.objects.all()}
    for source in AdviceSource.objects.all():
        source.support_types.set([by_slug[code] for code in source.support_codes if code in by_slug])


def unlink_sources(apps, schema_editor):
    AdviceSource = apps.get_model("portal", "AdviceSource")
    for source in AdviceSource.objects.prefetch_related("support_types"):
        source.support_codes = [t.slug for t in source.support_types.all()]
        source.save(update_fields=["support_codes"])


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0005_advice_link_check"),
    ]

    operations = [
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
                        help_text="Used in web addresses, the advice import and the API. Changing it breaks "
                        "saved links.",
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
                        help_text="The conditions for scaling up this help speaks to. Find help suggests "
                        "innovations with these themes.",
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
        migrations.RunPython(create_support_types, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="advicesource", name="advice_support_valid"),
        migrations.RenameField(model_name="advicesource", old_name="support_types", new_name="support_codes"),
        migrations.RenameField(
            model_name="historicaladvicesource", old_name="support_types", new_name="support_codes"
        ),
        migrations.AddField(
            model_name="advicesource",
            name="support_types",
            field=models.ManyToManyField(related_name="advice_sources", to="portal.supporttype"),
        ),
        migrations.RunPython(link_sources, unlink_sources),
    ]
