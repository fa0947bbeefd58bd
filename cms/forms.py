"""Shared pieces for the public forms: rendering, and protection against bots and double posts.

The domain apps' public forms (registration, volunteer application) mix in ``ProtectedForm``.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

from django import forms
from django.core import signing, validators
from django.forms import fields as django_fields
from django.forms import models as django_model_fields
from django.forms.renderers import TemplatesSetting
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

# A person needs at least this long to fill in a public form; a bot is faster.
MINIMUM_FILL_SECONDS = 3
# A form older than this is stale; the visitor gets a fresh one (not treated as a bot).
MAXIMUM_FORM_AGE = 60 * 60 * 24
_SALT = "kring.cms.forms.started"

SEND_AGAIN_MESSAGE = _(
    "The form was sent very quickly, so we have not received it yet. Please check your "
    "answers and send the form again."
)


class KringFormRenderer(TemplatesSetting):
    """Every form renders with an error summary on top and accessible fields."""

    form_template_name = "includes/forms/form.html"
    field_template_name = "includes/forms/field.html"


def _sign(moment: float) -> str:
    return signing.dumps(moment, salt=_SALT)


def _sign_now() -> str:
    return _sign(time.time())


class ProtectedForm(forms.Form):
    """A honeypot, a minimum fill time and a submission token.

    - ``website`` is hidden from people (CSS, ``aria-hidden``, no tab stop); bots fill it in.
    - ``started`` is a signed time stamp of when the form was shown.
    - ``submission`` is a random token per form: a second post of the same form (double click,
      back button, two tabs) carries the same token, so the service can answer with what the
      first post stored instead of storing it twice.

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("started", _sign_now())
            self.initial.setdefault("submission", uuid.uuid4())

    def honeypot_filled(self) -> bool:
        """A field no person sees was filled in: a bot, answered quietly."""
        return any(self.data.get(name) for name in self.honeypot_fields)

    def _started_at(self) -> float | None:
        """When the form was shown; ``None`` for a missing or forged stamp; ``0`` for one so
        old that its age no longer tells anything."""
        try:
            return float(
                signing.loads(self.data.get("started", ""), salt=_SALT, max_age=MAXIMUM_FORM_AGE)
            )
        except signing.SignatureExpired:
            return 0.0  # a person who left the form open overnight
        except (signing.BadSignature, TypeError, ValueError):
            return None

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
        self._set_stamp(_sign(time.time() - MINIMUM_FILL_SECONDS))

    def submission_token(self) -> uuid.UUID:
        """The form's token; a new one when the post carried none (a person's browser always
        sends it back)."""
        token = self.cleaned_data.get("submission") if hasattr(self, "cleaned_data") else None
        return token or uuid.uuid4()

    def keep_protection_fresh(self) -> None:
        """Called when a bound form is shown again with errors: keeps the token (so a later
        double post is still caught) and the fill timer, unless the stamp was missing or
        forged: then the timer starts now."""
        if self._started_at() is None:
            self._set_stamp(_sign_now())
        else:
            self._set_stamp(self.data.get("started", ""))

    def _set_stamp(self, started: str) -> None:
        data = self.data.copy()
        if not data.get("submission"):
            data["submission"] = str(uuid.uuid4())
        data["started"] = started
        self.data = data


# --- The error summary -------------------------------------------------------------------------

_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")
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
