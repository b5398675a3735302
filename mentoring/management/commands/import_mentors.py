from mentoring.services import import_mentors
from portal.core.import_command import CsvImportCommand


class Command(CsvImportCommand):
    help = (
        "Import an existing pool of mentors from a UTF-8 CSV file, approved. New people get an account "
        "with no usable password and an email inviting them to set one. All or nothing: any bad row and "
        "nothing is written."
    )
    noun = "mentors"

    def run_import(self, handle, *, dry_run):
        return import_mentors(handle, dry_run=dry_run)
