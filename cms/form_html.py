"""Kring's own form and field templates (``includes/forms/form.html`` and ``field.html``),
written out in Python.

Every form in Kring renders through these two templates (``KringFormRenderer``, cms.forms):
the form once, each field once more. A form of twenty fields spent a third of its page in the
template engine resolving ``field.widget_type``, ``field.errors`` and the like. The functions
below give the same HTML, character for character: tests/cms/test_widget_html.py renders the
forms both ways, so a change to either template that is not made here too fails there. The
templates stay the reference; a form or field that names a template of its own renders that.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import BaseRenderer
from django.utils.html import conditional_escape

FORM_TEMPLATE = "includes/forms/form.html"
FIELD_TEMPLATE = "includes/forms/field.html"
ERROR_SUMMARY_TEMPLATE = "includes/error_summary.html"
# The widgets laid out as a choice: their box or dot beside their label.
_CHOICE_FIELD = ("checkbox", "checkboxselectmultiple", "radioselect")


def _value(value: Any) -> str:
    """``{{ value }}`` in an autoescaped template (a form's context has no time zone or
    localisation of its own)."""
    return conditional_escape(value if isinstance(value, str) else str(value))


def _help_text(field) -> str:
    """``{% if field.help_text %}<div …>{{ field.help_text|safe }}</div>{% endif %}``."""
    if not field.help_text:
        return ""
    return (
        f'<div class="helptext helptext--after" id="{_value(field.auto_id)}_helptext">'
        f"{field.help_text!s}</div>"
    )


def field_html(context: Mapping[str, Any], renderer: BaseRenderer) -> str:
    """``includes/forms/field.html``: label (or legend), errors, the widget, help text."""
    field = context["field"]
    if field.use_fieldset:
        describedby = field.aria_describedby
        describedby_attr = f' aria-describedby="{_value(describedby)}"' if describedby else ""
        legend = _value(field.legend_tag()) if field.label else ""
        html = (
            f"\n  <fieldset{describedby_attr}>\n    {legend}\n    {_value(field.errors)}\n"
            f"    {_value(field)}\n    {_help_text(field)}\n  </fieldset>\n"
        )
    elif field.widget_type == "checkbox":
        html = (
            f"\n  {_value(field.errors)}\n  {_value(field)} {_value(field.label_tag())}\n"
            f"  {_help_text(field)}\n"
        )
    else:
        label = _value(field.label_tag()) if field.label else ""
        html = f"\n  {label}\n  {_value(field.errors)}\n  {_value(field)}\n  {_help_text(field)}\n"
    return html.strip()


def _field_classes(field, field_errors) -> str:
    classes = "field"
    if field.widget_type in _CHOICE_FIELD:
        classes += " field--choice"
    if field_errors:
        classes += " field--error"
    if field.field.required:
        classes += " field--required"
    return classes


def form_html(context: Mapping[str, Any], renderer: BaseRenderer) -> str:
    """``includes/forms/form.html``: the error summary (rendered from its template, only when
    there are errors), the fields, the honeypot hidden, the hidden fields."""
    form = context["form"]
    parts = ["\n"]
    if form.errors:
        parts.append(renderer.get_template(ERROR_SUMMARY_TEMPLATE).render(dict(context)))
    parts.append("\n")
    honeypot = getattr(form, "honeypot_fields", ())
    for field, field_errors in context["fields"]:
        if field.name in honeypot:
            parts.append(f"\n  \n  <div hidden>{_value(field.label_tag())} {_value(field)}</div>\n")
        else:
            parts.append(
                f'\n  <div class="{_field_classes(field, field_errors)}">\n'
                f"    {_value(field.as_field_group())}\n  </div>\n"
            )
    parts.append("\n")
    parts.extend(_value(field) for field in context["hidden_fields"])
    parts.append("\n")
    return "".join(parts).strip()


TEMPLATES: dict[str, Callable[[Mapping[str, Any], BaseRenderer], str]] = {
    FORM_TEMPLATE: form_html,
    FIELD_TEMPLATE: field_html,
}
