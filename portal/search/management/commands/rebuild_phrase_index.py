from django.core.management.base import BaseCommand

from portal.search import phrases
from portal.search.registry import registered


class Command(BaseCommand):
    help = (
        "Find each catalogue's newly common words and give every entry the pairs of them it holds side by "
        "side, and keep the counts over the entries holding each pair in a fiftieth of them, so that quoted "
        "phrases of common words stay fast as the catalogue grows. Writes go on meanwhile, but wait while a "
        "new pair's counts are filled; safe to rerun (writes nothing when nothing has changed). Run after a "
        "large import, or nightly."
    )

    def handle(self, *args, **options):
        for registration in registered():
            catalogue = registration.catalogue
            if not catalogue.pairs_column:
                continue
            added = phrases.rebuild(catalogue, log=self.stdout.write, vacuum=True)
            self.stdout.write(f"{registration.label}: {added} newly common words.")
