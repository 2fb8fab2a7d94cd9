"""Delete uploaded sheets whose preview was never confirmed (run daily, next to expire_unpaid)."""
from django.core.management.base import BaseCommand

from orders.imports.uploads import UPLOAD_KEPT_HOURS, clean_old_uploads


class Command(BaseCommand):
    help = f"Delete uploaded sheets older than {UPLOAD_KEPT_HOURS} hours that were never imported."

    def handle(self, *args, **options):
        deleted = clean_old_uploads()
        self.stdout.write(f"{deleted} uploaded sheet(s) deleted.")
