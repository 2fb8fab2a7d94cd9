from django.utils.translation import gettext as _

from orders.services.errors import OrderRefused
from production.limits import MAX_AMOUNT

LARGEST = MAX_AMOUNT


def parse_whole_number(value, what):
    """A whole number from an int or a string of digits; refuse anything else with a clear message."""
    if isinstance(value, bool):
        value = None
    if isinstance(value, str):
        text = value.strip().replace(".", "").replace(",", "")
        value = int(text) if text.lstrip("-").isdigit() else None
    if not isinstance(value, int):
        raise OrderRefused(_("%(what)s must be a whole number.") % {"what": what})
    if abs(value) > LARGEST:
        raise OrderRefused(_("%(what)s is too large.") % {"what": what})
    return value
