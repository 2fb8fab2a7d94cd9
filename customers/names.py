"""How Indonesians address each other by name: "Bu Hartini", "Kak Nadia", "Pak Budi"."""
import re

# Words of address that come before a name (case does not matter; a dot may follow: "Bu.", "Ibu.").
HONORIFICS = (
    "bu", "ibu", "bunda", "pak", "bapak", "mbak", "mba", "mas", "kak", "kakak", "dik", "adik", "om", "tante",
    "cik", "ko", "koh", "ci", "cici", "bang", "abang", "teh", "teteh", "aa", "akang", "kang", "uni", "uda",
    "neng", "nyonya", "tuan", "sdr", "sdri", "hj", "haji", "hajah",
)
_WORD = "|".join(sorted(HONORIFICS, key=len, reverse=True))
# A text's own honorific just before a placeholder for a name: "Halo Kak {nama}".
HONORIFIC_BEFORE = rf"\b(?:{_WORD})\.?[ \t]+"
_STARTS_WITH_HONORIFIC = re.compile(rf"(?:{_WORD})(?:\.\s*\S|\s+\S)", re.IGNORECASE)


def has_honorific(name):
    """True when the name already starts with a word of address ("Bu Hartini", "ibu. ani", "KAK Nadia")."""
    return bool(_STARTS_WITH_HONORIFIC.match((name or "").strip()))


def without_stacked_honorific(text, name, placeholder):
    """The text with its own "Kak"/"Bu" before `placeholder` removed when `name` brings one, so that
    "Halo Kak {nama}" and "Bu Hartini" read "Halo Bu Hartini", never "Halo Kak Bu Hartini"."""
    if not has_honorific(name):
        return text
    return re.sub(HONORIFIC_BEFORE + re.escape(placeholder), lambda _match: placeholder, text, flags=re.IGNORECASE)
