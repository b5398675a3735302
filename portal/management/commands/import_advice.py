from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.advice import import_advice


class Command(BaseCommand):
    help = "Import advice sources from a UTF-8 CSV file. All or nothing: any bad row and nothing is written."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report, writing nothing."
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        if not file.exists():
            raise CommandError(f"No file at {file}.")
        with file.open("rb") as handle:
            plan, saved = import_advice(handle, dry_run=dry_run)
        if not plan.is_valid:
            for error in plan.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Nothing was imported: {len(plan.errors)} problem{'s' if len(plan.errors) != 1 else ''} in {file}."
            )
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(plan.rows)} advice sources."))
