from django.db import migrations
from django.utils.text import slugify

from portal.core.vocabulary import INITIAL_POLICY_AREAS


def seed_policy_areas(apps, schema_editor):
    PolicyArea = apps.get_model("innovations", "PolicyArea")
    for bit, name in enumerate(INITIAL_POLICY_AREAS):
        PolicyArea.objects.get_or_create(name=name, defaults={"slug": slugify(name), "bit": bit})


class Migration(migrations.Migration):
    dependencies = [("innovations", "0001_initial")]

    operations = [
        migrations.RunPython(seed_policy_areas, migrations.RunPython.noop),
        # Keep catalogue rows narrow: move each search vector out of line (uncompressed, so ranking reads
        # it quickly) as soon as a row passes 128 bytes, so a scan for facet counts reads only codes.
        migrations.RunSQL(
            [
                "ALTER TABLE innovations_catalogueentry ALTER COLUMN search_vector SET STORAGE EXTERNAL",
                "ALTER TABLE innovations_catalogueentry SET (toast_tuple_target = 128)",
            ],
            [
                "ALTER TABLE innovations_catalogueentry RESET (toast_tuple_target)",
                "ALTER TABLE innovations_catalogueentry ALTER COLUMN search_vector SET STORAGE EXTENDED",
            ],
        ),
    ]
