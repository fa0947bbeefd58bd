"""The forms of intake's decisions: a reason to decline, the registration a duplicate repeats."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from trajects.models.registrations import Registration
from trajects.traject.forms import NOTE_HELP, NOTE_MAX_LENGTH, NoteForm, note_field

__all__ = ["DeclineForm", "DuplicateForm", "NoteForm"]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the registration not accepted?"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NOTE_HELP,
        error_messages={"required": _("Give the reason why the registration is not accepted.")},
    )


class DuplicateForm(forms.Form):
    """``registrations``: those the staff member may see; the other must be one of them."""

    reference = forms.CharField(
        label=_("Reference of the registration that is kept"),
        max_length=20,
        help_text=_("For example EKC-2026-0042."),
        error_messages={"required": _("Give the reference of the other registration.")},
    )
    note = note_field()

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.registrations = registrations

    def clean_reference(self) -> Registration:
        reference = self.cleaned_data["reference"].strip().upper()
        other = self.registrations.filter(reference=reference).first()
        if other is None:
            raise forms.ValidationError(
                _("There is no registration %(reference)s in your regions."),
                params={"reference": reference},
            )
        return other
