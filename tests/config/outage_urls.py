"""A urlconf for tests/config/test_errors.py: views that fail the ways an outage makes them."""

from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as kring_urlpatterns


class ServiceFailed(Exception):
    """A library's own error, raised from the database's."""


def form(request: HttpRequest) -> HttpResponse:
    """A form that cannot be saved: the database is down (on POST only)."""
    if request.method == "POST":
        raise OperationalError("could not connect to server: Connection refused")
    return HttpResponse("the form")


def wrapped(request: HttpRequest) -> HttpResponse:
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError as exc:
        raise ServiceFailed("saving failed") from exc


def broken(request: HttpRequest) -> HttpResponse:
    family = "Familie Verstraeten"  # a local variable an error report must not show
    raise ValueError(f"a bug, not an outage ({len(family)})")


# Kring's own addresses after these: pages and reports still reverse them (the home page).
urlpatterns = [
    path("form/", form),
    path("wrapped/", wrapped),
    path("broken/", broken),
    *i18n_patterns(path("formulier/", form), prefix_default_language=False),
    *kring_urlpatterns,
]

handler500 = "config.errors.server_error"
