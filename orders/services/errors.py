class OrderRefused(Exception):
    """An action on the order book that the shop's rules refuse; `message` is shown to the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


class ActionRefused(OrderRefused):
    """The user's role may not do this (orders.roles.require); views check first and answer 403."""
