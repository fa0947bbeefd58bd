"""The forms of matching: staff propose a coordinator; the coordinator declines with a reason;
a coordinator says from when they are available again."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajects.matching.models import DeclineReason
from trajects.traject.forms import NOTE_MAX_LENGTH


class ProposeForm(forms.Form):
    """One row's button on the shortlist: the coordinator's id travels in a hidden field."""

    coordinator = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[("propose", "propose"), ("exclude", "exclude")])


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why do you decline?"),
        choices=DeclineReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why you decline.")},
    )
    note = forms.CharField(
        label=_("Anything staff should know (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Staff of the region read this. Do not write about the family."),
    )


class AvailabilityForm(forms.Form):
    available_from = forms.DateField(
        label=_("I am available for a new traject from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Leave empty when you are available now. Staff will not propose a traject to you "
            "before that day."
        ),
        error_messages={"invalid": _("Enter a date like 31/12/2025.")},
    )

    def clean_available_from(self) -> datetime.date | None:
        day = self.cleaned_data.get("available_from")
        if day is not None and day > timezone.localdate() + datetime.timedelta(days=366):
            raise forms.ValidationError(_("Choose a date within a year."))
        if day is not None and day <= timezone.localdate():
            return None  # a day that has come: available now
        return day
