"""Supplier pages: suppliers, their sample and mass orders, and one order's timeline with its actions.

Guarded by the Django permissions in suppliers/permissions.py, which orders/roles.py maps to roles.
"""
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from suppliers import permissions, selectors, services, signals
from suppliers.forms import (
    ArrivalForm,
    CheckForm,
    MassOrderForm,
    MoveDateForm,
    PaymentForm,
    PhotosForm,
    QCForm,
    SampleOrderForm,
    StatusForm,
    SupplierForm,
)
from suppliers.models import Kind, PhotoPurpose, Status, Supplier, SupplierOrder, SupplierPhoto
from suppliers.services import SupplierOrderRefused


def needs(perms):
    return permission_required(perms, raise_exception=True)


@needs(permissions.VIEW)
def supplier_list(request):
    return render(request, "suppliers/supplier_list.html", {"suppliers": selectors.suppliers_with_owed()})


def _supplier_form(request, supplier=None):
    form = SupplierForm(request.POST or None, instance=supplier)
    if request.method == "POST" and form.is_valid():
        supplier = form.save()
        messages.success(request, _("Supplier “%(name)s” saved.") % {"name": supplier.name})
        return redirect("suppliers:supplier_detail", supplier.pk)
    return render(request, "suppliers/supplier_form.html", {"form": form, "supplier": supplier})


@needs(permissions.CHANGE_SUPPLIERS)
def supplier_create(request):
    return _supplier_form(request)


@needs(permissions.CHANGE_SUPPLIERS)
def supplier_edit(request, pk):
    return _supplier_form(request, get_object_or_404(Supplier, pk=pk))


@needs(permissions.VIEW)
def supplier_detail(request, pk):
    supplier = get_object_or_404(Supplier, pk=pk)
    orders = list(selectors.orders_of(supplier))
    context = {
        "supplier": supplier,
        "orders": orders,
        "owed": sum(order.owed for order in orders if order.status != Status.CANCELLED),
        "performance": selectors.performance(supplier),
    }
    return render(request, "suppliers/supplier_detail.html", context)


def _create(request, supplier, form_class, create, kind):
    form = form_class(request.POST or None, request.FILES or None, supplier=supplier, initial=_initial(request, supplier))
    if request.method == "POST" and form.is_valid():
        try:
            order = create(form)
        except SupplierOrderRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("%(order)s ordered from %(supplier)s.") % {"order": order, "supplier": supplier.name})
            return redirect("suppliers:order_detail", order.pk)
    return render(request, "suppliers/order_form.html", {"form": form, "supplier": supplier, "title": TITLES[kind]})


TITLES = {Kind.SAMPLE: gettext_lazy("New sample order"), Kind.MASS: gettext_lazy("New mass order")}


def _initial(request, supplier):
    wanted = request.GET.get("sample", "")
    sample = supplier.orders.filter(pk=wanted, status=Status.APPROVED).first() if wanted.isdigit() and len(wanted) < 10 else None
    return {"from_sample": sample, "quantity": supplier.moq} if sample else {}


@needs(permissions.MANAGE_ORDERS)
def sample_create(request, pk):
    supplier = get_object_or_404(Supplier, pk=pk)
    return _create(request, supplier, SampleOrderForm, lambda form: services.create_sample_order(
        supplier=supplier, by=request.user, checks=form.check_labels(), photos=form.cleaned_data["photos"], **form.service_fields()), Kind.SAMPLE)


@needs(permissions.MANAGE_ORDERS)
def mass_create(request, pk):
    supplier = get_object_or_404(Supplier, pk=pk)
    return _create(request, supplier, MassOrderForm, lambda form: services.create_mass_order(
        supplier=supplier, by=request.user, photos=form.cleaned_data["photos"], **form.service_fields()), Kind.MASS)


def _order(pk):
    return get_object_or_404(SupplierOrder.objects.with_paid().select_related("supplier", "from_sample", "product"), pk=pk)


def _page(request, order, forms=None, status=200):
    forms = forms or {}
    photos = list(order.photos.all())
    context = {
        "order": order,
        "supplier": order.supplier,
        "timeline": selectors.timeline(order),
        "rounds": order.rounds.prefetch_related("results__qc_check", "photos").select_related("decided_by"),
        "checks": order.checks.all(),
        "payments": order.payments.select_related("proof", "recorded_by"),
        "reference_photos": [photo for photo in photos if photo.purpose == PhotoPurpose.REFERENCE],
        "arrival_photos": [photo for photo in photos if photo.purpose == PhotoPurpose.ARRIVAL],
        "related": signals.followups(signals.related_pages, sender=SupplierOrder, order=order, user=request.user),
        # Each form's ids carry its own prefix: several forms on the page have a date or photos field.
        "status_form": forms.get("status") or StatusForm(auto_id="status_%s"),
        "qc_form": forms.get("qc") or QCForm(order=order, auto_id="qc_%s"),
        "payment_form": forms.get("payment") or PaymentForm(initial={"amount": _suggested_payment(order)}, auto_id="payment_%s"),
        "move_form": forms.get("move") or MoveDateForm(initial={"new_date": order.expected_arrival}, auto_id="move_%s"),
        "arrival_form": forms.get("arrival") or ArrivalForm(auto_id="arrival_%s"),
        "check_form": forms.get("check") or CheckForm(auto_id="check_%s"),
        "photos_form": forms.get("photos") or PhotosForm(auto_id="photos_%s"),
    }
    return render(request, "suppliers/order_detail.html", context, status=status)


def _suggested_payment(order):
    """The deposit while it is not paid, else what is still owed."""
    return min(order.deposit_amount - order.paid, order.owed) if order.paid < order.deposit_amount else order.owed


@needs(permissions.VIEW)
def order_detail(request, pk):
    return _page(request, _order(pk))


def _act(request, pk, name, form_class, action, done, files=False):
    """Run `action(order, cleaned_data)` if the form is valid; a refusal or bad input shows on the page, nothing saved."""
    order = _order(pk)
    kwargs = {"order": order} if form_class is QCForm else {}
    form = form_class(request.POST, request.FILES if files else None, auto_id=f"{name}_%s", **kwargs)
    if form.is_valid():
        try:
            links = action(order, form.cleaned_data)
        except SupplierOrderRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, done)
            return redirect(links[0].url if links else "suppliers:order_detail", *([] if links else [order.pk]))
    return _page(request, order, {name: form}, status=422)


@require_POST
@needs(permissions.MANAGE_ORDERS)
def order_status(request, pk):
    def action(order, data):
        services.advance(order, to=data["to"], on=data["on"], by=request.user, courier=data["courier"],
                         tracking=data["tracking"], shipping_cost=data["shipping_cost"])

    return _act(request, pk, "status", StatusForm, action, _("Status saved."))


@require_POST
@needs(permissions.MANAGE_ORDERS)
def order_qc(request, pk):
    def action(order, data):
        services.record_sample_qc(order, result=data["result"], passed_checks=data["passed_checks"], note=data["note"],
                                  changes=data["changes"], photos=data["photos"], on=data["on"], by=request.user)

    return _act(request, pk, "qc", QCForm, action, _("QC saved."), files=True)


@require_POST
@needs(permissions.PAY)
def order_payment(request, pk):
    def action(order, data):
        services.record_payment(order, kind=data["kind"], amount=data["amount"], paid_on=data["paid_on"], note=data["note"],
                                proof=data["proof"], by=request.user)

    return _act(request, pk, "payment", PaymentForm, action, _("Payment to the supplier recorded."), files=True)


@require_POST
@needs(permissions.MANAGE_ORDERS)
def order_move(request, pk):
    def action(order, data):
        return services.move_expected_arrival(order, new_date=data["new_date"], reason=data["reason"], by=request.user)

    return _act(request, pk, "move", MoveDateForm, action, _("Expected arrival moved."))


@require_POST
@needs(permissions.MANAGE_ORDERS)
def order_arrival(request, pk):
    def action(order, data):
        return services.record_arrival(order, arrived_on=data["arrived_on"], rejected_quantity=data["rejected_quantity"],
                                       fees=data["fees"], note=data["note"], photos=data["photos"], by=request.user)

    return _act(request, pk, "arrival", ArrivalForm, action, _("Arrival recorded."), files=True)


@require_POST
@needs(permissions.MANAGE_ORDERS)
def order_check(request, pk):
    return _act(request, pk, "check", CheckForm, lambda order, data: services.add_check(order, data["label"]) and None,
                _("Check added."))


@require_POST
@needs(permissions.MANAGE_ORDERS)
def order_photos(request, pk):
    return _act(request, pk, "photos", PhotosForm, lambda order, data: services.add_photos(order, data["photos"]),
                _("Photos added."), files=True)


@needs(permissions.VIEW)
def photo(request, pk):
    """A supplier photo or proof, to signed-in staff only (the files live outside MEDIA_ROOT)."""
    found = get_object_or_404(SupplierPhoto, pk=pk)
    response = FileResponse(found.image.open("rb"), content_type="image/webp" if found.image.name.endswith(".webp") else "image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response
