"""WhatsApp numbers: typed any usual Indonesian way, stored as E.164 (+6281234567890)."""
import functools

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_REGION = "ID"
MAX_INPUT_LENGTH = 30


def normalize_whatsapp(raw):
    """Return the number as E.164, or '' for an empty input; raise ValidationError if it is not one."""
    text = (raw or "").strip()
    if not text:
        return ""
    if len(text) > MAX_INPUT_LENGTH:
        raise ValidationError(_("That WhatsApp number is too long."), code="phone_too_long")
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("“%(number)s” is not a valid WhatsApp number. Write it like 0812-3456-7890."),
            params={"number": text},
            code="phone_invalid",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def clean_whatsapp_field(instance):
    """A model's clean(): store its `whatsapp` as E.164, or name the field in the refusal."""
    try:
        instance.whatsapp = normalize_whatsapp(instance.whatsapp)
    except ValidationError as error:
        raise ValidationError({"whatsapp": error.messages}) from None


@functools.lru_cache(maxsize=4096)  # a stored number always reads the same; the order table shows 50 a page
def display_whatsapp(e164):
    """Show a stored number the way Indonesians read it: 0812-3456-7890 for +62 numbers."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 62:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def wa_me_digits(e164):
    """The digits wa.me wants: +6281234567890 → 6281234567890."""
    return (e164 or "").lstrip("+")
