from innovations.importer import import_innovations
from portal.core.import_command import CsvImportCommand


class Command(CsvImportCommand):
    help = "Import innovations from a UTF-8 CSV file. All or nothing: any bad row and nothing is written."
    noun = "innovations"

    def run_import(self, handle, *, dry_run):
        return import_innovations(handle, dry_run=dry_run)

    def summary(self, plan) -> str:
        return f": {plan.creates} new, {plan.updates} updated"
