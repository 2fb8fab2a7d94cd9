"""The PO announcement: a share text from the owner's template and a poster PNG with a QR code.

The poster is drawn with Pillow: shop name, the period, its closing and delivery dates, the menu
with prices (and unit caps), and a QR code of the public link (segno). Every word is drawn as
plain text, so a product named <b>…</b> shows its brackets, never markup. A menu too long for one
poster at the smallest readable size is split over several pages (page 1 of 2, …).
"""
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import segno
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from orders.models import ShopSettings
from orders.money import rupiah

SIZES = {"feed": (1080, 1350), "status": (1080, 1920)}  # Instagram feed 4:5, WhatsApp status 9:16
FONT_FOLDERS = [Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/truetype/dejavu")]
FONT_FILES = {"regular": ["NotoSans-Regular.ttf", "DejaVuSans.ttf"], "bold": ["NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf"]}
MENU_SIZES = (44, 38, 32)  # the menu's font sizes tried, largest first; below the last it splits into pages
NAME_LIMIT = 48  # characters of a product name on the poster
BACKGROUND, INK, ACCENT, MUTED = "#fff8f0", "#1f2328", "#a4461c", "#5b636b"


@lru_cache(maxsize=32)
def _font(weight, size):
    """Noto Sans (Indonesian glyphs) from Debian, else DejaVu Sans, else Pillow's own scalable font."""
    for folder in FONT_FOLDERS:
        for name in FONT_FILES[weight]:
            if (folder / name).exists():
                return ImageFont.truetype(str(folder / name), size)
    return ImageFont.load_default(size)


def menu_lines(period):
    """[(product line, price line)] of the period's products, in name order."""
    lines = []
    for offer in period.offers.select_related("product").order_by("product__name", "pk"):
        product = offer.product
        name = product.name if len(product.name) <= NAME_LIMIT else product.name[: NAME_LIMIT - 1] + "…"
        price = _("%(price)s / %(unit)s") % {"price": rupiah(product.price), "unit": product.unit}
        if offer.unit_cap:
            price += " · " + _("only %(cap)s") % {"cap": offer.unit_cap}
        lines.append((name, price))
    return lines


def share_values(period, link, shop=None):
    """The placeholders of the announcement text."""
    shop = shop or ShopSettings.load()
    menu = "\n".join(f"- {name}: {price}" for name, price in menu_lines(period))
    return {
        "toko": shop.name,
        "periode": period.name,
        "menu": menu,
        "tutup": date_format(period.closes_at, "j F Y, H.i"),
        "kirim": date_format(period.delivery_date, "j F Y"),
        "kuota": str(period.max_orders) if period.max_orders else _("limited"),
        "link": link,
    }


@dataclass
class Layout:
    rows_per_page: int
    menu_size: int
    pages: int


def _layout(period, size):
    """How the menu fits: the largest font that holds every row on one page, else pages at the smallest."""
    width, height = size
    rows = len(menu_lines(period))
    menu_top, menu_bottom = 430, height - 420  # header above, QR code and link below
    for font_size in MENU_SIZES:
        fits = (menu_bottom - menu_top) // int(font_size * 2.6)
        if rows <= fits:
            return Layout(rows_per_page=max(fits, 1), menu_size=font_size, pages=1)
    fits = max((menu_bottom - menu_top) // int(MENU_SIZES[-1] * 2.6), 1)
    return Layout(rows_per_page=fits, menu_size=MENU_SIZES[-1], pages=max(-(-rows // fits), 1))


def poster_pages(period, format_name="feed"):
    """How many pages the poster has in this format."""
    return _layout(period, SIZES[format_name]).pages


def poster_png(period, link, *, format_name="feed", page=1, shop=None):
    """The poster (one page of it) as PNG bytes."""
    size = SIZES[format_name]
    width, height = size
    layout = _layout(period, size)
    page = min(max(page, 1), layout.pages)
    shop = shop or ShopSettings.load()
    image = Image.new("RGB", size, BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, width, 300], fill=ACCENT)
    _centered(draw, shop.name, 60, _fit(draw, shop.name, "bold", 80, width - 120), width, "#ffffff")
    _centered(draw, period.name, 170, _fit(draw, period.name, "bold", 56, width - 120), width, "#ffffff")
    closes = _("Order until %(date)s") % {"date": date_format(period.closes_at, "j F Y, H.i")}
    delivery = _("Delivery/pickup: %(date)s") % {"date": date_format(period.delivery_date, "j F Y")}
    _centered(draw, closes, 320, _font("bold", 40), width, INK)
    _centered(draw, delivery, 372, _font("regular", 38), width, INK)
    rows = menu_lines(period)[(page - 1) * layout.rows_per_page : page * layout.rows_per_page]
    name_font, price_font = _font("bold", layout.menu_size), _font("regular", int(layout.menu_size * 0.85))
    y = 440
    for name, price in rows:
        draw.text((80, y), _clip(draw, name, name_font, width - 160), font=name_font, fill=INK)
        draw.text((80, y + layout.menu_size * 1.2), price, font=price_font, fill=ACCENT)
        y += int(layout.menu_size * 2.6)
    if layout.pages > 1:
        _centered(draw, _("Page %(number)s of %(total)s") % {"number": page, "total": layout.pages}, height - 440,
                  _font("regular", 30), width, MUTED)
    qr = segno.make(link, error="m")
    scale = max(300 // (qr.symbol_size(border=2)[0]), 4)
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=scale, border=2)
    code = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    image.paste(code, ((width - code.width) // 2, height - 400))
    _centered(draw, link, height - 70, _fit(draw, link, "regular", 32, width - 80), width, INK)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _fit(draw, text, weight, size, room):
    """The largest font up to `size` (down to 20) in which `text` fits `room` pixels."""
    while size > 20 and draw.textlength(text, font=_font(weight, size)) > room:
        size -= 4
    return _font(weight, size)


def _clip(draw, text, font, room):
    while text and draw.textlength(text, font=font) > room:
        text = text[:-2] + "…"
    return text


def _centered(draw, text, y, font, width, fill):
    draw.text(((width - draw.textlength(text, font=font)) / 2, y), text, font=font, fill=fill)
