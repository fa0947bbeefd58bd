"""Punctuation in the visitor's language: ``{% colon %}`` after a translated label is ":" in
Dutch and English and " :" (with a non-breaking space) in French, so that a label written as
``{% translate "Date" %}{% colon %}`` reads "Date :" on French pages."""

from django import template
from django.utils.translation import get_language

register = template.Library()

# Languages that put a non-breaking space before : ; ? ! (French typography).
SPACED = ("fr",)


@register.simple_tag
def colon() -> str:
    language = (get_language() or "").split("-")[0]
    return "\u00a0:" if language in SPACED else ":"
