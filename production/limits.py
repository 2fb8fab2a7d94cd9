"""How much one typed number may say: shared by the forms and services of every app.

Here in production, the lowest layer that both production and orders import (it imports nothing).
"""

# Units of one product in one order (or one count of made or stocked units).
MAX_QUANTITY = 9_999
# Rupiah in one typed amount (a price, a payment, a refund).
MAX_AMOUNT = 1_000_000_000
