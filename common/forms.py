"""Forms that belong to no app: the login form."""
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's login form with its refusal in our own words (Django's Indonesian one says "nama pengguna" twice)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The username or password is wrong. Capital and small letters count."),
    }
