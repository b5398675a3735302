from django.core.management.base import BaseCommand

from mentoring.services import mentor_offers_expire


class Command(BaseCommand):
    help = (
        "Move every request for a mentor whose chosen mentor has not answered in time (MENTOR_OFFER_DAYS) "
        "on to the requester's next choice. Safe to rerun; run it from cron."
    )

    def handle(self, *args, **options):
        moved = mentor_offers_expire()
        self.stdout.write(f"{moved} unanswered request{'s' if moved != 1 else ''} moved on.")
