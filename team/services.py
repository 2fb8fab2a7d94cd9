"""The team's writes: invite a helper, change a role, deactivate, a new link, log out everywhere,
and CS's "confirmed with the customer". Each refuses with TeamRefused(message) and logs a StaffEvent."""
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from orders.roles import OWNER, ROLES, require, role_name
from team.models import OrderConfirmation, StaffEvent, StaffProfile

User = get_user_model()
Kind = StaffEvent.Kind


class TeamRefused(Exception):
    """A team change the rules refuse; `message` is shown to the owner."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def owners():
    """Active accounts that hold the owner's role: superusers and members of the owner's group."""
    return User.objects.filter(is_active=True).filter(Q(is_superuser=True) | Q(groups__name=OWNER)).distinct()


def _refuse_if_last_owner(user, message):
    if role_name(user) == OWNER and not owners().exclude(pk=user.pk).exists():
        raise TeamRefused(message)


def _username_for(name):
    """A short login name from the helper's name: 'Mbak Sari Dewi' → 'sari', then 'sari2' if taken."""
    words = [w for w in re.split(r"\s+", slugify(name).replace("-", " ")) if w]
    honorifics = {"mbak", "mas", "bu", "ibu", "pak", "bapak", "kak", "dik", "teh", "a"}
    base = next((w for w in words if w not in honorifics), words[0] if words else "staf")[:20] or "staf"
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}{number}"
    return candidate


def _set_role(user, role):
    if role not in ROLES:
        raise TeamRefused(_("Choose a role from the list."))
    user.groups.set([Group.objects.get(name=role)])
    if role != OWNER and (user.is_superuser or user.is_staff):
        # The owner's role is the only one with the admin; a demoted owner leaves it.
        user.is_superuser = user.is_staff = False
        user.save(update_fields=["is_superuser", "is_staff"])


@transaction.atomic
def invite_helper(*, name, whatsapp, role, by):
    """Create the helper's account without a password; they set one through the invitation link."""
    require(by, "manage_staff")
    name = (name or "").strip()
    if not name:
        raise TeamRefused(_("Please write the helper's name."))
    if whatsapp and StaffProfile.objects.filter(whatsapp=whatsapp, user__is_active=True).exists():
        raise TeamRefused(_("Another helper already has this WhatsApp number."))
    user = User(username=_username_for(name), first_name=name[:150])
    user.set_unusable_password()
    user.save()
    _set_role(user, role)
    StaffProfile.objects.create(user=user, whatsapp=whatsapp, orders_seen_at=timezone.now())
    StaffEvent.objects.create(kind=Kind.INVITED, subject=user, by=by, note=role)
    return user


@transaction.atomic
def change_role(user, *, role, by):
    """Give the helper another role; the last owner cannot give theirs away."""
    require(by, "manage_staff")
    before = role_name(user)
    if role == before:
        raise TeamRefused(_("%(name)s already has the role %(role)s.") % {"name": user.get_username(), "role": role})
    if role != OWNER:
        _refuse_if_last_owner(user, _("%(name)s is the only owner: make someone else owner first.") % {"name": user.get_username()})
    _set_role(user, role)
    StaffEvent.objects.create(kind=Kind.ROLE_CHANGED, subject=user, by=by, note=f"{before} → {role}")
    return user


@transaction.atomic
def set_active(user, *, active, by):
    """Deactivate (they can no longer log in; their history stays) or reactivate a helper."""
    require(by, "manage_staff")
    if user.is_active == active:
        raise TeamRefused(_("Nothing to change."))
    if not active:
        _refuse_if_last_owner(user, _("%(name)s is the only owner and cannot be deactivated.") % {"name": user.get_username()})
        user.set_unusable_password()  # voids open links and every open session too
    user.is_active = active
    user.save(update_fields=["is_active", "password"])
    StaffEvent.objects.create(kind=Kind.REACTIVATED if active else Kind.DEACTIVATED, subject=user, by=by)
    return user


@transaction.atomic
def new_password_link(user, *, by):
    """Void the helper's password (and with it their sessions and older links) for a fresh link."""
    require(by, "manage_staff")
    if not user.is_active:
        raise TeamRefused(_("%(name)s is deactivated: reactivate them first.") % {"name": user.get_username()})
    if user == by:
        raise TeamRefused(_("Change your own password from your own account."))
    user.set_unusable_password()
    user.save(update_fields=["password"])
    StaffEvent.objects.create(kind=Kind.NEW_LINK, subject=user, by=by)
    return user


def password_set(user):
    """The helper has set their password through a link (the link is used up by it)."""
    StaffEvent.objects.create(kind=Kind.PASSWORD_SET, subject=user, by=user)


def log_out_everywhere(user, *, by, keep_session_key=None):
    """End every session of `user` (on every phone and laptop), but the one given."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key == keep_session_key:
            continue
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    StaffEvent.objects.create(kind=Kind.LOGGED_OUT, subject=user, by=by, note=str(ended))
    return ended


def confirm_order(order, *, by):
    """CS has confirmed the order with the customer (once)."""
    require(by, "take_order")
    if order.is_cancelled:
        raise TeamRefused(_("Order %(code)s is cancelled.") % {"code": order.code})
    confirmation, created = OrderConfirmation.objects.get_or_create(order=order, defaults={"by": by})
    if not created:
        raise TeamRefused(_("Order %(code)s is already confirmed.") % {"code": order.code})
    return confirmation
