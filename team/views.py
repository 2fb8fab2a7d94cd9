"""The team's pages: Tim (the owner's staff page), the invitation link, Tugas saya, Aktivitas, and
the new-order signal. Rules are in team.services (writes) and team.selectors (reads)."""
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from customers.phone import wa_me_digits
from orders.models import Channel, Order
from orders.roles import Can, allowed, check, role_name
from orders.services import OrderRefused
from team import selectors, services
from team.forms import ActivityFilterForm, HelperSetPasswordForm, InviteForm, RoleForm
from team.models import StaffEvent, StaffProfile
from team.tokens import invitation_path, invitation_tokens

User = get_user_model()


def _staff():
    return User.objects.select_related("staff_profile").prefetch_related("groups").order_by("-is_active", "username")


def _invitation(request, user, *, first):
    """The page that shows a fresh link once, with a WhatsApp button that sends it to the helper."""
    link = request.build_absolute_uri(invitation_path(user))
    profile = getattr(user, "staff_profile", None)
    text = (
        _("Hello %(name)s, here is your account at %(shop)s. Username: %(username)s. Set your password here (one use): %(link)s")
        if first else
        _("Hello %(name)s, set a new password for %(shop)s here (one use). Username: %(username)s. %(link)s")
    ) % {"name": user.first_name or user.get_username(), "shop": request.META.get("HTTP_HOST", ""), "username": user.get_username(), "link": link}
    digits = wa_me_digits(profile.whatsapp) if profile else ""
    context = {"member": user, "link": link, "wa_link": f"https://wa.me/{digits}?text={quote(text, safe='')}", "first": first}
    return render(request, "team/invitation.html", context)


@allowed("manage_staff")
def staff_list(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invite_helper(**form.cleaned_data, by=request.user)
        except services.TeamRefused as refused:
            form.add_error(None, refused.message)
        else:
            return _invitation(request, user, first=True)
    rows = [{"user": user, "role": role_name(user)} for user in _staff()]
    return render(request, "team/staff_list.html", {"rows": rows, "form": form}, status=422 if form.errors else 200)


def _change_role(request, member):
    form = RoleForm(request.POST)
    if not form.is_valid():
        raise services.TeamRefused(_("Choose a role from the list."))
    services.change_role(member, role=form.cleaned_data["role"], by=request.user)
    return _("%(name)s is now %(role)s.") % {"name": member.get_username(), "role": form.cleaned_data["role"]}


def _deactivate(request, member):
    services.set_active(member, active=False, by=request.user)
    return _("%(name)s can no longer log in. Their history stays.") % {"name": member.get_username()}


def _reactivate(request, member):
    services.set_active(member, active=True, by=request.user)
    return _("%(name)s is active again: send them a new link to set a password.") % {"name": member.get_username()}


def _log_out_everywhere(request, member):
    keep = request.session.session_key if member == request.user else None
    ended = services.log_out_everywhere(member, by=request.user, keep_session_key=keep)
    return _("%(count)s session(s) of %(name)s ended.") % {"count": ended, "name": member.get_username()}


MEMBER_ACTIONS = {
    "role": _change_role,
    "deactivate": _deactivate,
    "reactivate": _reactivate,
    "logout": _log_out_everywhere,
}


@allowed("manage_staff")
def staff_detail(request, pk):
    member = get_object_or_404(_staff(), pk=pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "new_link":
                services.new_password_link(member, by=request.user)
                return _invitation(request, member, first=False)
            if action not in MEMBER_ACTIONS:
                raise services.TeamRefused(_("Unknown action."))
            messages.success(request, MEMBER_ACTIONS[action](request, member))
        except services.TeamRefused as refused:
            messages.error(request, refused.message)
        return redirect("team:staff_detail", pk=member.pk)
    context = {
        "member": member,
        "role": role_name(member),
        "role_form": RoleForm(initial={"role": role_name(member)}),
        "events": member_events(member),
    }
    return render(request, "team/staff_detail.html", context)


def member_events(member):
    return StaffEvent.objects.filter(subject=member).select_related("by")[:20]


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The invitation (or new) link: Django's reset-confirm view with the team's token and validators."""

    template_name = "team/set_password.html"
    form_class = HelperSetPasswordForm
    token_generator = invitation_tokens
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("team:tasks")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_set(form.user)
        messages.success(self.request, _("Your password is set. Welcome!"))
        return response


set_password = login_not_required(SetPasswordView.as_view())


@require_safe
def tasks(request):
    """Tugas saya: what waits for the signed-in helper's role (the owner sees every role's)."""
    role = role_name(request.user)
    _mark_seen(request.user)
    context = {"sections": selectors.queues_for(role), "role": role, "today": timezone.localdate()}
    return render(request, "team/tasks.html", context)


@require_POST
@allowed("take_order")
def confirm_order(request, code):
    order = get_object_or_404(Order, code=code)
    try:
        services.confirm_order(order, by=request.user)
    except (services.TeamRefused, OrderRefused) as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("%(code)s is confirmed: it waits for payment now.") % {"code": order.code})
    return redirect("team:tasks")


def _mark_seen(user):
    StaffProfile.objects.update_or_create(user=user, defaults={"orders_seen_at": timezone.now()})


@require_safe
def new_orders(request):
    """The new-order signal: a count of public orders since the user last looked (htmx polls it)."""
    if not request.htmx:
        return redirect("team:tasks")  # the count is a piece of every staff page, not a page of its own
    count = selectors.new_public_orders(request.user) if Can(request.user)["view_orders"] else 0
    return render(request, "team/_new_orders.html", {"new_orders": count})


@require_POST
def seen_new_orders(request):
    """Open the public orders and reset the count."""
    check(request, "view_orders")
    _mark_seen(request.user)
    return redirect(reverse("orders:order_list") + f"?channel={Channel.ONLINE_FORM}")


@require_safe
@allowed("view_activity")
def activity(request):
    people = User.objects.order_by("username")
    form = ActivityFilterForm(request.GET or None, people=people, kinds=selectors.FEED_KINDS)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.activity(
        person=filters.get("person"), kind=filters.get("kind", ""), start=filters.get("start"), end=filters.get("end")
    )
    counts = selectors.helper_counts(start=filters.get("start"), end=filters.get("end"))
    return render(request, "team/activity.html", {"form": form, "entries": entries, "counts": counts, "limit": selectors.FEED_LIMIT})
