"""The one-time link a helper gets by WhatsApp to set their password: Django's password-reset token.

The token is signed with SECRET_KEY, expires after PASSWORD_RESET_TIMEOUT, and stops working once
used, because it hashes the password (which the helper then sets) and the last login. A new link
makes the password unusable again, which voids every earlier link (and every open session).
"""
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "team.tokens.InvitationTokenGenerator"


invitation_tokens = InvitationTokenGenerator()


def invitation_path(user):
    """The path of a fresh link for `user` (the view turns it into an absolute URL)."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("team:set_password", kwargs={"uidb64": uidb64, "token": invitation_tokens.make_token(user)})
