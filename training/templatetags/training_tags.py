"""Template tags for the volunteer portal and the training pages."""

from __future__ import annotations

import datetime

from django import template
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from wagtail.models import Page, Site

from cms.models import active_language
from cms.pagecache import kept
from training.learning.pages import TrainingIndexPage

register = template.Library()

SOURCE_LANGUAGE = "nl"

# What a page's ``get_url`` reads.
INDEX_URL_FIELDS = (
    "path",
    "depth",
    "url_path",
    "live",
    "translation_key",
    "content_type_id",
    "locale__language_code",
)


def days_ago_text(value: int | datetime.date | datetime.datetime | None) -> str:
    """ "today", "1 day ago", "3 days ago" (or "in 2 days" for a day to come), in the active
    language. ``value`` is a number of days or a date (a date-time counts by its local date)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if isinstance(value, datetime.date):
        value = (timezone.localdate() - value).days
    days = int(value)
    if days == 0:
        return gettext("today")
    if days < 0:
        return ngettext("in %(count)s day", "in %(count)s days", -days) % {"count": -days}
    return ngettext("%(count)s day ago", "%(count)s days ago", days) % {"count": days}


@register.simple_tag(takes_context=True)
def training_index_url(context) -> str:
    """The URL of the live training index in the active language, else the Dutch one; '' if
    there is none."""
    request = context.get("request")
    if request is None:
        return _training_index_url(None)
    site = Site.find_for_request(request)
    return kept(
        ("training_index_url", site.pk if site else None, active_language()),
        lambda: _training_index_url(request),
    )


def _training_index_url(request) -> str:
    # Plain pages with what their address needs: a training index's own fields (its body)
    # cost more to read and build than the rest of the menu.
    indexes = list(
        Page.objects.live()
        .filter(content_type=ContentType.objects.get_for_model(TrainingIndexPage))
        .select_related("locale")
        .only(*INDEX_URL_FIELDS)
        .order_by("path")[:10]
    )
    if not indexes:
        return ""
    for language in (active_language(), SOURCE_LANGUAGE):
        for index in indexes:
            if index.locale.language_code == language:
                return index.get_url(request) or ""
    return indexes[0].get_url(request) or ""


@register.filter
def days_ago(value) -> str:
    """How long ago, in words: ``{{ 0|days_ago }}`` is "today" (never "0 days ago"),
    ``{{ 3|days_ago }}`` "3 days ago". Takes a number of days or a date."""
    return days_ago_text(value)
