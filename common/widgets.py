"""Widgets shared by every app's forms."""
from django import forms

ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    """A browser date picker. `<input type=date>` takes only ISO dates (2027-03-06), whatever the
    language: Django's default format for Indonesian (06-03-2027) would leave it empty."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO_DATE)
