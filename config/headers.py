"""The security headers every response carries: a Content-Security-Policy, a Permissions-Policy,
and ``Cache-Control: no-store, private`` on anything personal.

- ``ContentSecurityPolicyMiddleware``: django-csp's middleware with Kring's policy
  (``CONTENT_SECURITY_POLICY`` in settings: scripts and styles from our own static files or with
  the response's nonce, ``request.csp_nonce``). The two admins get ``KRING_CSP_ADMIN`` instead,
  because Wagtail's and Django's admin templates carry inline scripts and style attributes that
  we do not control; no page of Kring's own is served under their prefixes.
- ``PermissionsPolicyMiddleware``: switches off the browser features Kring never uses.
- ``PrivateResponseMiddleware``: every response to a logged-in user, and every download
  (export, ``.ics``, PDF), also to an anonymous visitor, is private (``people.http.make_private``):
  no browser or proxy keeps a copy.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from people.http import make_private

# The prefixes of the Wagtail admin and the Django admin (config/urls.py): not language-prefixed.
ADMIN_PREFIXES = ("/admin/", "/django-admin/")

# The standalone error page (site/templates/500.html) has its own <style>: it is rendered without
# a request, so it cannot carry a nonce; its hash allows exactly that style and nothing else.
ERROR_PAGE = settings.BASE_DIR / "site" / "templates" / "500.html"
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)


@cache
def error_page_style_hashes() -> tuple[str, ...]:
    """The CSP hash sources (``'sha256-...'``) of the ``<style>`` elements of the 500 page."""
    text = ERROR_PAGE.read_text(encoding="utf-8")
    return tuple(
        "'sha256-{}'".format(
            base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        )
        for body in _STYLE.findall(text)
    )


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the admins' looser policy by path, and the 500 page's style."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        admin = request.path_info.startswith(ADMIN_PREFIXES)
        if not admin and not report_only:
            # A nonce on every page of Kring's, not only on those that used one: the policy is
            # the same everywhere, and a fragment or error page never falls back to 'self' alone.
            str(request.csp_nonce)  # type: ignore[attr-defined]
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if parts.config is None and admin:
            parts.config = settings.KRING_CSP_ADMIN
        if getattr(request, "is_dummy", False):
            # Wagtail's preview renders the page through this middleware on a made-up request to
            # the page's own address, and shows it in a frame of the admin: Kring's policy, but
            # framed by the admin (the preview view itself sets X-Frame-Options: SAMEORIGIN).
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        if response.status_code >= 500:
            update = dict(parts.update or {})
            update["style-src"] = [*update.get("style-src", []), *error_page_style_hashes()]
            parts.update = update
        return parts


class PermissionsPolicyMiddleware:
    """Sets ``Permissions-Policy`` (``KRING_PERMISSIONS_POLICY``) on every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allow)})"
            for feature, allow in settings.KRING_PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response


# Content types that are a download of data, whoever asks for it: exports, calendars, PDFs.
PRIVATE_CONTENT_TYPES = (
    "text/csv",
    "text/calendar",
    "application/pdf",
    "application/json",
    "application/vnd.openxmlformats-officedocument",  # .xlsx, .docx
    "application/vnd.oasis.opendocument",  # .ods, .odt
    "application/vnd.ms-excel",
    "application/msword",
)


def is_download(response: HttpResponseBase) -> bool:
    """An export, a calendar, a PDF or any other file handed out as an attachment."""
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    disposition = response.get("Content-Disposition", "").lower()
    return content_type.startswith(PRIVATE_CONTENT_TYPES) or disposition.startswith(
        ("attachment", "inline;")
    )


class PrivateResponseMiddleware:
    """``Cache-Control: no-store, private`` on every response to a logged-in user and on every
    download, also an anonymous one (a certificate's PDF, a calendar feed)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or is_download(response):
            make_private(response)
        return response
