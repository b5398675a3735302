from django.core.management.base import BaseCommand

from awards.judging import judges_remind


class Command(BaseCommand):
    help = (
        "Email each judge of a round whose judging ends within JUDGE_REMINDER_DAYS the nominations they "
        "have not yet scored, with the deadline; once per judge and round. Safe to rerun; run it from cron."
    )

    def handle(self, *args, **options):
        reminded = judges_remind()
        self.stdout.write(f"{reminded} judge{'s' if reminded != 1 else ''} reminded.")
