"""Fail closed: a view that could not record its read answers 503 and says why, never the data."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from people.audit.services import AuditUnavailable
from people.http import make_private


class AuditUnavailableMiddleware:
    """Turns ``AuditUnavailable`` raised by a view into the 503 page. The view raised before it
    returned, so whatever it had rendered is discarded with it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, AuditUnavailable):
            return None
        response = render(request, "people/audit_unavailable.html", status=503)
        response["Retry-After"] = "60"
        return make_private(response)
