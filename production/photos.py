"""Product photos: a phone's large photo in, a small thumbnail out (Pillow), or a clear refusal.

Only the thumbnail is kept: the public page needs nothing bigger, and a home business's server
has little disk. The checks come before the image is decoded, so a "decompression bomb" (a small
file that unpacks to billions of pixels) is refused without using the memory it asks for.
"""
import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError, features

MAX_UPLOAD_BYTES = 15 * 1024 * 1024  # a phone's photo is 2–8 MB
MAX_PIXELS = 60_000_000  # a 50-megapixel phone photo passes; bigger ones are refused before decoding
THUMBNAIL_SIDE = 480  # pixels, longest side: sharp at 240 CSS px on a 2× phone screen
MAX_THUMBNAIL_BYTES = 30 * 1024
FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "MPO")  # MPO: what some phones call their JPEGs
OUTPUT = ("WEBP", "webp") if features.check("webp") else ("JPEG", "jpg")
ENCODER_OPTIONS = {"WEBP": {"method": 4}, "JPEG": {"optimize": True, "progressive": True}}


def thumbnail(upload, *, side=THUMBNAIL_SIDE, max_bytes=MAX_THUMBNAIL_BYTES):
    """A small WebP (JPEG where Pillow lacks WebP) of the uploaded photo, at most `side` pixels and
    `max_bytes`, as a ContentFile with a fresh name; ValidationError with an Indonesian message for
    anything that is not a usable photo. Product photos use the defaults; a QC photo keeps more detail."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The photo is too large (%(size)s MB); the limit is %(max)s MB.")
            % {"size": round(upload.size / 1024 / 1024, 1), "max": MAX_UPLOAD_BYTES // 1024 // 1024}
        )
    upload.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(upload)
            if image.format not in FORMATS:
                raise UnidentifiedImageError(image.format)
            if image.width * image.height > MAX_PIXELS:
                raise Image.DecompressionBombError(image.width * image.height)
            image = ImageOps.exif_transpose(image)  # phones store portrait photos turned, with a note
            image.thumbnail((side, side), Image.Resampling.LANCZOS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(
                _("The photo has too many pixels. Send a smaller photo (at most %(megapixels)s megapixels).")
                % {"megapixels": MAX_PIXELS // 1_000_000}
            ) from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            raise ValidationError(_("This file is not a photo we can read. Upload a JPG, PNG or WebP photo.")) from None
    image = _flatten(image)
    data = _encode_small(image, max_bytes)
    return ContentFile(data, name=f"{uuid.uuid4().hex}.{OUTPUT[1]}")


def _flatten(image):
    """RGB on white: transparency (PNG, GIF) becomes the page's background."""
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def _encode_small(image, max_bytes):
    """Encode at the best quality that fits max_bytes, shrinking the image if none does."""
    while True:
        for quality in (80, 70, 60, 50, 40):
            buffer = io.BytesIO()
            image.save(buffer, OUTPUT[0], quality=quality, **ENCODER_OPTIONS[OUTPUT[0]])
            if buffer.tell() <= max_bytes:
                return buffer.getvalue()
        image = image.resize((max(1, image.width * 3 // 4), max(1, image.height * 3 // 4)), Image.Resampling.LANCZOS)
