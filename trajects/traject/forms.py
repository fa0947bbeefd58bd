"""The small forms of a traject's moves: a note, and a reason for stopping."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from trajects.traject.models import StopReason

NOTE_MAX_LENGTH = 2000
# Notes are read by every staff member of the region: the family's details stay on the registration.
NOTE_HELP = _(
    "Visible to the staff of this region. Write what was decided, not the family's personal details."
)


def note_field() -> forms.CharField:
    return forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NOTE_HELP,
    )


class NoteForm(forms.Form):
    note = note_field()


class StopForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why does the traject stop?"),
        choices=StopReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason for stopping.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the reason is “Other”. %(help)s") % {"help": NOTE_HELP},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == StopReason.OTHER and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say in the note why the traject stops."))
        return cleaned
