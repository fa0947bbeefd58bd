"""Responses that are nobody's business but the reader's: a personal page, a lesson with the
reader's answers, a certificate looked up by its code.

One rule for all of them: not indexed by search engines, not stored by a browser or a cache in
between, and optionally no ``Referer`` passed on (when the address itself is the secret).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from allauth.core.internal.httpkit import clean_client_ip, get_client_ip
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from people.models import User

ROBOTS = "noindex, nofollow"


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind ``login_required``: its user is a ``User``, never the
    anonymous one. An annotation only (django-stubs' pattern): Django passes an ``HttpRequest``."""

    user: User


def make_private(response: HttpResponse, *, no_referrer: bool = False) -> HttpResponse:
    """Mark ``response`` private: noindex, ``Cache-Control: private, no-store``."""
    response["X-Robots-Tag"] = ROBOTS
    patch_cache_control(response, private=True, no_store=True)
    if no_referrer:
        response["Referrer-Policy"] = "no-referrer"
    return response


def private_response(view: Callable[..., HttpResponse] | None = None, *, no_referrer: bool = False):
    """Decorator form of ``make_private``: ``@private_response`` or
    ``@private_response(no_referrer=True)``."""

    def decorate(func: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(func)
        def wrapper(*args, **kwargs) -> HttpResponse:
            return make_private(func(*args, **kwargs), no_referrer=no_referrer)

        return wrapper

    return decorate(view) if view is not None else decorate


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address, the one function every rate limit, the access log and the logs use.

    Behind ``ALLAUTH_TRUSTED_PROXY_COUNT`` proxies it is the address the outermost trusted proxy
    saw (counted from the right of ``X-Forwarded-For``, so a client cannot pick it by sending its
    own header); with ``ALLAUTH_TRUSTED_CLIENT_IP_HEADER`` it is that header; else ``REMOTE_ADDR``.

    An ``X-Forwarded-For`` with fewer entries than the trusted proxies did not come through all
    of them (a request straight to the application server): then the address is the peer's,
    ``REMOTE_ADDR``, as it is when the trusted header is missing. ``None`` only when no valid
    address is known at all.
    """
    try:
        address = get_client_ip(request)
    except ImproperlyConfigured:
        address = None
    if address:
        return address
    peer = request.META.get("REMOTE_ADDR", "")
    return clean_client_ip(peer) if peer else None
