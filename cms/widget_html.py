"""Django's own form widget templates, written out in Python.

A form renders each widget, each choice of a radio or check box group, each label and each
error list through a template of its own (``django/forms/widgets/*.html``): a form with a
few dozen choices renders a hundred small templates, which cost more than the rest of the page.
``KringFormRenderer`` (cms.forms) produces the same HTML with the functions below, character for
character (tests/cms/test_widget_html.py renders every widget both ways), and falls back on the
template for anything they do not cover: a template that a project or app overrides, a value a
template would call, an unknown option template.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import django
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.safestring import SafeData

# Where Django keeps the templates written out here: a template of the same name found
# elsewhere (a project's or an app's override) is rendered as a template.
DJANGO_FORM_TEMPLATES = Path(django.__file__).resolve().parent / "forms" / "templates"


class Unsupported(Exception):
    """A value that the template would treat in a way written out here: render the template."""


# What ``{{ value }}`` does in an autoescaped template (no time zone or localisation
# settings of its own: the defaults of a form's template context).
_CONTEXT = Context(autoescape=True)


def _escape(text: str) -> str:
    """``conditional_escape`` of a string, without its lazy-string wrapper (called per option)."""
    return str(text) if isinstance(text, SafeData) else html.escape(text)


def _text(value: Any) -> str:
    if isinstance(value, str):
        return _escape(value)
    if callable(value):
        raise Unsupported
    return render_value_in_context(value, _CONTEXT)


def _string(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``."""
    if callable(value):
        raise Unsupported
    if isinstance(value, str):
        return _escape(value)
    try:
        text = "%s" % (str(value) if isinstance(value, tuple) else value,)  # noqa: UP031
    except (ValueError, TypeError):
        return ""
    return text if isinstance(value, SafeData) else html.escape(text)


def _lookup(mapping: Mapping[str, Any], key: str) -> Any:
    """``{{ mapping.key }}`` of a dict, or "" (string_if_invalid) when missing."""
    value = mapping.get(key, "")
    if callable(value):
        raise Unsupported
    return value


def attrs_html(attrs: Mapping[str, Any]) -> str:
    """``django/forms/widgets/attrs.html`` and ``django/forms/attrs.html``."""
    if "items" in attrs:  # the template would read attrs["items"] instead of its items
        raise Unsupported
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_text(name)}")
        else:
            parts.append(f' {_text(name)}="{_string(value)}"')
    return "".join(parts)


def _input(widget: Mapping[str, Any]) -> str:
    """``input.html``, with its closing newline."""
    value = widget.get("value")
    # The template's comparison, not ``is not None``: a value may define its own equality.
    shown = f' value="{_string(value)}"' if value != None else ""  # noqa: E711
    return (
        f'<input type="{_text(widget.get("type", ""))}" name="{_text(widget.get("name", ""))}"'
        f"{shown}{attrs_html(widget['attrs'])}>\n"
    )


def _input_option(widget: Mapping[str, Any]) -> str:
    """``input_option.html``, with its closing newline."""
    if not widget.get("wrap_label"):
        return _input(widget) + "\n"
    option_id = _lookup(widget["attrs"], "id")
    label_for = f' for="{_text(option_id)}"' if option_id else ""
    return f"<label{label_for}>{_input(widget)} {_text(widget['label'])}</label>\n"


def _included_option(widget: Mapping[str, Any]) -> str:
    """``{% include option.template_name %}`` of one choice (``radio_option.html`` and the like
    include ``input_option.html`` and end with a newline of their own)."""
    name = widget.get("template_name")
    if name in _OPTION_TEMPLATES:
        return _OPTION_TEMPLATES[name](widget)
    raise Unsupported


def _multiple_input(widget: Mapping[str, Any]) -> str:
    """``multiple_input.html`` (radio buttons, check boxes), with its closing newline."""
    attrs = widget["attrs"]
    group_id = _lookup(attrs, "id")
    css_class = _lookup(attrs, "class")
    parts = [
        "<div",
        f' id="{_text(group_id)}"' if group_id else "",
        f' class="{_text(css_class)}"' if css_class else "",
        ">",
    ]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{_text(group)}</label>")
        for option in options:
            parts.append(f"<div>\n    {_included_option(option)}</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>\n")
    return "".join(parts)


def _select_option(widget: Mapping[str, Any]) -> str:
    return (
        f'<option value="{_string(widget["value"])}"{attrs_html(widget["attrs"])}>'
        f"{_text(widget['label'])}</option>\n"
    )


def _select(widget: Mapping[str, Any]) -> str:
    parts = [f'<select name="{_text(widget["name"])}"{attrs_html(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            parts.append(f"\n  {_included_option(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _textarea(widget: Mapping[str, Any]) -> str:
    value = widget.get("value")
    if callable(value):
        raise Unsupported
    shown = _text(value) if value else ""
    return (
        f'<textarea name="{_text(widget["name"])}"{attrs_html(widget["attrs"])}>\n'
        f"{shown}</textarea>\n"
    )


def _label(context: Mapping[str, Any]) -> str:
    """``django/forms/label.html``."""
    if context.get("use_tag"):
        tag = _text(context.get("tag", ""))
        attrs = context.get("attrs") or {}
        return f"<{tag}{attrs_html(attrs)}>{_text(context.get('label', ''))}</{tag}>\n"
    return _text(context.get("label", "")) + "\n"


def _error_list(context: Mapping[str, Any]) -> str:
    """``django/forms/errors/list/default.html`` (which includes ``ul.html``)."""
    errors = context.get("errors")
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    id_attr = f' id="{_text(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{_text(error)}</li>" for error in errors)
    return f'<ul class="{_text(context.get("error_class", ""))}"{id_attr}>{items}</ul>'


def _widget(render: Callable[[Mapping[str, Any]], str]) -> Callable[[Mapping[str, Any]], str]:
    """A widget template: its context is ``{"widget": {...}}``."""

    def from_context(context: Mapping[str, Any]) -> str:
        return render(context["widget"])

    return from_context


def _with_newline(render: Callable[[Mapping[str, Any]], str]) -> Callable[[Mapping[str, Any]], str]:
    """A template that includes another and ends with a newline of its own."""

    def rendered(widget: Mapping[str, Any]) -> str:
        return render(widget) + "\n"

    return rendered


_OPTION_TEMPLATES: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "django/forms/widgets/radio_option.html": _with_newline(_input_option),
    "django/forms/widgets/checkbox_option.html": _with_newline(_input_option),
    "django/forms/widgets/input_option.html": _input_option,
    "django/forms/widgets/select_option.html": _select_option,
}

_INPUTS = (
    "checkbox",
    "color",
    "date",
    "datetime",
    "email",
    "file",
    "hidden",
    "number",
    "password",
    "search",
    "tel",
    "text",
    "time",
    "url",
)

# Template name -> a function of the template's context giving the template's output (before
# the renderer strips it).
TEMPLATES: dict[str, Callable[[Mapping[str, Any]], str]] = {
    **{f"django/forms/widgets/{name}.html": _widget(_with_newline(_input)) for name in _INPUTS},
    "django/forms/widgets/input.html": _widget(_input),
    "django/forms/widgets/radio.html": _widget(_with_newline(_multiple_input)),
    "django/forms/widgets/checkbox_select.html": _widget(_with_newline(_multiple_input)),
    "django/forms/widgets/multiple_input.html": _widget(_multiple_input),
    "django/forms/widgets/select.html": _widget(_select),
    "django/forms/widgets/textarea.html": _widget(_textarea),
    "django/forms/label.html": _label,
    "django/forms/errors/list/default.html": _error_list,
    "django/forms/errors/list/ul.html": _error_list,
}
