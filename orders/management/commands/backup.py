from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from common.backups import BackupError, make_backup


class Command(BaseCommand):
    help = "Back up the database (consistent while orders come in) and the uploaded files into one dated file; keep the newest N."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=None, help="folder for the backups (default: BACKUP_DIR)")
        parser.add_argument("--keep", type=int, default=None, help="how many backups to keep (default: BACKUP_KEEP)")

    def handle(self, *args, **options):
        folder = options["dir"] or settings.BACKUP_DIR
        keep = settings.BACKUP_KEEP if options["keep"] is None else options["keep"]
        try:
            path = make_backup(folder, keep=keep)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"backup written: {path} ({path.stat().st_size // 1024} KB)")
