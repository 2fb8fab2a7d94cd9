"""Finding and creating customers from what a helper or a customer typed."""
from django.core.exceptions import ValidationError

from customers.models import Customer


def find_or_create_customer(*, name, whatsapp="", address=""):
    """Return the customer with this WhatsApp number, or a new one; raise ValidationError on bad input.

    A known number keeps its customer (the name typed this time is not allowed to rename them);
    an empty address on file is filled in from this order.
    """
    candidate = Customer(name=name, whatsapp=whatsapp, address=address or "")
    candidate.full_clean(validate_constraints=False)
    if candidate.whatsapp:
        existing = Customer.objects.filter(whatsapp=candidate.whatsapp).first()
        if existing is not None:
            if address and not existing.address:
                existing.address = address
                existing.save(update_fields=["address"])
            return existing
    candidate.save()
    return candidate


__all__ = ["find_or_create_customer", "ValidationError"]

