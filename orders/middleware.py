from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render


class IndonesianFirstLocaleMiddleware(LocaleMiddleware):
    """Indonesian unless the user picked English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a phone set to
    English would see English pages; the shop's pages, messages and exports are Indonesian
    first, and only the switch (the language cookie) changes that.
    """

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)


def small_form(view):
    """Mark a public view whose POST is a small form: the body is refused unread when it is too big."""
    view.small_form = True
    return view


class SmallFormMiddleware:
    """Refuse an oversized POST to a public form from its Content-Length, before anything reads the body.

    It stands before CsrfViewMiddleware, which would read the body for its token. A form of name,
    number, address and notes is a few kilobytes; the 12 MB that the sheet upload needs is no
    business of a page anyone on the internet can post to.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or not getattr(view_func, "small_form", False):
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = settings.PUBLIC_FORM_MAX_BYTES + 1
        if length <= settings.PUBLIC_FORM_MAX_BYTES:
            return None
        from orders.models import ShopSettings

        return render(request, "public/too_large.html", {"shop": ShopSettings.load()}, status=413)
