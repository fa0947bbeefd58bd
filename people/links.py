"""Absolute addresses for what leaves the request: e-mails, the certificate PDF, calendar files.

``SITE_URL`` (``WAGTAILADMIN_BASE_URL``) is the one base every app uses, so links in mail point at
the public host even when sent by the Celery worker.
"""

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` (from ``reverse``) on the site's public address."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
