"""The order book's rules: placing an order under every cap, payments, delivery status.

Views call these functions; each raises OrderRefused with a message for the user. Each returns
the order as saved (re-read under a row lock): use the returned order, not the one passed in.
"""
from orders.services.errors import OrderRefused
from orders.services.fulfilment import cancel_order, set_fulfilment
from orders.services.payments import correct_payment, mark_paid, record_payment, refund
from orders.services.placing import place_order

__all__ = [
    "OrderRefused",
    "cancel_order",
    "correct_payment",
    "mark_paid",
    "place_order",
    "record_payment",
    "refund",
    "set_fulfilment",
]
