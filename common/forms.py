"""Forms that belong to no app: the login form."""
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's login form with its refusal in our own words (Django's Indonesian one says "nama pengguna" twice)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The username or password is wrong. Capital and small letters count."),
    }


class FocusFirstError:
    """Form mixin: a form that comes back with errors puts the keyboard on its first wrong field.

    Fields are taken in the form's order (order_fields() to match the page), so a person who
    pressed "Pesan" lands on what to fix and hears its error, instead of at the top of the page.
    """

    def full_clean(self):
        super().full_clean()
        for name in self.fields:
            if name in self._errors and not self.fields[name].widget.is_hidden:
                self.fields[name].widget.attrs["autofocus"] = True
                break
