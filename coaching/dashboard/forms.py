"""The dashboard's forms: a contact logged with a coordinator, and the weekly digest on or off."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coaching.dashboard.services import NOTE_MAX_LENGTH
from coaching.models import ContactKind
from people.access import coordinators_of
from people.models import User

NO_FAMILY_DETAILS = _("No names or details of families; refer to a traject by its reference.")


class CoordinatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.email


class ContactForm(forms.Form):
    """A contact with one of the coordinators the coach coaches today."""

    coordinator = CoordinatorChoiceField(
        label=_("Coordinator"),
        queryset=User.objects.none(),
        empty_label=None,
        # Where the form opens (its own page, or the dashboard's panel through htmx).
        widget=forms.Select(attrs={"autofocus": True}),
    )
    occurred_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    kind = forms.ChoiceField(
        label=_("Kind of contact"), choices=ContactKind.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NO_FAMILY_DETAILS,
    )

    def __init__(self, *args: Any, coach: User, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("occurred_on", timezone.localdate())
        kwargs["initial"].setdefault("kind", ContactKind.CALL)
        super().__init__(*args, **kwargs)
        coordinator_field: forms.ModelChoiceField = self.fields["coordinator"]  # type: ignore[assignment]
        coordinator_field.queryset = coordinators_of(coach).order_by(
            "first_name", "last_name", "pk"
        )


class DigestSettingsForm(forms.Form):
    weekly_digest = forms.BooleanField(
        label=_("Send me the weekly digest on Monday morning"),
        required=False,
        help_text=_("An e-mail with the week's flags and sessions: links only, no family details."),
    )
