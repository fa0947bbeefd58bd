"""The sign-off of one of a volunteer's tracks."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from training.learning.models import SIGN_OFF_NOTE_MAX_LENGTH


class SignOffForm(forms.Form):
    """The sign-off of one of a volunteer's tracks, with an optional note."""

    track = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=SIGN_OFF_NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
