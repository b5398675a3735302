from django.core.management.base import BaseCommand

from awards.publishing import results_publish_due


class Command(BaseCommand):
    help = (
        "Publish the results of every award round whose announcement date has passed (the Scaling Up "
        "Champions directory, the innovations' awards, the champions' invitations to mentor), and "
        "withdraw any whose date was moved back. Safe to rerun; run it from cron."
    )

    def handle(self, *args, **options):
        changed = results_publish_due()
        self.stdout.write(f"{changed} round{'s' if changed != 1 else ''} published or withdrawn.")
