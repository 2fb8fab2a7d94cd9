"""Delete holds of the public form that ended long ago (run daily, next to expire_unpaid)."""
from django.core.management.base import BaseCommand

from orders.services.holds import HOLDS_KEPT_DAYS, clean_old_holds


class Command(BaseCommand):
    help = f"Delete holds of the public form that ended more than {HOLDS_KEPT_DAYS} days ago."

    def handle(self, *args, **options):
        self.stdout.write(f"{clean_old_holds()} old hold row(s) deleted.")
