from django.utils.translation import gettext as _

from common.numbers import UnreadableNumber, parse_whole_number as read_number
from common.limits import MAX_AMOUNT
from orders.services.errors import OrderRefused


def parse_whole_number(value, what):
    """A whole number from an int or typed text ("150.000"); refuse anything else with a clear message."""
    try:
        value = read_number(value)
    except UnreadableNumber as error:
        if error.code == "grouping":
            raise OrderRefused(_("%(what)s: %(problem)s") % {"what": what, "problem": error.message}) from None
        raise OrderRefused(_("%(what)s must be a whole number.") % {"what": what}) from None
    if abs(value) > MAX_AMOUNT:
        raise OrderRefused(_("%(what)s is too large.") % {"what": what})
    return value
