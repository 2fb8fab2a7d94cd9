from django import template

from orders.services.messages import customer_links

register = template.Library()


@register.simple_tag
def order_whatsapp_links(order):
    """[(label, wa.me link)] for each message template, filled for this order."""
    return customer_links(order)
