"""Shared pieces for the public forms: rendering, and protection against bots and double posts.

The domain apps' public forms (registration, volunteer application) mix in ``ProtectedForm``.
"""

from __future__ import annotations

import time
import uuid

from django import forms
from django.core import signing
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

# A person needs at least this long to fill in a public form; a bot is faster.
MINIMUM_FILL_SECONDS = 3
# A form older than this is stale; the visitor gets a fresh one (not treated as a bot).
MAXIMUM_FORM_AGE = 60 * 60 * 24
_SALT = "kring.cms.forms.started"


class KringFormRenderer(TemplatesSetting):
    """Every form renders with an error summary on top and accessible fields."""

    form_template_name = "includes/forms/form.html"
    field_template_name = "includes/forms/field.html"


def _sign_now() -> str:
    return signing.dumps(time.time(), salt=_SALT)


class ProtectedForm(forms.Form):
    """A honeypot, a minimum fill time and a submission token.

    - ``website`` is hidden from people (CSS, ``aria-hidden``, no tab stop); bots fill it in.
    - ``started`` is a signed time stamp of when the form was shown.
    - ``submission`` is a random token per form: a second post of the same form (double click,
      back button, two tabs) carries the same token, so the service can answer with what the
      first post stored instead of storing it twice.

    ``is_bot()`` tells whether the post looks automated; the view then answers as if all went
    well and stores nothing.
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

    def is_bot(self) -> bool:
        data = self.data
        if any(data.get(name) for name in self.honeypot_fields):
            return True
        try:
            started = signing.loads(data.get("started", ""), salt=_SALT, max_age=MAXIMUM_FORM_AGE)
        except signing.SignatureExpired:
            return False  # a person who left the form open overnight
        except signing.BadSignature:
            return True
        return time.time() - float(started) < MINIMUM_FILL_SECONDS

    def submission_token(self) -> uuid.UUID:
        """The form's token; a new one when the post carried none (a person's browser always
        sends it back)."""
        token = self.cleaned_data.get("submission") if hasattr(self, "cleaned_data") else None
        return token or uuid.uuid4()

    def keep_protection_fresh(self) -> None:
        """Called when a bound form is shown again with errors: keeps the token (so a later
        double post is still caught) but does not reset the fill timer."""
        data = self.data.copy()
        if not data.get("submission"):
            data["submission"] = str(uuid.uuid4())
        self.data = data
