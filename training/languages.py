"""Texts that staff type once per language: a field per language beside the Dutch one.

The Dutch field (``name``) is the one every form and rule uses; ``name_fr`` and ``name_en``
hold the French and English wording and may stay empty. ``in_language`` picks the wording for
the active language (``get_language()``) and falls back to Dutch when that one is empty.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from cms.models import active_language

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


# The Wagtail locales' ids by language code, read once per request: several parts of a page
# ask (the portal's modules, quiz titles, where to continue, the menu). None outside a request,
# where every call asks the database (a locale may come and go between tests).
_request_locales: ContextVar[dict[str, int | None] | None] = ContextVar(
    "training_request_locales", default=None
)


def _request_began(**kwargs) -> None:
    _request_locales.set({})


def _request_ended(**kwargs) -> None:
    _request_locales.set(None)


def connect() -> None:
    request_started.connect(_request_began, dispatch_uid="training.languages.began")
    request_finished.connect(_request_ended, dispatch_uid="training.languages.ended")


def locale_id_for(code: str) -> int | None:
    """The id of the Wagtail locale of ``code`` (None if there is none); one query, once per
    request."""
    memo = _request_locales.get()
    if memo is not None and code in memo:
        return memo[code]
    locale_id = Locale.objects.filter(language_code=code).values_list("pk", flat=True).first()
    if memo is not None:
        memo[code] = locale_id
    return locale_id


def remember_locale(locale: Locale) -> None:
    """Notes a locale read with a page in this request, for ``locale_id_for`` (no query)."""
    remember_locale_id(locale.language_code, locale.pk)


def remember_locale_id(code: str, locale_id: int) -> None:
    """``remember_locale`` with the locale's language code and id, read without the locale."""
    memo = _request_locales.get()
    if memo is not None:
        memo.setdefault(code, locale_id)


def active_locale_id() -> int | None:
    """The id of the active language's Wagtail locale (None if there is none)."""
    return locale_id_for(active_language())


def default_locale_id() -> int | None:
    """The id of the default language's Wagtail locale (None if there is none)."""
    return locale_id_for(get_supported_content_language_variant(settings.LANGUAGE_CODE))
