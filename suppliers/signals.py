"""What the suppliers app tells the apps above it, without knowing them (they sit higher: orders).

- arrival_moved(sender=SupplierOrder, order, old, new, by): the expected arrival of a mass order
  moved. Receivers follow it (a linked PO period's delivery date) and may return Followup links
  to show the user next ("Kabari 12 pelanggan").
- related_pages(sender=SupplierOrder, order, user): receivers return Followup links to pages above
  that use this order (the linked PO period), shown on the supplier order's page to `user`.
- goods_received(sender=SupplierOrder, order, by): a mass order arrived (its good units are already
  on the ready-stock shelf when its product is sold from stock).
"""
from dataclasses import dataclass

from django.dispatch import Signal

arrival_moved = Signal()
goods_received = Signal()
related_pages = Signal()


@dataclass(frozen=True)
class Followup:
    label: str
    url: str


def followups(signal, **kwargs):
    """The Followup links every receiver of `signal` returned (a receiver may return one, a list or None)."""
    found = []
    for _receiver, response in signal.send(**kwargs):
        if isinstance(response, Followup):
            found.append(response)
        elif response:
            found.extend(response)
    return found
