"""The synonyms' rules derived again: what a phrase also means is now a phrase (portal.search.vocabulary)."""

from django.db import migrations

from portal.search.vocabulary import synonym_rules_refresh


def refresh(apps, schema_editor):
    synonym_rules_refresh()


class Migration(migrations.Migration):
    dependencies = [("search", "0008_held_pairs")]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
