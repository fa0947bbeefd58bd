"""Template tags for the form templates (``includes/forms/``, ``includes/error_summary.html``)."""

from __future__ import annotations

from django import template

from cms.forms import error_summary

register = template.Library()


@register.simple_tag
def error_summary_lines(form) -> list[dict[str, str]]:
    """``{% error_summary_lines form as lines %}``: see ``cms.forms.error_summary``."""
    return error_summary(form)
