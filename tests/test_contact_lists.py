"""The lists to contact: who to win back, who went quiet, who to thank; WhatsApp buttons and contact exports."""
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.utils import timezone

from orders.roles import CUSTOMER_SERVICE, OWNER, PRODUCTION
from orders.services.messages import kinds_for
from tests.conftest import make_customer, make_period, make_product, make_user
from tests.growth_rows import at, order, period_between

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    nastar = make_product("Kue Nastar", price=25_000)
    lebaran = period_between("PO Lebaran 2025", at(2025, 2, 1), at(2025, 3, 20))
    natal = period_between("PO Natal 2025", at(2025, 11, 1), at(2025, 12, 15))
    now_open = make_period("PO Lebaran 2026", slug="lebaran-2026", products=[nastar])
    came_back = make_customer("Bu Rina", "0812-5555-0001")
    missed = make_customer("Pak Joko", "0812-5555-0002")
    cancelled_later = make_customer("Kak Sinta", "0812-5555-0003")
    opted_out = make_customer("Bu Wati", "0812-5555-0004", do_not_contact=True)
    no_number = make_customer("Mbak Tari", "")
    hostile = make_customer("=HYPERLINK(\"http://x\";\"klik\")", "0812-5555-0006")
    for customer in (came_back, missed, cancelled_later, opted_out, no_number, hostile):
        order(customer, lebaran, at(2025, 3, 1), {nastar: 1})
    order(came_back, natal, at(2025, 11, 20), {nastar: 2})
    order(cancelled_later, natal, at(2025, 11, 21), {nastar: 2}, cancelled=True)
    return {"lebaran": lebaran, "open": now_open, "missed": missed, "came_back": came_back}


@pytest.fixture
def cs(client):
    client.force_login(make_user("cs", role=CUSTOMER_SERVICE))
    return client


def test_the_win_back_list_has_who_ordered_last_lebaran_and_not_since(cs, shop):
    page = cs.get("/laporan/hubungi/", {"list": "missed", "period": "po-lebaran-2025"}).content.decode()
    assert "Pak Joko" in page and "Kak Sinta" in page  # a cancelled order is no return
    assert "Bu Rina" not in page  # ordered in PO Natal 2025
    assert "Bu Wati" not in page  # marked "jangan dihubungi"
    assert "Mbak Tari" in page and "Tidak ada nomor" in page


def test_the_last_lebaran_po_is_chosen_when_none_is_given(cs, shop):
    page = cs.get("/laporan/hubungi/").content.decode()
    assert "Pesan di PO Lebaran 2025 dan belum pesan di PO mana pun sesudahnya." in page


def test_each_whatsapp_button_opens_the_win_back_text_with_the_open_po_link(cs, shop):
    page = cs.get("/laporan/hubungi/", {"list": "missed"}).content.decode()
    link = next(part for part in page.split('href="')[1:] if part.startswith("https://wa.me/6281255550002"))
    text = unquote(link.split('"')[0].split("text=")[1])
    assert "Pak Joko" in text and "PO Lebaran 2026" in text and "http://testserver/lebaran-2026/" in text


def test_the_quiet_list_takes_a_number_of_days_and_the_loyal_list_a_number_of_orders(cs, shop):
    page = cs.get("/laporan/hubungi/", {"list": "inactive", "days": "60"}).content.decode()
    assert "Pak Joko" in page and "Bu Rina" in page and "Bu Wati" not in page
    page = cs.get("/laporan/hubungi/", {"list": "loyal", "orders": "2"}).content.decode()
    assert "Bu Rina" in page and "Pak Joko" not in page
    assert "Terima kasih" in page  # the thank-you message is the loyal list's usual one


def test_a_setting_that_does_not_fit_falls_back_to_the_usual_one(cs, shop):
    response = cs.get("/laporan/hubungi/", {"list": "inactive", "days": "-5", "period": "no-such-po"})
    assert response.status_code == 200 and "Pak Joko" in response.content.decode()


def test_the_csv_export_keeps_names_as_text_and_leaves_out_who_may_not_be_contacted(cs, shop):
    response = cs.get("/laporan/hubungi/kontak.csv", {"list": "missed"})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"].endswith('kontak-pelanggan.csv"')
    assert text.splitlines()[0] == "Nama,WhatsApp,Pesanan,Pesanan terakhir,Total belanja (Rp)"
    assert "Pak Joko,0812-5555-0002,1,1 Maret 2025,25000" in text
    assert "'=HYPERLINK" in text
    assert "Bu Wati" not in text and "Mbak Tari" not in text and "Bu Rina" not in text


def test_the_vcard_export_has_one_card_per_number(cs, shop):
    text = cs.get("/laporan/hubungi/kontak.vcf", {"list": "missed"}).content.decode()
    assert text.count("BEGIN:VCARD") == 3  # Pak Joko, Kak Sinta and the odd name; no Mbak Tari (no number)
    assert "FN:Pak Joko\r\nN:Pak Joko;;;;\r\nTEL;TYPE=CELL:+6281255550002" in text
    assert 'FN:=HYPERLINK("http://x"\\;"klik")' in text


def test_the_kitchen_may_not_see_the_lists(client, shop):
    client.force_login(make_user("kitchen", role=PRODUCTION))
    assert client.get("/laporan/hubungi/").status_code == 403
    assert client.get("/laporan/hubungi/kontak.csv").status_code == 403


def test_an_order_page_offers_no_win_back_message(shop):
    from orders.models import Order

    assert [kind for kind in kinds_for(Order.objects.first()) if kind in ("win_back", "new_po")] == []


def test_the_owner_edits_the_win_back_text(client, shop):
    client.force_login(make_user("owner", role=OWNER))
    client.get("/pesanan/template-pesan/")
    client.post("/pesanan/template-pesan/", {"kind": "win_back", "win_back-text": "Halo {nama}, kangen! {link}"})
    page = client.get("/laporan/hubungi/", {"list": "missed"}).content.decode()
    assert "Halo%20Pak%20Joko%2C%20kangen%21%20http%3A%2F%2Ftestserver%2Flebaran-2026%2F" in page


def test_the_list_query_count_does_not_grow_with_customers(cs, shop, django_assert_max_num_queries):
    for number in range(20):
        customer = make_customer(f"Pelanggan {number}", f"0813-7777-{number:04d}")
        order(customer, shop["lebaran"], at(2025, 3, 2), {make_product(f"Kue {number}"): 1})
    with django_assert_max_num_queries(15):
        cs.get("/laporan/hubungi/", {"list": "missed"})
