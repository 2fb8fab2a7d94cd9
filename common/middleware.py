"""What every request goes through: the Content-Security-Policy header, and refusing NUL characters."""
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _


class ContentSecurityPolicyMiddleware:
    """Send settings.CONTENT_SECURITY_POLICY with every response that has none of its own.

    The policy allows scripts only from our own static files, so a name typed as <script> that
    ever slipped past escaping would still not run; templates therefore hold no inline script.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.CONTENT_SECURITY_POLICY:
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class RefuseNulCharactersMiddleware:
    """Answer 400 with a message when the address or a form holds a NUL character.

    No one types NUL; PostgreSQL cannot store or compare text holding it, so a value like
    `?period=a%00b` would reach the database as an error (a 500) from any lookup. Refused here,
    once, before any view reads it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # In process_view, after the size limit's own (orders.middleware.SmallFormMiddleware): an
        # oversized form is refused before anyone reads it.
        if "\x00" in request.path or _holds_nul(request.GET) or (request.method == "POST" and _holds_nul(request.POST)):
            message = _("The address or the form holds a character that cannot be used. Please type it again.")
            return render(request, "400.html", {"message": message}, status=400)
        return None


def _holds_nul(query):
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query.lists())
