from portal.advice.services import import_advice
from portal.core.import_command import CsvImportCommand


class Command(CsvImportCommand):
    help = "Import advice sources from a UTF-8 CSV file. All or nothing: any bad row and nothing is written."
    noun = "advice sources"

    def run_import(self, handle, *, dry_run):
        return import_advice(handle, dry_run=dry_run)
