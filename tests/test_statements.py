"""The order path's prepared statements do what the ORM calls they replace do, on both databases."""
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, models, transaction
from django.db.models.signals import post_save, pre_save
from django.forms.models import model_to_dict
from django.utils import timezone

from customers.models import Customer
from orders.models import Order, OrderLine, PeriodProduct
from orders.services import statements
from tests.conftest import make_customer, make_period, make_product

pytestmark = pytest.mark.django_db


def row(instance):
    """Every concrete field's value, as the ORM reads it back."""
    fresh = type(instance)._base_manager.get(pk=instance.pk)
    return {field.attname: getattr(fresh, field.attname) for field in type(instance)._meta.concrete_fields}


def values(instance):
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


@pytest.mark.parametrize("model", [Customer, Order, OrderLine])
def test_models_saved_by_statements_have_no_save_override_or_signal_receivers(model):
    # statements.insert skips save() and signals: adding either to these models needs a new look.
    assert model.save is models.Model.save
    for signal in (pre_save, post_save):
        assert not signal.has_listeners(model), f"{signal} has a receiver for {model.__name__}"


def test_insert_saves_the_row_the_orm_would_and_sets_the_key():
    customer = Customer(name="Ibu Ani", whatsapp="+6281234567890", address="Jl. Melati 3")
    statements.insert(customer)
    assert customer.pk is not None and not customer._state.adding
    assert customer.created_at is not None and timezone.is_aware(customer.created_at)
    assert row(customer) == values(customer)


def test_an_inserted_order_keeps_its_exact_time_dates_and_defaults():
    nastar = make_product()
    period = make_period(products=[nastar])
    customer = make_customer()
    placed = timezone.now().replace(microsecond=123456)
    order = Order(
        code="PO-2611-0001",
        customer=customer,
        period=period,
        delivery_date=period.delivery_date,
        placed_at=placed,
        channel="form",
        idempotency_key="k-1",
    )
    statements.insert(order)
    line = statements.insert(OrderLine(order=order, product=nastar, quantity=3, unit_price=nastar.price))
    saved = Order.objects.get(pk=order.pk)
    assert saved.placed_at == placed
    assert saved.payment_status == "unpaid" and saved.fulfilment_status == "pending" and saved.amount_paid == 0
    assert row(order) == values(order)
    assert row(line) == values(line)
    assert saved.total == 3 * nastar.price


def test_a_second_row_with_the_same_unique_value_is_refused_as_by_the_orm():
    make_customer(whatsapp="0812-3456-7890")
    with pytest.raises(IntegrityError), transaction.atomic():
        statements.insert(Customer(name="Lain", whatsapp="+6281234567890"))
    assert Customer.objects.count() == 1


def test_find_returns_the_customer_with_that_number_or_none():
    ani = make_customer(whatsapp="0812-3456-7890", notes="langganan")
    found = statements.find(Customer, "whatsapp", "+6281234567890")
    assert found == ani and values(found) == row(ani)
    assert statements.find(Customer, "whatsapp", "+6289999999999") is None


def test_period_offers_match_the_orm_query_field_for_field():
    nastar = make_product("Kue Nastar", price=75_000)
    bolu = make_product("Bolu Pandan", price=60_000, is_active=False)
    period = make_period("PO Lebaran", products=[(nastar, 20), bolu], max_orders=50, capacity_capped=True)
    make_period("PO Natal", products=[nastar])  # another period's offer is not read

    offers = statements.period_offers(slug="po-lebaran")
    expected = list(
        PeriodProduct.objects.filter(period__slug="po-lebaran").select_related("period", "product").order_by("product__name")
    )
    assert [offer.product.name for offer in offers] == ["Bolu Pandan", "Kue Nastar"]
    for got, want in zip(offers, expected, strict=True):
        assert model_to_dict(got) == model_to_dict(want)
        assert values(got.period) == values(want.period)
        assert values(got.product) == values(want.product)
    assert offers[0].period is offers[1].period  # one period object for the page and the service
    assert offers[0].product.is_active is False and offers[1].period.capacity_capped is True
    assert timezone.is_aware(offers[0].period.opens_at) and offers[0].period.opens_at == period.opens_at


def test_period_offers_by_id_read_only_the_products_asked_for_and_can_lock():
    nastar, bolu = make_product("Kue Nastar"), make_product("Bolu Pandan")
    period = make_period(products=[nastar, bolu])
    with transaction.atomic():
        offers = statements.period_offers(period_id=period.pk, product_ids={nastar.pk: 2}, lock=True)
    assert [offer.product for offer in offers] == [nastar]
    assert statements.period_offers(period_id=period.pk, product_ids=[9999]) == []
    assert statements.period_offers(slug="no-such-po") == []


def test_the_locking_read_asks_postgresql_for_the_period_row_lock_only():
    sql, _parts = statements._offers_statement(connection.alias, "id", 1, True)
    if connection.features.has_select_for_update_of:
        assert sql.endswith("FOR UPDATE OF " + connection.ops.quote_name("orders_preorderperiod"))
    else:
        assert "FOR UPDATE" not in sql


def test_a_period_edited_after_a_read_is_read_afresh():
    # Only the SQL text is kept between calls, never rows.
    nastar = make_product()
    period = make_period(products=[nastar])
    assert statements.period_offers(slug=period.slug)[0].period.closed_manually is False
    period.closed_manually = True
    period.closes_at = period.closes_at + timedelta(days=1)
    period.save()
    again = statements.period_offers(slug=period.slug)[0].period
    assert again.closed_manually is True and again.closes_at == period.closes_at
