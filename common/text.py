"""Text as people type it, made safe to show: no invisible characters that reorder what follows."""

# Unicode's bidirectional controls (embeddings, overrides, isolates, marks). A name holding U+202E
# shows everything after it reversed, in the order table, in WhatsApp messages and in the sheet:
# "Ani\u202egnp.exe" looks like another name. Indonesian names never need them.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def strip_bidi_controls(text):
    """`text` without the invisible characters that change the direction of what follows."""
    return (text or "").translate(BIDI_CONTROLS)
