"""The certificate as a PDF, drawn in the holder's language, with the address of its public
verification page."""

from __future__ import annotations

import base64

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from people.links import absolute_url
from training.certificates.models import Certificate


def certificate_verify_url(certificate: Certificate, request=None) -> str:
    """The absolute address of the certificate's public verification page."""
    path = reverse("training:certificate_verify", kwargs={"code": certificate.code})
    return absolute_url(path)  # SITE_URL, never the request's host


def _logo_data_uri() -> str:
    """The logo, inlined: the PDF is drawn without fetching anything."""
    found = finders.find("img/kring-logo.svg")
    if not found:
        return ""
    path = found[0] if isinstance(found, list) else found
    with open(path, "rb") as logo:
        return "data:image/svg+xml;base64," + base64.b64encode(logo.read()).decode("ascii")


def holder_language(certificate: Certificate) -> str:
    """The language the certificate is drawn in: the holder's own, else Dutch."""
    language = certificate.user.preferred_language or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def certificate_pdf_html(*, certificate: Certificate, request=None) -> str:
    """The HTML that WeasyPrint draws the certificate from, in the holder's language (texts,
    title, track, dates and the verification address, which opens the page in that language)."""
    with translation.override(holder_language(certificate)):
        return render_to_string(
            "training/certificate_pdf.html",
            {
                "certificate": certificate,
                "track": certificate.track,
                "verify_url": certificate_verify_url(certificate, request),
                "logo": _logo_data_uri(),
                "revoked": certificate.revoked_at is not None,
            },
        )


def certificate_pdf_render(*, certificate: Certificate, request=None) -> bytes:
    """The certificate as a one-page A4 PDF (landscape): holder, title, track, dates, the
    verification code and address. Nothing is fetched from the network: the fonts are the
    system's, the logo is inlined, and the fetcher only accepts ``data:`` addresses."""
    # WeasyPrint is heavy (it loads Pango and fonts): imported only when a PDF is drawn.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = certificate_pdf_html(certificate=certificate, request=request)
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
