"""How much one typed number may say: shared by the forms and services of every app.

In common/, which every app may import (it imports nothing).
"""

# Units of one product in one order (or one count of made or stocked units).
MAX_QUANTITY = 9_999
# Rupiah in one typed amount (a price, a payment, a refund).
MAX_AMOUNT = 1_000_000_000
