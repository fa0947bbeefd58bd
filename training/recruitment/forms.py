"""The volunteer application form: every field checked on the server, bots and double posts
caught by ``cms.forms.ProtectedForm``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cms.forms import ProtectedForm
from people.forms import LanguagesField, PhoneField, PostcodeField
from training.recruitment.models import (
    MOTIVATION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    OTHER_MAX_LENGTH,
    REMARKS_MAX_LENGTH,
    ApplicationStatus,
    Availability,
    HeardOfUs,
    StopReason,
)
from training.recruitment.services import next_statuses


class ApplicationForm(ProtectedForm):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Enter an e-mail address like name@example.be.")},
    )
    phone = PhoneField(help_text=_("We call you to plan an intake conversation."))
    postcode = PostcodeField(
        help_text=_("Where you live: the staff member of your region will contact you.")
    )
    languages = LanguagesField(
        label=_("Which languages do you speak?"),
        error_messages={"required": _("Choose at least one language.")},
    )
    motivation = forms.CharField(
        label=_("Why would you like to become an Eigen Kracht-coordinator?"),
        max_length=MOTIVATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("A few sentences are enough (at most 3000 characters)."),
    )
    availability = forms.MultipleChoiceField(
        label=_("When are you usually available?"),
        choices=Availability.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one moment.")},
    )
    availability_remarks = forms.CharField(
        label=_("Remarks on your availability (optional)"),
        max_length=REMARKS_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    heard_of_us = forms.ChoiceField(
        label=_("How did you hear of us?"),
        choices=HeardOfUs.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one answer.")},
    )
    heard_of_us_other = forms.CharField(
        label=_("If you chose Other: how did you hear of us?"),
        max_length=OTHER_MAX_LENGTH,
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that Eigen Kracht Centrale stores and uses my details to handle my "
            "application as a volunteer."
        ),
        error_messages={
            "required": _("We can only handle your application with your consent."),
        },
    )

    def __init__(self, *args: Any, privacy_url: str = "#privacy", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].help_text = format_html(
            '<a href="{}">{}</a>', privacy_url, _("How we handle your details")
        )

    def clean_first_name(self) -> str:
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self) -> str:
        return self.cleaned_data["last_name"].strip()

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if (
            cleaned.get("heard_of_us") == HeardOfUs.OTHER
            and not cleaned.get("heard_of_us_other", "").strip()
        ):
            self.add_error("heard_of_us_other", _("Tell us how you heard of us."))
        return cleaned

    def submitted_data(self) -> dict[str, Any]:
        """The answers as ``services.application_submit`` stores them: lists for the multiple
        choices, and the "other" answer only when "Other" was chosen."""
        data = super().submitted_data()
        data["languages"] = list(data["languages"])
        data["availability"] = list(data["availability"])
        if data["heard_of_us"] != HeardOfUs.OTHER:
            data["heard_of_us_other"] = ""
        return data


class ApplicationStepForm(forms.Form):
    """A step of an application through the pipeline. The menu offers the steps that can
    follow the current one; ``services.application_step_record`` holds the rules (and says
    why anything else is refused)."""

    status = forms.ChoiceField(label=_("New status"), choices=ApplicationStatus.choices)
    occurred_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("When it happened: today or earlier."),
        error_messages={"invalid": _("Enter a date like 31/12/2025.")},
    )
    stop_reason = forms.ChoiceField(
        label=_("Reason for stopping"),
        choices=[("", _("Only when the application stops")), *StopReason.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was agreed, or why. Needed to reopen a stopped application."),
    )

    def __init__(self, *args: Any, current_status: str, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("occurred_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        labels = dict(ApplicationStatus.choices)
        self.next_statuses = next_statuses(current_status)
        self.fields["status"].widget.choices = [
            (value, labels[value]) for value in self.next_statuses
        ]
        if self.next_statuses and "status" not in self.initial:
            self.initial["status"] = self.next_statuses[0]


class MakeVolunteerForm(forms.Form):
    """Confirms making the volunteer account, or linking the existing one."""

    CREATE = "create"
    LINK = "link"

    action = forms.ChoiceField(
        choices=[(CREATE, CREATE), (LINK, LINK)], widget=forms.HiddenInput, initial=CREATE
    )
