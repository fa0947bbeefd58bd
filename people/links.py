"""Absolute addresses on the site's one public address, ``SITE_URL``.

Every address that leaves the request (e-mails, the certificate PDF, calendar files) and every
address a page gives about itself (canonical, hreflang, og:url, the sitemap) is built here, so the
web process and the Celery worker cannot disagree about the host.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` (from ``reverse`` or ``page.get_url``) on the site's public address.

    An address that already names a host (Wagtail's ``get_url`` does when a site has its own
    hostname) keeps its path, query and fragment but takes ``SITE_URL``'s scheme and host.
    """
    return settings.SITE_URL.rstrip("/") + relative_url(path)


def relative_url(url: str) -> str:
    """The path, query and fragment of ``url``, without scheme and host."""
    parts = urlsplit(url)
    return urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
