"""Helpers for tests that look for interface text: the pages are Dutch (the default language),
the source strings English."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.translation import gettext, override


def nl(msgid: str, **values) -> str:
    """The text as a Dutch visitor sees it, with ``values`` filled in."""
    with override("nl"):
        text = gettext(msgid)
    return text % values if values else text


def shows(text: str, html: str) -> bool:
    """Whether a page shows ``text``, as it is or HTML-escaped."""
    return text in html or escape(text) in html
