from django.conf import settings

from orders.roles import Can, role_name


def shop(request):
    """The shop's name, the signed-in user's role, and `can.<action>` for the buttons a role may use."""
    user = getattr(request, "user", None)
    return {
        "shop_name": _shop_name(),
        "user_role": role_name(user) if user is not None and user.is_authenticated else "",
        "can": Can(user),
        "undo_offer": _undo_offer(request),
    }


def _undo_offer(request):
    from orders.views.undo import take_undo_offer

    return take_undo_offer(request) if getattr(request, "resolver_match", None) else None


def _shop_name():
    from orders.models import ShopSettings

    row = ShopSettings.objects.filter(pk=1).values_list("shop_name", flat=True).first()
    return row or settings.SHOP_NAME
