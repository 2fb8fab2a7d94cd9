from django import template

from orders.money import rupiah as format_rupiah

register = template.Library()


@register.filter
def rupiah(amount):
    """{{ 75000|rupiah }} → Rp75.000; a negative amount (a refund) → −Rp75.000."""
    amount = int(amount or 0)
    return ("−" if amount < 0 else "") + format_rupiah(abs(amount))
