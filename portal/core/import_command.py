"""The command-line side of the all-or-nothing CSV imports: one command shape for every import."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class CsvImportCommand(BaseCommand):
    """Subclasses set `noun` (for messages) and `run_import(file, dry_run)` returning (plan, saved)."""

    noun = "rows"

    def run_import(self, handle, *, dry_run: bool):
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report, writing nothing."
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        if not file.exists():
            raise CommandError(f"No file at {file}.")
        with file.open("rb") as handle:
            plan, _saved = self.run_import(handle, dry_run=dry_run)
        if not plan.is_valid:
            for error in plan.errors:
                self.stderr.write(str(error))
            count = len(plan.errors)
            raise CommandError(f"Nothing was imported: {count} problem{'s' if count != 1 else ''} in {file}.")
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(plan.rows)} {self.noun}{self.summary(plan)}."))

    def summary(self, plan) -> str:
        return ""
