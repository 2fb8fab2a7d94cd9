"""What a screen reader needs from a page's HTML, checked without a browser.

`problems(html)` lists, in words, every id used twice, every form control without an accessible
name (a label for it, a label around it, aria-label or aria-labelledby), every button with no name,
and every for / aria-describedby / aria-labelledby that points at an id the page does not have.
"""
from html.parser import HTMLParser

UNNAMED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}
REFERENCES = ("for", "aria-describedby", "aria-labelledby", "aria-controls")


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = []
        self.label_for = set()
        self.controls = []  # (description, attrs, inside a label)
        self.references = []  # (attribute, id, description)
        self.buttons = []  # [description, attrs, text so far]
        self.open_labels = 0
        self.open_button = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        described = f"<{tag} {' '.join(f'{k}={v!r}' for k, v in attrs.items())}>"
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        for attribute in REFERENCES:
            for target in attrs.get(attribute, "").split():
                self.references.append((attribute, target, described))
        if tag == "label":
            self.open_labels += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        elif tag in ("select", "textarea") or (tag == "input" and attrs.get("type", "text") not in UNNAMED_INPUT_TYPES):
            self.controls.append((described, attrs, self.open_labels > 0))
        elif tag == "button":
            self.open_button = [described, attrs, ""]
            self.buttons.append(self.open_button)
        elif tag == "img" and self.open_button is not None:
            self.open_button[2] += attrs.get("alt", "")

    def handle_endtag(self, tag):
        if tag == "label":
            self.open_labels = max(0, self.open_labels - 1)
        elif tag == "button":
            self.open_button = None

    def handle_data(self, data):
        if self.open_button is not None:
            self.open_button[2] += data


def _has_own_name(attrs):
    return bool(attrs.get("aria-label", "").strip() or attrs.get("aria-labelledby", "").strip() or attrs.get("title", "").strip())


def problems(html):
    page = _Page()
    page.feed(html)
    found = []
    seen = set()
    for one in page.ids:
        if one in seen:
            found.append(f"id {one!r} is used more than once")
        seen.add(one)
    for described, attrs, inside_label in page.controls:
        if attrs.get("aria-hidden") == "true" and attrs.get("tabindex") == "-1":
            continue  # out of reach on purpose (the honeypot)
        if not (inside_label or attrs.get("id") in page.label_for or _has_own_name(attrs)):
            found.append(f"{described} has no label")
    for described, attrs, text in page.buttons:
        if attrs.get("aria-hidden") == "true" and attrs.get("tabindex") == "-1":
            continue
        if not (text.strip() or _has_own_name(attrs)):
            found.append(f"{described} has no name")
    for attribute, target, described in page.references:
        if target not in seen:
            found.append(f"{attribute}={target!r} of {described} points at no element")
    return found
