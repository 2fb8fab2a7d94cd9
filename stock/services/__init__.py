"""The shelf's rules: every movement of ready stock, under the product's lock, never below zero.

Each function raises StockRefused with a message for the user and saves nothing when it does.
Who may call them is checked by the views (the roles table is orders.roles, above this app).
"""
from stock.services.errors import StockRefused
from stock.services.movements import add_made, count_shelf, put_back, receive, record_movement, take

__all__ = ["StockRefused", "add_made", "count_shelf", "put_back", "receive", "record_movement", "take"]
