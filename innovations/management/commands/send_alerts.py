from django.core.management.base import BaseCommand, CommandError

from innovations.alerts import send_alerts


class Command(BaseCommand):
    help = "Email saved-search alerts of newly published innovations. Run daily and weekly from cron; safe to rerun."

    def add_arguments(self, parser):
        parser.add_argument("frequency", choices=["daily", "weekly"])

    def handle(self, *args, frequency: str, **options):
        emails, failures = send_alerts(frequency)
        self.stdout.write(f"Sent {emails} {frequency} alert email{'s' if emails != 1 else ''}.")
        if failures:
            raise CommandError(
                f"{failures} alert{'s' if failures != 1 else ''} failed and will be tried on the next run."
            )
