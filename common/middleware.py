"""Response headers every page gets: the Content-Security-Policy."""
from django.conf import settings


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
