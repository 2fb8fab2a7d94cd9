from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from orders.forms_messages import RescheduleForm
from orders.models import Order
from orders.roles import allowed
from orders.services import OrderRefused
from orders.services.rescheduling import reschedule_order


@allowed("reschedule_order")
def order_reschedule(request, code):
    order = get_object_or_404(Order.objects.select_related("customer", "period"), code=code)
    form = RescheduleForm(request.POST or None, order=order)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        period = data["period"] if data["period"] and data["period"].pk != order.period_id else None
        try:
            reschedule_order(order, period=period, delivery_date=data["delivery_date"], by=request.user, note=data["note"])
        except OrderRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Order %(code)s rescheduled.") % {"code": order.code})
            return redirect(order.get_absolute_url())
    return render(request, "orders/order_reschedule.html", {"order": order, "form": form})
