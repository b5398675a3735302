from django.core.management.base import BaseCommand

from portal.advice.link_check import check_advice_links


class Command(BaseCommand):
    help = "Check every advice source's web address and flag the ones that no longer answer. Run daily from cron."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=10, help="seconds to wait for each address")
        parser.add_argument("--concurrency", type=int, default=8, help="addresses checked at once")

    def handle(self, *args, timeout: float, concurrency: int, **options):
        checked, broken = check_advice_links(timeout=timeout, concurrency=concurrency)
        self.stdout.write(f"Checked {checked} web addresses: {broken} may be broken.")
