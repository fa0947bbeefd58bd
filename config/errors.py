"""What a visitor sees when something breaks, and what an error report may carry.

- ``server_error`` (``handler500``): a database that is down or unreachable answers 503 with a
  "back soon" page that keeps what the visitor typed; any other error the plain 500 page.
- ``RequestSizeLimitMiddleware``: a request larger than ``KRING_MAX_REQUEST_BYTES`` answers 413
  before anything reads its body.
- Error reports without personal data: ``PrivateExceptionReporterFilter`` and
  ``PrivateExceptionReporter`` for Django's error mails to ``ADMINS``, and ``sentry_init`` with
  its scrubber ``sentry_before_send`` for Sentry (``SENTRY_DSN``).

The 503 and 413 pages are rendered without a request context: no context processor runs (they
read the session, the user and the site settings, all from the database), and no menu.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.middleware.csrf import get_token
from django.template import loader
from django.utils import translation
from django.views import defaults
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

logger = logging.getLogger(__name__)

OUTAGE_TEMPLATE = "503.html"
TOO_LARGE_TEMPLATE = "413.html"
RETRY_AFTER_SECONDS = 30
FILTERED = "[Filtered]"

# Posted fields never written back into the 503 page: secrets the visitor types again.
_SECRET_FIELD = re.compile(r"pass(word|wd|phrase)?|secret|token|csrf|otp|totp|^code$", re.I)
# The only request headers an error mail shows; the others (cookies, addresses) are cleansed.
_SAFE_META = frozenset(
    {
        "CONTENT_LENGTH",
        "CONTENT_TYPE",
        "HTTP_ACCEPT",
        "HTTP_ACCEPT_LANGUAGE",
        "HTTP_HOST",
        "PATH_INFO",
        "REQUEST_METHOD",
        "SCRIPT_NAME",
        "SERVER_NAME",
        "SERVER_PORT",
        "SERVER_PROTOCOL",
    }
)
_EMAIL_ADDRESS = re.compile(r"[^\s<>()\"',;:=]+@[^\s<>()\"',;:=]+")


# --- The 503 page for a database outage -----------------------------------------------------------


def _chain(exc: BaseException | None) -> Iterator[BaseException]:
    """``exc`` and the exceptions it was raised from or while handling, each once."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)


def is_database_outage(exc: BaseException | None) -> bool:
    """Whether ``exc`` comes from a database that is down, unreachable or hanging (timeouts
    surface as ``OperationalError`` too), also when wrapped in another exception."""
    return any(isinstance(link, OperationalError | InterfaceError) for link in _chain(exc))


def _kept_fields(request: HttpRequest) -> tuple[list[tuple[str, str]], bool]:
    """The posted fields to post again (never secrets or the old csrf token), and whether files
    were sent (a page cannot hold on to them)."""
    try:
        posted, files = request.POST, request.FILES
    except Exception:
        # The body could not be read (too big, or already consumed as a stream).
        return [], False
    fields = [
        (name, value)
        for name, values in posted.lists()
        if not _SECRET_FIELD.search(name)
        for value in values
    ]
    return fields, bool(files)


def _nonce(request: HttpRequest) -> str:
    """The response's CSP nonce for the page's own ``<style>`` (django-csp's lazy object is
    false until it is read, hence no ``or``)."""
    nonce = getattr(request, "csp_nonce", None)
    return "" if nonce is None else str(nonce)


def _csrf_token(request: HttpRequest) -> str | None:
    """A token for the form that posts again, when one can be had without the database.

    Kring keeps the csrf secret in a cookie (``CSRF_USE_SESSIONS`` off), so ``get_token`` masks
    the secret the browser sent, or makes a new one that the response's cookie carries (the csrf
    middleware sets it on this response too). With the secret in the session, reading it could
    need the database that is down: then no token, and "Try again" would meet the csrf check,
    so the page also offers the back button.
    """
    if settings.CSRF_USE_SESSIONS:
        return None
    try:
        return get_token(request)
    except Exception:
        return None


def outage_response(request: HttpRequest) -> HttpResponse:
    """The "back soon" page (503, ``Retry-After``), made without touching the database."""
    fields, had_files = _kept_fields(request) if request.method == "POST" else ([], False)
    context = {
        "language": translation.get_language() or settings.LANGUAGE_CODE,
        "csp_nonce": _nonce(request),
        "action": request.get_full_path(),
        "post": request.method == "POST",
        "fields": fields,
        "had_files": had_files,
        "csrf_token": _csrf_token(request) if request.method == "POST" else None,
        "retry_after": RETRY_AFTER_SECONDS,
    }
    # No request: a plain Context, so no context processor (all of which may query) runs.
    body = loader.render_to_string(OUTAGE_TEMPLATE, context)
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # What the visitor typed is in this page: never kept by a cache.
    response["Cache-Control"] = "no-store, private"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: 503 with the "back soon" page when the database is the cause; otherwise
    Django's own view with ``500.html``."""
    if is_database_outage(sys.exc_info()[1]):
        try:
            return outage_response(request)
        except Exception:
            logger.exception("the 503 page could not be rendered; the 500 page instead")
    return defaults.server_error(request)


# --- Request size ---------------------------------------------------------------------------------


class RequestSizeLimitMiddleware:
    """Answers 413 to a request whose ``Content-Length`` is above ``KRING_MAX_REQUEST_BYTES``,
    without reading its body. Sits before every middleware that reads the body (CSRF)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django treats a malformed length as no body
        if length > settings.KRING_MAX_REQUEST_BYTES:
            return self.too_large(request, settings.KRING_MAX_REQUEST_BYTES)
        return self.get_response(request)

    def too_large(self, request: HttpRequest, limit: int) -> HttpResponse:
        # Before LocaleMiddleware, so its rule by hand: the address's prefix, else Dutch (Kring's
        # addresses without a prefix are Dutch, i18n_patterns with prefix_default_language off).
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        with translation.override(language):
            body = loader.render_to_string(
                TOO_LARGE_TEMPLATE,
                {
                    "language": language,
                    "csp_nonce": _nonce(request),
                    "limit_mb": limit // (1024 * 1024),
                },
            )
        return HttpResponse(body, status=413)


# --- Error mails to ADMINS -------------------------------------------------------------------------


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports show no posted value, cookie value, local variable or request header other
    than a few technical ones: any of them may hold a family's or a volunteer's data."""

    def get_post_parameters(self, request: HttpRequest | None) -> QueryDict | dict[str, str]:
        if request is None:
            return {}
        try:
            posted = request.POST
        except Exception:
            return {}
        return dict.fromkeys(posted, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request: HttpRequest | None, tb_frame: Any) -> Any:
        return []

    def get_safe_cookies(self, request: HttpRequest | None) -> dict[str, str]:
        if request is None:
            return {}
        return dict.fromkeys(request.COOKIES, self.cleansed_substitute)

    def get_safe_request_meta(self, request: HttpRequest | None) -> dict[str, Any]:
        if request is None:
            return {}
        return {
            name: value if name in _SAFE_META else self.cleansed_substitute
            for name, value in request.META.items()
        }


class PrivateExceptionReporter(ExceptionReporter):
    """Django's report with the query string, file names and the user's name left out too."""

    def get_traceback_data(self) -> dict[str, Any]:
        data = super().get_traceback_data()
        substitute = self.filter.cleansed_substitute
        request = self.request
        if request is not None:
            data["request_GET_items"] = [(name, substitute) for name in request.GET]
            data["request_FILES_items"] = [(name, substitute) for name in request.FILES]
            data["request_insecure_uri"] = request.path
            user = getattr(request, "user", None)
            try:
                data["user_str"] = f"id {user.pk}" if user is not None and user.pk else "anonymous"
            except Exception:
                data["user_str"] = "[unable to retrieve the current user]"
        if "exception_value" in data:
            data["exception_value"] = _EMAIL_ADDRESS.sub("…@…", data["exception_value"])
        return data


# --- Sentry --------------------------------------------------------------------------------------


def _scrub_text(text: Any) -> Any:
    return _EMAIL_ADDRESS.sub("…@…", text) if isinstance(text, str) else text


def sentry_before_send(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    """Strips an event of everything that may name a person before it leaves the server: the
    request's body, cookies, headers and query string, every user field but the id, the values
    of ``extra``, and e-mail addresses in exception messages and breadcrumbs."""
    request = event.get("request")
    if isinstance(request, dict):
        url = request.get("url")
        event["request"] = {
            key: value
            for key, value in (("method", request.get("method")), ("url", url))
            if value is not None
        }
    user = event.get("user")
    if isinstance(user, dict):
        if user.get("id") is not None:
            event["user"] = {"id": user["id"]}
        else:
            event.pop("user")
    if isinstance(event.get("extra"), dict):
        event["extra"] = dict.fromkeys(event["extra"], FILTERED)
    for exception in (event.get("exception") or {}).get("values") or []:
        exception["value"] = _scrub_text(exception.get("value"))
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    if "message" in event:
        event["message"] = _scrub_text(event["message"])
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        logentry["message"] = _scrub_text(logentry.get("message"))
        logentry["formatted"] = _scrub_text(logentry.get("formatted"))
        logentry.pop("params", None)
    breadcrumbs = event.get("breadcrumbs")
    crumbs = breadcrumbs.get("values", []) if isinstance(breadcrumbs, dict) else breadcrumbs or []
    for crumb in crumbs:
        crumb["message"] = _scrub_text(crumb.get("message"))
        crumb.pop("data", None)
    return event


def sentry_init(*, dsn: str, environment: str, traces_sample_rate: float = 0.0) -> bool:
    """Starts Sentry with Django's and Celery's integrations; does nothing without a DSN.

    Returns whether it started. ``config.settings.production`` calls it with the ``SENTRY_*``
    settings.
    """
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        traces_sample_rate=traces_sample_rate,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        before_send=sentry_before_send,  # type: ignore[arg-type]
        before_send_transaction=sentry_before_send,  # type: ignore[arg-type]
    )
    return True
