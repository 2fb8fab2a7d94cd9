from django import template

from team.selectors import map_link as _map_link

register = template.Library()


@register.filter
def map_link(address):
    """A maps search for the address (the courier's phone opens its map app)."""
    return _map_link(address)
