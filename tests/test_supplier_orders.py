"""Supplier orders: the status machine of samples and mass orders, the sample → mass rule, MOQ,
money owed and landed cost, and bad input refused with nothing saved."""
from datetime import timedelta

import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from suppliers import services
from suppliers.models import TRANSITIONS, Kind, QCResult, Status, SupplierOrder, SupplierOrderEvent, SupplierPayment, landed_unit_cost
from suppliers.services import SupplierOrderRefused
from tests.supplier_helpers import ORDERED, approved_sample, make_mass, make_sample, make_supplier, received_sample

pytestmark = pytest.mark.django_db


def _order_in(kind, status):
    """An order of `kind` standing in `status` (written directly: the machine is what is tested)."""
    supplier = make_supplier()
    order = make_sample(supplier) if kind == Kind.SAMPLE else make_mass(supplier)
    SupplierOrder.objects.filter(pk=order.pk).update(status=status)
    order.refresh_from_db()
    return order


ALL_MOVES = [
    (kind, status, to)
    for kind, table in TRANSITIONS.items()
    for status in table
    for to in (Status.MAKING, Status.SHIPPED, Status.RECEIVED, Status.CANCELLED)
]


@pytest.mark.parametrize("kind, status, to", ALL_MOVES, ids=[f"{k}-{s}-{t}" for k, s, t in ALL_MOVES])
def test_every_progress_move_is_allowed_or_refused_as_the_table_says(kind, status, to):
    order = _order_in(kind, status)
    allowed = to in TRANSITIONS[kind][status] and not (kind == Kind.MASS and to == Status.RECEIVED)
    if allowed:
        moved = services.advance(order, to=to, on=ORDERED + timedelta(days=6))
        assert moved.status == to
    else:
        with pytest.raises(SupplierOrderRefused):
            services.advance(order, to=to, on=ORDERED + timedelta(days=6))
        order.refresh_from_db()
        assert order.status == status


@pytest.mark.parametrize("status", list(TRANSITIONS[Kind.SAMPLE]))
@pytest.mark.parametrize("result", list(QCResult))
def test_qc_is_only_recorded_on_a_received_sample(status, result):
    order = _order_in(Kind.SAMPLE, status)
    if status == Status.RECEIVED:
        judged = services.record_sample_qc(order, result=result, changes="Warna lebih gelap", on=ORDERED)
        assert judged.status == {QCResult.PASSED: Status.APPROVED, QCResult.REVISION: Status.REQUESTED, QCResult.FAILED: Status.FAILED}[result]
    else:
        with pytest.raises(SupplierOrderRefused):
            services.record_sample_qc(order, result=result, changes="x", on=ORDERED)
        assert SupplierOrder.objects.get(pk=order.pk).status == status


def test_a_mass_order_arrives_only_after_it_was_shipped_and_with_its_batch_qc():
    supplier = make_supplier()
    order = make_mass(supplier, approved_sample(supplier))
    with pytest.raises(SupplierOrderRefused):
        services.record_arrival(order, arrived_on=ORDERED + timedelta(days=20))
    order = services.advance(order, to=Status.MAKING, on=ORDERED + timedelta(days=6))
    order = services.advance(order, to=Status.SHIPPED, on=ORDERED + timedelta(days=27), courier="JNE Cargo", tracking="JX123")
    services.record_arrival(order, arrived_on=ORDERED + timedelta(days=30), rejected_quantity=6, note="6 penyok")
    order.refresh_from_db()
    assert (order.status, order.rejected_quantity, order.good_units) == (Status.RECEIVED, 6, 294)
    assert order.is_finished


def test_a_revision_opens_the_next_numbered_round_and_keeps_the_first():
    supplier = make_supplier()
    sample = received_sample(supplier)
    first_check = sample.checks.first()
    sample = services.record_sample_qc(sample, result=QCResult.REVISION, passed_checks=[first_check.pk],
                                       note="Logo pudar", changes="Sablon logo lebih tebal", on=ORDERED + timedelta(days=4))
    assert (sample.status, sample.round) == (Status.REQUESTED, 2)
    rounds = list(sample.rounds.all())
    assert [(r.number, r.qc_result) for r in rounds] == [(1, "revision"), (2, "")]
    assert rounds[1].changes == "Sablon logo lebih tebal"
    assert {(r.qc_check.label, r.passed) for r in rounds[0].results.all()} == {("Tutup rapat", True), ("Logo tidak luntur", False)}
    assert sample.expected_arrival == ORDERED + timedelta(days=4 + 7)  # the sample lead time again


def test_a_revision_without_what_to_change_is_refused():
    sample = received_sample(make_supplier())
    with pytest.raises(SupplierOrderRefused, match="Tulis apa yang harus diubah"):
        services.record_sample_qc(sample, result=QCResult.REVISION, changes="  ", on=ORDERED + timedelta(days=4))
    assert sample.rounds.count() == 1


def test_mass_production_from_a_failed_sample_is_refused_and_nothing_is_saved():
    supplier = make_supplier()
    sample = services.record_sample_qc(received_sample(supplier), result=QCResult.FAILED, on=ORDERED + timedelta(days=4))
    with pytest.raises(SupplierOrderRefused, match="butuh sampel yang disetujui.*Gagal"):
        make_mass(supplier, sample)
    assert not SupplierOrder.objects.filter(kind=Kind.MASS).exists()


def test_mass_production_without_a_sample_needs_a_reason_which_is_kept_on_the_timeline():
    supplier = make_supplier()
    with pytest.raises(SupplierOrderRefused, match="tulis alasan"):
        make_mass(supplier, no_sample_reason="")
    order = make_mass(supplier, no_sample_reason="Produk lama, sudah pernah")
    assert order.no_sample_reason == "Produk lama, sudah pernah"
    assert "Produk lama, sudah pernah" in SupplierOrderEvent.objects.get(order=order).text


def test_a_quantity_under_the_moq_is_refused_unless_a_reason_is_given():
    supplier = make_supplier(moq=500)
    sample = approved_sample(supplier)
    with pytest.raises(SupplierOrderRefused, match="di bawah minimum pesanan pemasok \\(MOQ 500\\)"):
        make_mass(supplier, sample, quantity=300)
    order = make_mass(supplier, sample, quantity=300, moq_override_reason="Pemasok setuju 300 untuk pesanan pertama")
    assert order.moq_override_reason.startswith("Pemasok setuju")


def test_a_mass_order_takes_the_samples_item_deposit_terms_and_lead_time():
    supplier = make_supplier(deposit_percent=30, mass_lead_days=21)
    sample = approved_sample(supplier)
    order = make_mass(supplier, sample, quantity=300, unit_cost=45_000, item="")
    assert order.item == "Tumbler 500 ml"
    assert order.deposit_amount == 300 * 45_000 * 30 // 100
    assert order.expected_completion == order.ordered_on + timedelta(days=21)
    assert [check.label for check in order.checks.all()] == ["Tutup rapat", "Logo tidak luntur"]


def test_production_starting_late_moves_the_expected_completion_and_arrival():
    supplier = make_supplier(mass_lead_days=21)
    order = make_mass(supplier, approved_sample(supplier))
    started = order.ordered_on + timedelta(days=5)
    order = services.advance(order, to=Status.MAKING, on=started)
    assert order.expected_completion == started + timedelta(days=21)
    assert order.expected_arrival == started + timedelta(days=21)
    assert order.promised_arrival == order.ordered_on + timedelta(days=21)


def test_a_deposit_larger_than_the_total_is_refused():
    supplier = make_supplier()
    with pytest.raises(SupplierOrderRefused, match="tidak boleh lebih besar dari total"):
        make_mass(supplier, quantity=100, unit_cost=10_000, deposit_amount=1_000_001)
    assert not SupplierOrder.objects.filter(kind=Kind.MASS).exists()


def test_dates_in_the_wrong_order_are_refused():
    supplier = make_supplier()
    with pytest.raises(SupplierOrderRefused, match="tidak boleh sebelum tanggal pesan"):
        make_sample(supplier, expected_arrival=ORDERED - timedelta(days=1))
    order = make_mass(supplier)
    order = services.advance(order, to=Status.MAKING, on=order.ordered_on)
    order = services.advance(order, to=Status.SHIPPED, on=order.ordered_on + timedelta(days=10))
    with pytest.raises(SupplierOrderRefused, match="tidak mungkin tiba sebelum dikirim"):
        services.record_arrival(order, arrived_on=order.ordered_on + timedelta(days=9))
    with pytest.raises(SupplierOrderRefused, match="tidak boleh sebelum tanggal pesan"):
        services.move_expected_arrival(order, new_date=order.ordered_on - timedelta(days=1))
    with pytest.raises(SupplierOrderRefused):
        services.record_payment(order, kind="deposit", amount=1000, paid_on=order.ordered_on - timedelta(days=1))
    order.refresh_from_db()
    assert (order.status, order.arrived_on, SupplierPayment.objects.count()) == (Status.SHIPPED, None, 0)


def test_paying_more_than_is_owed_is_refused():
    order = make_mass(make_supplier(), quantity=100, unit_cost=10_000)
    services.record_payment(order, kind="deposit", amount=500_000, paid_on=order.ordered_on)
    with pytest.raises(SupplierOrderRefused, match="lebih dari sisa utang \\(Rp500.000\\)"):
        services.record_payment(order, kind="balance", amount=500_001, paid_on=order.ordered_on)
    order.refresh_from_db()
    assert order.owed == 500_000


def test_landed_cost_per_unit_counts_shipping_fees_and_only_the_units_that_passed():
    supplier = make_supplier()
    sample = approved_sample(supplier, quantity=2, unit_cost=75_000, shipping_cost=30_000)
    assert sample.landed_unit_cost == 90_000  # (150.000 + 30.000) / 2
    order = make_mass(supplier, sample, quantity=300, unit_cost=45_000, shipping_cost=1_200_000)
    order = services.advance(order, to=Status.MAKING, on=order.ordered_on)
    order = services.advance(order, to=Status.SHIPPED, on=order.ordered_on + timedelta(days=21))
    services.record_arrival(order, arrived_on=order.ordered_on + timedelta(days=25), rejected_quantity=10, fees=250_000)
    order.refresh_from_db()
    # (13.500.000 + 1.200.000 + 250.000) / 290 good tumblers = 51.551,7 → 51.552
    assert order.landed_unit_cost == 51_552
    assert order.sample_unit_cost == 90_000


def test_landed_cost_rounds_half_up_and_is_empty_when_nothing_passed():
    assert landed_unit_cost(total=3, good_units=2) == 2
    assert landed_unit_cost(total=1000, good_units=0) is None


class TestOwedIsTotalLessPayments(HypothesisTestCase):
    @hypothesis_settings(max_examples=30, deadline=None)
    @given(
        quantity=st.integers(1, 2000),
        unit_cost=st.integers(0, 200_000),
        shipping=st.integers(0, 5_000_000),
        payments=st.lists(st.integers(-1000, 300_000_000), max_size=6),
    )
    def test_for_every_sequence_of_payments(self, quantity, unit_cost, shipping, payments):
        supplier = make_supplier(moq=None)
        order = make_mass(supplier, quantity=quantity, unit_cost=unit_cost, shipping_cost=shipping, deposit_amount=0)
        accepted = 0
        for amount in payments:
            try:
                services.record_payment(order, kind="balance", amount=amount, paid_on=order.ordered_on)
            except SupplierOrderRefused:
                assert amount <= 0 or amount > quantity * unit_cost + shipping - accepted
            else:
                accepted += amount
            fresh = SupplierOrder.objects.with_paid().get(pk=order.pk)
            assert fresh.owed == quantity * unit_cost + shipping - accepted
            assert fresh.owed >= 0


def test_arrived_goods_of_a_ready_stock_product_go_onto_the_shelf():
    from stock.models import StockItem
    from stock.selectors import on_hand
    from tests.conftest import make_product

    tumbler = make_product("Tumbler Custom", unit="pcs", price=95_000)
    StockItem.objects.create(product=tumbler)
    supplier = make_supplier()
    order = make_mass(supplier, approved_sample(supplier, product=tumbler), quantity=120)
    order = services.advance(order, to=Status.MAKING, on=order.ordered_on)
    order = services.advance(order, to=Status.SHIPPED, on=order.ordered_on + timedelta(days=20))
    services.record_arrival(order, arrived_on=order.ordered_on + timedelta(days=22), rejected_quantity=4)
    assert on_hand([tumbler.pk])[tumbler.pk] == 116


def test_an_arrival_the_shelf_refuses_saves_nothing():
    from stock.models import StockItem
    from tests.conftest import make_product

    tumbler = make_product("Tumbler Custom", unit="pcs", price=95_000)
    StockItem.objects.create(product=tumbler)
    supplier = make_supplier()
    order = make_mass(supplier, approved_sample(supplier, product=tumbler), quantity=20_000)
    order = services.advance(order, to=Status.MAKING, on=order.ordered_on)
    order = services.advance(order, to=Status.SHIPPED, on=order.ordered_on + timedelta(days=20))
    with pytest.raises(SupplierOrderRefused):
        services.record_arrival(order, arrived_on=order.ordered_on + timedelta(days=22))
    order.refresh_from_db()
    assert (order.status, order.arrived_on) == (Status.SHIPPED, None)


def test_money_paid_to_suppliers_in_a_month_is_summed_for_the_evaluation():
    from datetime import date

    from suppliers.selectors import payments_between

    order = make_mass(make_supplier(), quantity=100, unit_cost=10_000)
    services.record_payment(order, kind="deposit", amount=300_000, paid_on=date(2026, 12, 6))
    services.record_payment(order, kind="balance", amount=700_000, paid_on=date(2027, 1, 2))
    assert payments_between(date(2026, 12, 1), date(2027, 1, 1)) == 300_000
