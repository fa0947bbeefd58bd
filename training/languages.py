"""Texts that staff type once per language: a field per language beside the Dutch one.

The Dutch field (``name``) is the one every form and rule uses; ``name_fr`` and ``name_en``
hold the French and English wording and may stay empty. ``in_language`` picks the wording for
the active language (``get_language()``) and falls back to Dutch when that one is empty.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The languages that have their own field beside the Dutch one (the field's suffix).
OTHER_LANGUAGES = ("fr", "en")

# The help text of every field in another language.
EMPTY_SHOWS_DUTCH = _("Empty: the Dutch text is shown.")


def language_code(language: str | None = None) -> str:
    """The two-letter code of ``language``, else of the active language, else Dutch."""
    code = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()
    return code if code in OTHER_LANGUAGES else settings.LANGUAGE_CODE


def in_language(obj, field: str, language: str | None = None) -> str:
    """``obj.<field>_<language>`` when filled in, else the Dutch ``obj.<field>``."""
    code = language_code(language)
    if code in OTHER_LANGUAGES:
        value = (getattr(obj, f"{field}_{code}", "") or "").strip()
        if value:
            return value
    return getattr(obj, field)


def language_fields(field: str) -> list[str]:
    """The names of the fields in the other languages: ``["name_fr", "name_en"]``."""
    return [f"{field}_{code}" for code in OTHER_LANGUAGES]
