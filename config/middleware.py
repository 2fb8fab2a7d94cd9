"""Indonesian first: the language comes from the ID/EN switch (its cookie), never from the browser.

Many phones in Indonesia are set to English; the shop's pages must still open in Indonesian.
"""
from django.middleware.locale import LocaleMiddleware


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
