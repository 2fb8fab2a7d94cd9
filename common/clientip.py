"""The client's address as our own reverse proxies report it; the rate limits and the login lock-out use it."""
import ipaddress

from django.conf import settings


def client_address(request):
    """The address of the client as the outermost trusted proxy saw it.

    With `TRUSTED_PROXY_COUNT` = 0 (nothing in front of gunicorn) that is REMOTE_ADDR: any
    X-Forwarded-For was typed by the client. With N proxies, each appends the address it saw, so
    the N-th entry from the right was written by the first proxy of ours; entries left of it are
    the client's own words and are never used.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if not forwarded:
        return remote
    chosen = forwarded[-min(proxies, len(forwarded))]
    return chosen if _is_address(chosen) else remote


def login_address(request):
    """The same address for the login lock-out, which stores it in an IP address column (None if unknown)."""
    address = client_address(request)
    return address if _is_address(address) else None


def _is_address(text):
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
