"""Template tags for the volunteer portal and the training pages."""

from __future__ import annotations

from django import template
from wagtail.models import Locale

from training.models import TrainingIndexPage

register = template.Library()

SOURCE_LANGUAGE = "nl"


@register.simple_tag(takes_context=True)
def training_index_url(context) -> str:
    """The URL of the live training index in the active language, else the Dutch one; '' if
    there is none."""
    request = context.get("request")
    indexes = list(TrainingIndexPage.objects.live().select_related("locale").order_by("path")[:10])
    if not indexes:
        return ""
    try:
        active = Locale.get_active().language_code
    except Locale.DoesNotExist:
        active = SOURCE_LANGUAGE
    for language in (active, SOURCE_LANGUAGE):
        for index in indexes:
            if index.locale.language_code == language:
                return index.get_url(request) or ""
    return indexes[0].get_url(request) or ""
