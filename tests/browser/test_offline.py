"""A helper's phone loses its signal: the installed app shows "Tidak ada sinyal", and keeps no page."""
import pytest
from playwright.sync_api import expect

from orders.roles import CUSTOMER_SERVICE
from orders.services import place_order
from tests.browser.conftest import log_in
from tests.conftest import make_customer, make_period, make_product, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Resolves once the worker is installed (its shell kept) and controls the page.
CONTROLLED = """async () => {
  await navigator.serviceWorker.ready;
  if (!navigator.serviceWorker.controller) {
    await new Promise((done) => navigator.serviceWorker.addEventListener("controllerchange", done, {once: true}));
  }
}"""
# Every URL the service worker's caches hold, and whether any kept answer names the customer.
CACHED = """async (name) => {
  const urls = [];
  let named = false;
  for (const key of await caches.keys()) {
    const cache = await caches.open(key);
    for (const request of await cache.keys()) {
      urls.push(new URL(request.url).pathname);
      const answer = await cache.match(request);
      if ((await answer.text()).includes(name)) named = true;
    }
  }
  return {urls, named};
}"""


def test_offline_the_app_says_no_signal_and_keeps_no_page_with_personal_data(live_server, phone):
    nastar = make_product("Kue Nastar")
    place_order(period=make_period(products=[nastar]), customer=make_customer("Ibu Ani", "0812-3456-7890"), lines={nastar: 2})
    make_user("cs", role=CUSTOMER_SERVICE)
    log_in(phone, live_server, "cs")  # lands on the home page, which registers the worker
    phone.evaluate(CONTROLLED)

    phone.goto(live_server.url + "/pesanan/")
    expect(phone.get_by_text("Ibu Ani").first).to_be_visible()

    phone.context.set_offline(True)
    phone.goto(live_server.url + "/pesanan/")
    expect(phone.get_by_role("heading", name="Tidak ada sinyal — coba lagi")).to_be_visible()
    expect(phone.get_by_role("link", name="Coba lagi")).to_be_visible()
    assert phone.evaluate("getComputedStyle(document.querySelector('.button.primary')).backgroundColor") == "rgb(164, 70, 28)"  # the kept stylesheet

    kept = phone.evaluate(CACHED, "Ibu Ani")
    assert "/luring/" in kept["urls"] and not kept["named"]
    assert not [url for url in kept["urls"] if not (url.startswith("/static/") or url == "/luring/")], kept["urls"]

    phone.context.set_offline(False)
    phone.get_by_role("link", name="Coba lagi").click()
    expect(phone.get_by_text("Ibu Ani").first).to_be_visible()
