"""Template filters for the staff pages."""

from __future__ import annotations

from django import template

from people.forms import format_phone

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """A stored (E.164) phone number as people read it: 0470 12 34 56."""
    return format_phone(value) if value else ""
