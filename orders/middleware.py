from django.middleware.locale import LocaleMiddleware


class IndonesianFirstLocaleMiddleware(LocaleMiddleware):
    """Indonesian unless the user picked English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a phone set to
    English would see English pages; the shop's pages, messages and exports are Indonesian
    first, and only the switch (the language cookie) changes that.
    """

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
