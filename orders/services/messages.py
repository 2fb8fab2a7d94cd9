"""WhatsApp messages from the owner's templates, and wa.me links that open them.

Placeholders are `{name}` words from a fixed list; anything else in braces stays as typed, so a
template (or a customer's name) can never reach str.format or attribute lookups.
"""
import re
from urllib.parse import quote

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from customers.names import without_stacked_honorific
from customers.phone import wa_me_digits
from orders.models import MessageTemplate, ShopSettings, StatusChange
from orders.money import rupiah

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
PLACEHOLDERS = ("nama", "kode", "produk", "total", "sisa_bayar", "tanggal_kirim", "rekening", "toko", "kurir", "resi", "perubahan")
CUSTOMER_PLACEHOLDERS = ("nama", "toko", "periode", "link")

Kind = MessageTemplate.Kind
# Messages to a customer rather than about an order (the lists to contact); the thank-you fits both.
CUSTOMER_KINDS = (Kind.WIN_BACK, Kind.NEW_PO, Kind.THANK_YOU)


def default_texts():
    """The Indonesian wording a new shop starts with (msgids in English, filled per language)."""
    return {
        Kind.CONFIRMATION: _(
            "Hello {nama}, thank you for your order at {toko}!\n"
            "Order: {kode}\n{produk}\nTotal: {total}\n"
            "Delivery/pickup: {tanggal_kirim}\n\nPlease pay to:\n{rekening}"
        ),
        Kind.PAYMENT_REMINDER: _(
            "Hello {nama}, a friendly reminder from {toko}: order {kode} still has {sisa_bayar} to pay.\n"
            "Please pay to:\n{rekening}\nThank you!"
        ),
        Kind.DELAY_NOTICE: _(
            "Hello {nama}, we are sorry: order {kode} from {toko} moves to {tanggal_kirim}. "
            "Thank you for your patience."
        ),
        Kind.ORDER_CHANGED: _(
            "Hello {nama}, your order {kode} at {toko} has changed: {perubahan}\n"
            "Now:\n{produk}\nTotal: {total}\nStill to pay: {sisa_bayar}"
        ),
        Kind.READY_FOR_PICKUP: _("Hello {nama}, your order {kode} from {toko} is ready for pickup.\n{produk}"),
        Kind.THANK_YOU: _("Thank you {nama} for ordering at {toko}! We hope you enjoy it. See you at the next PO."),
        Kind.WIN_BACK: _(
            "Hello {nama}, it has been a while! {toko} misses you. {periode} is open now, order here: {link}"
        ),
        Kind.NEW_PO: _("Hello {nama}, {periode} from {toko} is open! See the menu and order here: {link}"),
        Kind.SENT: _("Hello {nama}, your order {kode} from {toko} is on its way with {kurir}.\nTracking number (resi): {resi}"),
        Kind.ANNOUNCEMENT: _(
            "{periode} from {toko} is open!\n\nMenu:\n{menu}\n\nOrder until {tutup}\n"
            "Delivery/pickup: {kirim}\nQuota: {kuota}\nOrder here: {link}"
        ),
    }


def message_texts():
    """{kind: text}: the owner's wording where it is saved, the default wording otherwise.

    Only reads: pages that show messages (and the template tag that fills them) never write.
    """
    texts = default_texts()
    texts.update(MessageTemplate.objects.values_list("kind", "text"))
    return texts


def ensure_templates():
    """Create any missing template with its default text; return {kind: MessageTemplate}.

    A write: only for the page where the owner edits the templates (it needs a row per form).
    """
    existing = {item.kind: item for item in MessageTemplate.objects.all()}
    for kind, text in default_texts().items():
        if kind not in existing:
            existing[kind], _created = MessageTemplate.objects.get_or_create(kind=kind, defaults={"text": text})
    return existing


def fill(text, values):
    """Replace each known {placeholder}; leave unknown ones (and everything else) as typed.

    A name that brings its own honorific ("Bu Hartini") replaces the text's "Kak" before {nama}.
    """
    if "nama" in values:
        text = without_stacked_honorific(text, values["nama"], "{nama}")

    def replace(match):
        key = match.group(1)
        return str(values[key]) if key in values else match.group(0)

    return PLACEHOLDER.sub(replace, text)


def latest_change_text(order):
    """The readable diff of the order's latest change of products ("Kue Nastar 2 → 3 box"), or ""."""
    change = order.changes.filter(kind=StatusChange.Kind.LINES).order_by("-at", "-pk").first()
    return change.note if change else ""


def order_values(order, shop=None, *, change=""):
    shop = shop or ShopSettings.load()
    lines = order.lines.all()  # callers listing many orders prefetch lines__product
    products = "\n".join(f"- {line.quantity} {line.product.unit} {line.product.name}" for line in lines)
    return {
        "nama": order.customer.name,
        "kode": order.code,
        "produk": products,
        "total": rupiah(order.total),
        "sisa_bayar": rupiah(order.balance_due),
        "tanggal_kirim": date_format(order.delivery_date, "j F Y"),
        "rekening": shop.payment_instructions,
        "toko": shop.name,
        "perubahan": change,
        "kurir": order.get_courier_display() if order.courier else "",
        "resi": order.tracking_number or "-",
    }


def customer_values(customer, *, shop, period=None, link=""):
    """The placeholders of a message to a customer: name, shop, and the PO to invite them to."""
    return {"nama": customer.name, "toko": shop.name, "periode": period.name if period else "", "link": link}


def render_message(kind, order, *, shop=None, texts=None):
    texts = texts or message_texts()
    return fill(texts[kind], order_values(order, shop))


def wa_link(e164, text):
    """https://wa.me/<digits>?text=<urlencoded>; without a number WhatsApp lets the user pick a chat."""
    digits = wa_me_digits(e164)
    return f"https://wa.me/{digits}?text={quote(text, safe='')}"


def kinds_for(order, *, changed=False):
    """The messages that make sense for this order now: none once it is cancelled, no payment
    reminder once nothing is owed, "order changed" only after its products changed."""
    if order.is_cancelled:
        return []
    kinds = [kind for kind in Kind.values if kind not in (Kind.WIN_BACK, Kind.NEW_PO, Kind.ANNOUNCEMENT)]
    if not order.can_take_payment:
        kinds.remove(Kind.PAYMENT_REMINDER)
    if not changed:
        kinds.remove(Kind.ORDER_CHANGED)
    if not order.courier:
        kinds.remove(Kind.SENT)
    return kinds


def customer_links(order, *, shop=None):
    """[(label, wa.me link)] for each message that fits the order, addressed to its customer."""
    change = "" if order.is_cancelled else latest_change_text(order)
    kinds = kinds_for(order, changed=bool(change))
    if not kinds:
        return []
    shop = shop or ShopSettings.load()
    texts = message_texts()
    values = order_values(order, shop, change=change)
    return [(Kind(kind).label, wa_link(order.customer.whatsapp, fill(texts[kind], values))) for kind in kinds]


def order_summary_for_shop(order):
    """The text a customer sends the shop from the confirmation page."""
    values = order_values(order)
    text = _(
        "Hello {toko}, I have ordered via the PO page.\nOrder: {kode}\nName: {nama}\n{produk}\nTotal: {total}\n"
        "Delivery/pickup: {tanggal_kirim}"
    )
    return fill(text, values)


def question_link(shop, period):
    """A wa.me link to the shop with a question about this PO started; "" when the shop has no number."""
    if not shop.whatsapp:
        return ""
    text = _("Hello %(shop)s, I have a question about %(period)s: ") % {"shop": shop.name, "period": period.name}
    return wa_link(shop.whatsapp, text)
