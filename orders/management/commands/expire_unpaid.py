from django.core.management.base import BaseCommand

from orders.services.expiry import expire_unpaid_orders


class Command(BaseCommand):
    help = "Cancel unpaid orders past their period's payment deadline, freeing their quota (run on a schedule)."

    def handle(self, *args, **options):
        codes = expire_unpaid_orders()
        self.stdout.write(f"{len(codes)} order(s) expired" + (": " + ", ".join(codes) if codes else ""))
