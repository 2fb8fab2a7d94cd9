"""Order codes: PO-YYMM-NNNN, numbered per month of the order date (Jakarta time).

`next_order_code()` is the one place a code is handed out: the order service, the sheet import and
the bench seed all take theirs here. The number comes from one `UPDATE … RETURNING` on the month's
counter row (SQLite 3.35+ and PostgreSQL both have it; the ORM has no equivalent, so this is one of
the two places with raw SQL, next to orders/services/locking.py). On PostgreSQL its row lock also
orders two periods' orders in the same month.
"""
import re

from django.db import connection
from django.db.models.functions import Greatest
from django.utils import timezone

from orders.models import OrderCodeCounter

CODE = re.compile(r"^(PO-\d{4})-(\d+)$")


def code_prefix(moment):
    """PO-YYMM of the Jakarta month that holds `moment`."""
    return "PO-" + timezone.localtime(moment).strftime("%y%m")


def next_order_code(moment):
    """The month's next order code, e.g. PO-2506-0012; call inside the transaction that saves the order."""
    prefix = code_prefix(moment)
    number = _bump(prefix)
    if number is None:
        OrderCodeCounter.objects.get_or_create(prefix=prefix)  # the month's first order
        number = _bump(prefix)
    return f"{prefix}-{number:04d}"


def keep_counter_past(code):
    """An order saved with its own code (an imported sheet): later codes of its month come after it."""
    match = CODE.match(code or "")
    if match is None:
        return
    prefix, number = match.group(1), int(match.group(2))
    counter, _created = OrderCodeCounter.objects.get_or_create(prefix=prefix)
    if counter.last_number < number:
        OrderCodeCounter.objects.filter(pk=counter.pk).update(last_number=Greatest("last_number", number))


def _bump(prefix):
    table = connection.ops.quote_name(OrderCodeCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_number = last_number + 1 WHERE prefix = %s RETURNING last_number",  # noqa: S608 - table name from the model
            [prefix],
        )
        row = cursor.fetchone()
    return None if row is None else row[0]
