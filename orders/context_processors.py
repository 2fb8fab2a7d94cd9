from django.conf import settings

from orders.roles import role_name


def shop(request):
    """The shop's name and the signed-in user's role, for the base layout."""
    user = getattr(request, "user", None)
    return {
        "shop_name": settings.SHOP_NAME,
        "user_role": role_name(user) if user is not None and user.is_authenticated else "",
    }
