"""The coach's one form: the sign-off from a closed learning traject."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from training.learning.models import SIGN_OFF_NOTE_MAX_LENGTH


class LearningSignOffForm(forms.Form):
    note = forms.CharField(
        label=_("Note with the sign-off (optional)"),
        required=False,
        max_length=SIGN_OFF_NOTE_MAX_LENGTH - 60,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example what went well. The coordinator and staff can read it."),
    )
