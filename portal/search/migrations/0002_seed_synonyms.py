"""The starting list of synonyms and acronyms (portal/search/data/synonyms.csv), with their rules, and the
words of the entries already in the catalogues."""

from django.db import migrations

from portal.search.vocabulary import seed_rows, synonym_rules_refresh


def seed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    existing = {(s.phrase.lower(), s.also_means.lower()) for s in Synonym.objects.all()}
    Synonym.objects.bulk_create(
        Synonym(phrase=row["phrase"], also_means=row["also_means"])
        for row in seed_rows()
        if (row["phrase"].lower(), row["also_means"].lower()) not in existing
    )
    synonym_rules_refresh()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
