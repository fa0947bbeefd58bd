"""Shared pieces for the public forms: rendering, protection against bots and double posts, and
forms in sections.

The domain apps' public forms (registration, volunteer application) mix in ``ProtectedForm``;
``cms.form_flow`` handles their posts. A form asked in sections declares them once
(``SectionedForm.SECTIONS``): they drive the fields, the form's layout and "Check your answers".
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, cast

from django import forms
from django.core import signing, validators
from django.forms import fields as django_fields
from django.forms import models as django_model_fields
from django.forms.renderers import TemplatesSetting
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from cms import form_html, widget_html
from people.forms import PhoneField, PostcodeField, format_phone

# A person needs at least this long to fill in a public form; a bot is faster.
MINIMUM_FILL_SECONDS = 3
# A form older than this is stale; the visitor gets a fresh one (not treated as a bot).
MAXIMUM_FORM_AGE = 60 * 60 * 24
# Signs [submission token, moment shown] (``sign_protection``).
_SALT = "kring.cms.forms.protection"
# "(optional)" or a like note at the end of a label.
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")

SEND_AGAIN_MESSAGE = _(
    "The form was sent very quickly, so we have not received it yet. Please check your "
    "answers and send the form again."
)


class KringFormRenderer(TemplatesSetting):
    """Every form renders with an error summary on top and accessible fields.

    Django's own widget, label and error list templates are rendered by ``cms.widget_html``
    in Python, to the same HTML, unless a template of that name is overridden; Kring's own form
    and field templates by ``cms.form_html``.
    """

    form_template_name = "includes/forms/form.html"
    field_template_name = "includes/forms/field.html"

    def __init__(self) -> None:
        super().__init__()
        self._djangos_own: dict[str, bool] = {}

    def _is_djangos_own(self, template_name: str) -> bool:
        """Whether ``template_name`` is found in Django's own form templates (not overridden)."""
        if template_name not in self._djangos_own:
            origin = getattr(self.get_template(template_name), "origin", None)
            name = getattr(origin, "name", None) or ""
            self._djangos_own[template_name] = (
                Path(name).resolve().is_relative_to(widget_html.DJANGO_FORM_TEMPLATES)
            )
        return self._djangos_own[template_name]

    def render(self, template_name, context, request=None):
        kring_own = form_html.TEMPLATES.get(template_name)
        if kring_own is not None:
            return kring_own(context, self)
        written_out = widget_html.TEMPLATES.get(template_name)
        if written_out is not None and self._is_djangos_own(template_name):
            try:
                return written_out(context).strip()
            except widget_html.Unsupported:
                pass
        return super().render(template_name, context, request=request)


def sign_protection(token: uuid.UUID | str, started: float) -> str:
    """The one signed value of a public form's protection: its submission token and the moment
    it was shown, together, so that a fill timer only counts for its own token."""
    return signing.dumps([str(token), started], salt=_SALT)


def _unsign_protection(value: str) -> tuple[uuid.UUID, float] | None:
    """The token and the moment of a signed value; the moment ``0`` for one older than
    ``MAXIMUM_FORM_AGE`` (its age no longer tells anything); ``None`` if missing or forged."""
    try:
        try:
            payload = signing.loads(value, salt=_SALT, max_age=MAXIMUM_FORM_AGE)
            stale = False
        except signing.SignatureExpired:
            payload = signing.loads(value, salt=_SALT)
            stale = True
        token, started = payload
        return uuid.UUID(str(token)), 0.0 if stale else float(started)
    except (signing.BadSignature, TypeError, ValueError):
        return None


class ProtectedForm(forms.Form):
    """A honeypot, a minimum fill time and a submission token.

    - ``website`` is hidden from people (CSS, ``aria-hidden``, no tab stop); bots fill it in.
    - ``submission`` is a random token per form: a second post of the same form (double click,
      back button, two tabs) carries the same token, so the service answers with what the
      first post stored instead of storing it twice.
    - ``started`` is one signed value of that token and the moment the form was shown
      (``sign_protection``): the fill timer counts only for its own token, and the token used is
      the signed one. So one shown form stores at most one submission: reusing its timer with
      another token is a forged stamp, and reusing the pair finds what it already stored.

    Only a filled honeypot (``honeypot_filled()``) may be answered quietly, as if all went
    well. A post that came too fast or with a missing or forged stamp (``sent_too_fast()``) may
    be a person (autofill, a hurried social worker): the view shows the form again with
    ``ask_to_send_again()``, input kept, and the second send goes through. Nobody sees a
    confirmation for something that was not stored.
    """

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    submission = forms.UUIDField(widget=forms.HiddenInput, required=False)

    honeypot_fields = ("website",)
    # The fields that protect the form; everything else is what the visitor answered.
    protection_fields = ("website", "started", "submission")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            token = uuid.uuid4()
            self.initial.setdefault("submission", token)
            if self._timed:
                self.initial.setdefault("started", sign_protection(token, time.time()))

    @property
    def _timed(self) -> bool:
        """A form with the fill timer (a subclass for staff may leave ``started`` out)."""
        return "started" in self.fields

    def honeypot_filled(self) -> bool:
        """A field no person sees was filled in: a bot, answered quietly."""
        return any(self.data.get(name) for name in self.honeypot_fields)

    def _protection(self) -> tuple[uuid.UUID, float] | None:
        """The signed token and moment the form was shown (``0`` for a very old form); ``None``
        for a missing or forged value, or one posted with another token than it was signed for."""
        signed = _unsign_protection(self.data.get("started", ""))
        if signed is None:
            return None
        posted = self.data.get("submission")
        if posted and str(posted).strip().lower() != str(signed[0]):
            return None
        return signed

    def _kept_token(self) -> uuid.UUID:
        """The token a form shown again keeps: the signed one, else the posted one (a forged
        stamp gets a new timer for it, which costs a bot as much as a fresh form), else new."""
        signed = self._protection()
        if signed is not None:
            return signed[0]
        try:
            return uuid.UUID(str(self.data.get("submission") or ""))
        except ValueError:
            return uuid.uuid4()

    def _started_at(self) -> float | None:
        """When the form was shown; ``None`` for a missing or forged stamp."""
        signed = self._protection()
        return signed[1] if signed is not None else None

    def sent_too_fast(self) -> bool:
        """Sent sooner after it was shown than a person types, or without a valid stamp."""
        started = self._started_at()
        if started is None:
            return True
        return time.time() - started < MINIMUM_FILL_SECONDS

    def is_bot(self) -> bool:
        """Either of the two signs; views treat them differently (see the class)."""
        return self.honeypot_filled() or self.sent_too_fast()

    def ask_to_send_again(self) -> None:
        """Turns a valid but hurried post into a form to send again: a short message on top,
        input and token kept, and a stamp that lets the next send through at once."""
        self.add_error(None, forms.ValidationError(SEND_AGAIN_MESSAGE, code="send_again"))
        token = self._kept_token()
        self._set_protection(token, sign_protection(token, time.time() - MINIMUM_FILL_SECONDS))

    def submission_token(self) -> uuid.UUID:
        """The form's token: the one signed with the fill timer (never one the post chose), or,
        on a form without the timer, the posted one; a new one when there is none."""
        if self._timed:
            signed = self._protection()
            return signed[0] if signed is not None else uuid.uuid4()
        token = self.cleaned_data.get("submission") if hasattr(self, "cleaned_data") else None
        return token or uuid.uuid4()

    def keep_protection_fresh(self) -> None:
        """Called when a bound form is shown again with errors: keeps the token (so a later
        double post is still caught) and the fill timer, unless the value was missing or
        forged: then a timer that starts now."""
        if not self._timed:
            self._set_protection(self.data.get("submission") or uuid.uuid4(), None)
        elif self._protection() is None:
            token = self._kept_token()
            self._set_protection(token, sign_protection(token, time.time()))
        else:
            self._set_protection(self._kept_token(), self.data.get("started", ""))

    def honeypot(self) -> list[forms.BoundField]:
        """The honeypot fields, for a template that lays out its fields itself."""
        return [self[name] for name in self.honeypot_fields]

    def submitted_data(self) -> dict[str, Any]:
        """The cleaned answers, without the protection fields: the ``data`` of the submit
        service (see ``cms.form_flow``). Only after ``is_valid()``; override to reshape."""
        return {
            name: self.cleaned_data[name]
            for name in self.fields
            if name not in self.protection_fields
        }

    def carried_data(self) -> list[tuple[str, str]]:
        """The post as typed, field by field (a pair per value of a multiple choice), for the
        hidden fields of a page between the form and the send ("Check your answers"): it
        posts them back to change or to send. Nothing goes into the address or a session."""
        carried: list[tuple[str, str]] = []
        for name in self.fields:
            if hasattr(self.data, "getlist"):
                values = self.data.getlist(name)
            else:
                value = self.data.get(name)
                values = value if isinstance(value, list | tuple) else [value]
            carried.extend((name, str(value)) for value in values if value is not None)
        return carried

    def _set_protection(self, token: uuid.UUID | str, started: str | None) -> None:
        data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict, or a dict in tests
        data["submission"] = str(token)
        if started is not None:
            data["started"] = started
        self.data = data


# --- Forms in sections ------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A group of questions under a heading; ``key`` names its anchor (``#section-<key>``)."""

    key: str
    heading: str | Promise
    fields: tuple[str, ...]


def section_fields(sections: Iterable[Section]) -> tuple[str, ...]:
    """Every field of ``sections``, in the order the form asks them (e.g. a ModelForm's
    ``Meta.fields``)."""
    return tuple(name for section in sections for name in section.fields)


def _choice_labels(field: forms.ChoiceField) -> dict[Any, Any]:
    """A choice field's codes and their labels (flat choices, no groups)."""
    return dict(cast("Iterable[tuple[Any, Any]]", field.choices))


class SectionedForm(forms.BaseForm):
    """A form asked in sections. ``SECTIONS`` is the one list of its fields: a ModelForm takes
    ``Meta.fields = section_fields(SECTIONS)``, the template lays the form out by
    ``sections()``, and "Check your answers" shows ``answers()`` in the same groups.

    Override ``answer_applies`` to leave out questions that did not apply, and ``answer_text``
    for an answer that reads better in other words.
    """

    SECTIONS: ClassVar[tuple[Section, ...]] = ()

    def sections(self) -> list[dict[str, Any]]:
        """The sections with their bound fields, each with its errors."""
        return [
            {
                "key": section.key,
                "heading": section.heading,
                "fields": [(self[name], self[name].errors) for name in section.fields],
            }
            for section in self.SECTIONS
        ]

    def answers(self) -> list[dict[str, Any]]:
        """What the visitor answered, grouped in the sections, in words (the labels of choices,
        not their codes), as it will be stored. Only after ``is_valid()``."""
        return [
            {
                "key": section.key,
                "heading": section.heading,
                "rows": [
                    {
                        "name": name,
                        "label": _TRAILING_NOTE.sub("", str(self[name].label)),
                        "value": self.answer_text(name),
                    }
                    for name in section.fields
                    if self.answer_applies(name)
                ],
            }
            for section in self.SECTIONS
        ]

    def answer_applies(self, name: str) -> bool:
        """Whether the question ``name`` belongs on "Check your answers"."""
        return True

    def answer_text(self, name: str) -> str:
        """The answer to ``name`` in words; "Not given" for an optional question left empty."""
        value = self.cleaned_data.get(name)
        field = self.fields[name]
        if isinstance(field, forms.BooleanField):
            return gettext("Yes") if value else gettext("No")
        if isinstance(field, PostcodeField):
            return value.code if value else ""
        if isinstance(field, PhoneField):
            return format_phone(value) if value else gettext("Not given")
        if isinstance(field, forms.MultipleChoiceField):
            labels = _choice_labels(field)
            return ", ".join(str(labels.get(code, code)) for code in value or ()) or gettext(
                "Not given"
            )
        if isinstance(field, forms.ChoiceField):
            return str(_choice_labels(field).get(value, value)) if value else gettext("Not given")
        if isinstance(field, forms.DateField):
            return date_format(value, "DATE_FORMAT") if value else gettext("Not given")
        return str(value) if value else gettext("Not given")


# --- The error summary -------------------------------------------------------------------------

_CHOICE_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.Select)
_default_messages: dict[str, frozenset[str]] = {}


def plain_label(label: Any) -> str:
    """A field's label as a phrase: without "(optional)" or a like note at its end, and
    without a trailing colon or question mark."""
    text = _TRAILING_NOTE.sub("", str(label or "")).strip()
    return text.rstrip(" :?").strip()


def _django_messages() -> frozenset[str]:
    """Django's own error messages in the current language: they do not name the field."""
    language = get_language() or ""
    if language not in _default_messages:
        texts: set[str] = set()
        for module in (django_fields, django_model_fields):
            for value in vars(module).values():
                if isinstance(value, type) and issubclass(value, forms.Field):
                    texts.update(str(m) for m in value.default_error_messages.values())
        for value in vars(validators).values():
            if isinstance(value, type):
                message = getattr(value, "message", None)
                if message is not None:
                    texts.add(str(message))
                messages = getattr(value, "messages", None)
                if isinstance(messages, dict):
                    texts.update(str(m) for m in messages.values())
        _default_messages[language] = frozenset(texts)
    return _default_messages[language]


def _summary_text(field: forms.BoundField, error: forms.ValidationError) -> str:
    message = error.message % error.params if error.params else error.message
    template = str(error.message)
    if template not in _django_messages():
        return str(message)  # the form's own words, which say what to do
    label = str(field.label or "").strip().rstrip(":").strip()
    if error.code == "required" and label:
        widget = field.field.widget
        if isinstance(widget, forms.CheckboxInput):
            return gettext("Tick “%(label)s”.") % {"label": label}
        if isinstance(widget, _CHOICE_WIDGETS):
            return gettext("Choose an answer to “%(label)s”.") % {"label": label}
        return gettext("Fill in “%(label)s”.") % {"label": label}
    phrase = plain_label(field.label)
    if not phrase:
        return str(message)
    return gettext("%(label)s: %(message)s") % {"label": phrase, "message": message}


def error_summary(form: forms.BaseForm) -> list[dict[str, str]]:
    """The lines of a form's error summary, each a sentence: the form's own message alone,
    or the field's name with one of Django's general messages. Field lines link to the field."""
    lines = [{"href": "", "text": str(message)} for message in form.non_field_errors()]
    data = form.errors.as_data()
    for name in form.fields:
        if name not in data:
            continue
        field = form[name]
        for error in data[name]:
            if field.is_hidden:
                lines.append({"href": "", "text": str(error.message)})
            else:
                lines.append({"href": f"#{field.auto_id}", "text": _summary_text(field, error)})
    return lines
