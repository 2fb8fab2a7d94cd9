class StockRefused(Exception):
    """A stock movement the shop's rules refuse; `message` is shown to the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)
