from django.core.management.base import BaseCommand
from django.db import connection

from portal.search.registry import registered
from portal.search.vocabulary import words_add


class Command(BaseCommand):
    help = (
        "Count the words of every public entry of every catalogue again, for spelling suggestions (words "
        "are otherwise added as entries are written). Run once after upgrading; safe to rerun."
    )

    def handle(self, *args, **options):
        for registration in registered():
            catalogue = registration.catalogue
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT {catalogue.id_column} FROM {catalogue.table}")  # noqa: S608 - configuration
                ids = [row[0] for row in cursor.fetchall()]
            words_add(catalogue.words_sql, ids)
            self.stdout.write(f"{registration.label}: the words of {len(ids)} entries counted.")
