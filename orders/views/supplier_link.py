"""A PO period pre-selling a supplier's goods: where the goods stand, and the customers to warn
when the supplier's date moves (one WhatsApp "keterlambatan" message per customer, one tap each)."""
from django.shortcuts import get_object_or_404, render

from orders.models import MessageTemplate, PreorderPeriod, ShopSettings
from orders.roles import allowed
from orders.services.messages import fill, message_texts, order_values, wa_link
from orders.services.supplier_link import waiting_orders


@allowed("view_orders")
def period_supplier(request, slug):
    period = get_object_or_404(PreorderPeriod.objects.select_related("supplier_order__supplier"), slug=slug)
    rows = []
    if period.supplier_order_id:
        shop = ShopSettings.load()
        delay = message_texts()[MessageTemplate.Kind.DELAY_NOTICE]
        rows = [{"order": order, "delay_url": wa_link(order.customer.whatsapp, fill(delay, order_values(order, shop)))}
                for order in waiting_orders(period)]
    context = {"period": period, "supplier_order": period.supplier_order, "rows": rows}
    return render(request, "orders/period_supplier.html", context)
