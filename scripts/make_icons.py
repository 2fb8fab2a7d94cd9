"""Draw the app's icons with Pillow: the white "P" of static/img/icon.svg on the brand colour.

    .venv/bin/python scripts/make_icons.py

Writes static/img/icon-192.png and icon-512.png (rounded square, for "any" use),
icon-maskable-512.png (full bleed, the letter inside the central safe circle the launcher may cut
to) and favicon.ico (16, 32, 48 px), and templates/_icon.html: the <link rel="icon"> every page
carries, with static/img/icon.svg written into it as a data: address (one request less per page).
Run again after changing the drawing or icon.svg; the files are committed.
"""
from pathlib import Path
from urllib.parse import quote

from PIL import Image, ImageDraw

BRAND = (0xA4, 0x46, 0x1C, 255)
WHITE = (255, 255, 255, 255)
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "static" / "img"
SUPERSAMPLE = 4


def draw_letter(draw, scale, offset):
    """The "P" of icon.svg (a 32-unit grid): stem x 10-14, y 7-25; bowl to x 23 around (17, 13)."""

    def box(x0, y0, x1, y1):
        return [offset + x0 * scale, offset + y0 * scale, offset + x1 * scale, offset + y1 * scale]

    draw.rectangle(box(10, 7, 14, 25), fill=WHITE)
    draw.rectangle(box(10, 7, 17, 19), fill=WHITE)
    draw.ellipse(box(11, 7, 23, 19), fill=WHITE)
    draw.rectangle(box(14, 11, 17, 15), fill=BRAND)
    draw.ellipse(box(15, 11, 19, 15), fill=BRAND)


def icon(size, *, maskable):
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        # Full bleed; the letter shrunk into the central 80 % a launcher keeps whatever shape it cuts.
        draw.rectangle([0, 0, big, big], fill=BRAND)
        scale = big * 0.7 / 32
        draw_letter(draw, scale, (big - 32 * scale) / 2)
    else:
        draw.rounded_rectangle([0, 0, big - 1, big - 1], radius=big * 6 // 32, fill=BRAND)
        draw_letter(draw, big / 32, 0)
    return image.resize((size, size), Image.LANCZOS)


def main():
    icon(192, maskable=False).save(OUT / "icon-192.png", optimize=True)
    icon(512, maskable=False).save(OUT / "icon-512.png", optimize=True)
    icon(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)
    icon(48, maskable=False).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    svg = (OUT / "icon.svg").read_text().strip()
    (ROOT / "templates" / "_icon.html").write_text(
        "{# Written by scripts/make_icons.py from static/img/icon.svg: the page icon without a request of its own. #}\n"
        f'<link rel="icon" href="data:image/svg+xml,{quote(svg, safe=" =:/")}" type="image/svg+xml">\n'
    )
    for name in ("icon-192.png", "icon-512.png", "icon-maskable-512.png", "favicon.ico"):
        print(f"{OUT / name}: {(OUT / name).stat().st_size} bytes")


if __name__ == "__main__":
    main()
