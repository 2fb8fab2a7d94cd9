from django.core.management.base import BaseCommand, CommandError

from common.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into the configured (fresh, empty) database and MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="the prapesan-YYYYMMDD-HHMMSS.tar.gz file")

    def handle(self, *args, **options):
        try:
            manifest, check = restore_backup(options["backup"])
        except (BackupError, FileNotFoundError) as error:
            raise CommandError(str(error)) from None
        counts = ", ".join(f"{table} {count}" for table, count in manifest["counts"].items())
        self.stdout.write(f"restored the backup of {manifest['created']} ({manifest['engine']}): integrity {check}; {counts}")
