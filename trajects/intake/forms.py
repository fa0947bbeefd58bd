"""The forms of intake: a registration received by phone, a reason to decline, the registration
a duplicate repeats."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from people.models import Postcode, User
from people.regions import region_name
from trajects.forms import AGREEMENT_CHOICES, AGREES, RegistrationForm
from trajects.models.registrations import Registration
from trajects.services import may_take_registration_calls
from trajects.traject.forms import NOTE_HELP, NOTE_MAX_LENGTH, NoteForm, note_field

__all__ = ["DeclineForm", "DuplicateForm", "NoteForm", "PhoneRegistrationForm"]

# The public form speaks to the registrant ("your name"); staff type in what a caller says.
CALLER_LABELS = {
    "registrant_type": _("Who is calling?"),
    "registrant_name": _("Name of the caller"),
    "registrant_email": _("E-mail address of the caller"),
    "registrant_phone": _("Phone number of the caller"),
}
CALLER_HELP = {
    "registrant_email": _(
        "The confirmation with the reference and the status link goes here. No address? Then "
        "nothing is sent: give the caller the reference yourself. Professionals: required."
    ),
    "core_name": _("The caller registers for themselves? Then you may leave this empty."),
}


class PhoneRegistrationForm(RegistrationForm):
    """A registration received by phone, typed in by regional staff or an administrator: the
    public form's fields, sections and rules, worded about the caller. The core person's
    agreement is still required, and the postcode must lie in a region of the staff member
    (``user``); the postcode gives the region, as on the public form.

    Staff are logged in and no bots: no honeypot and no minimum fill time. The submission
    token stays, so a double click stores one registration.
    """

    # Django's way to leave out a parent's declared field.
    website = None  # type: ignore[assignment]
    started = None  # type: ignore[assignment]
    # The form's template words the privacy notice for staff.
    for_staff = True

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name, label in CALLER_LABELS.items():
            self.fields[name].label = label
        for name, help_text in CALLER_HELP.items():
            self.fields[name].help_text = help_text
        agreement = cast("forms.ChoiceField", self.fields["core_person_agrees"])
        agreement.choices = [
            (code, _("Not yet: the caller has not been able to talk to them about it"))
            if code == "not_yet"
            else (code, label)
            for code, label in AGREEMENT_CHOICES
        ]
        privacy = self.fields["privacy_acknowledged"]
        privacy.label = _("I told the caller about the privacy notice")
        privacy.error_messages["required"] = _(
            "Tell the caller about the privacy notice, then tick the box to confirm."
        )

    def honeypot_filled(self) -> bool:
        return False

    def honeypot(self) -> list[forms.BoundField]:
        return []

    def clean_postcode(self) -> Postcode | None:
        postcode = self.cleaned_data.get("postcode")
        if postcode is not None and not may_take_registration_calls(
            self.user, region_id=postcode.region_id
        ):
            raise forms.ValidationError(
                _(
                    "Postcode %(postcode)s belongs to the region %(region)s, which is not one "
                    "of your regions. Pass the call on to the staff of that region."
                ),
                params={"postcode": postcode.code, "region": region_name(postcode.region)},
                code="other_region",
            )
        return postcode

    def clean_core_person_agrees(self) -> bool:
        if self.cleaned_data["core_person_agrees"] != AGREES:
            raise forms.ValidationError(
                _(
                    "A registration is only recorded when the core person knows about it and "
                    "agrees. Ask the caller to talk to them first and to call back."
                ),
                code="agreement_needed",
            )
        return True


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
