"""The small forms of the coordinator's workspace, one per section of a traject's page. They
check what a form can (required fields, choices, the uploaded document by its content); the
services check the rest (the route, the dates, the three checks) and their refusals are shown
on the same forms by the views."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajects.workspace import files
from trajects.workspace.models import Check, ChecklistItem, Outcome, Relation

TEXT_MAX_LENGTH = 2000


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_widget() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ChecklistForm(forms.Form):
    items = forms.MultipleChoiceField(
        label=_("Done so far"),
        choices=ChecklistItem.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class QuestionForm(forms.Form):
    agreed_question = forms.CharField(
        label=_("The question as agreed"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=_textarea(4),
        help_text=_("Open and shareable: the core person chooses it and everyone may read it."),
    )


class ParticipantForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        error_messages={"required": _("Fill in the participant's name.")},
    )
    relation = forms.ChoiceField(
        label=_("Relation to the family"),
        choices=Relation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the participant relates to the family.")},
    )
    organisation = forms.CharField(
        label=_("Organisation (for a professional)"), max_length=200, required=False
    )
    reach = forms.CharField(
        label=_("How to reach them (optional)"),
        max_length=200,
        required=False,
        help_text=_("A phone number or an address."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("relation") == Relation.PROFESSIONAL
            and not cleaned.get("organisation", "").strip()
        ):
            self.add_error("organisation", _("Fill in the organisation of the professional."))
        return cleaned


class ParticipantStateForm(forms.Form):
    """One participant's next state; only the states that may follow the current one."""

    state = forms.ChoiceField(error_messages={"required": _("Choose the next state.")})

    def __init__(self, *args, participant_name: str, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["state"])
        field.choices = choices
        field.label = _("Next state for %(name)s") % {"name": participant_name}
        field.error_messages["invalid_choice"] = _(
            "A participant moves on one step at a time: choose the next state."
        )


class ConferenceForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        widget=_date_widget(),
        error_messages={
            "required": _("Fill in the date of the conference."),
            "invalid": _("Enter a date like 31/12/2025."),
        },
    )
    time = forms.TimeField(
        label=_("Time"),
        widget=_time_widget(),
        error_messages={
            "required": _("Fill in the time the conference begins."),
            "invalid": _("Enter a time like 14:30."),
        },
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        error_messages={"required": _("Fill in where the conference takes place.")},
    )
    language = forms.CharField(
        label=_("Language (optional)"),
        max_length=100,
        required=False,
        help_text=_("The language the conference is held in."),
    )
    interpreter = forms.BooleanField(label=_("An interpreter is arranged"), required=False)
    practical = forms.CharField(
        label=_("Practical arrangements (optional)"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=_textarea(),
        help_text=_("Childcare, transport, food. Not what the family tells you."),
    )

    # The service's refusal about the start goes next to the date.
    service_fields = {"starts_at": "date"}

    def starts_at(self) -> datetime.datetime:
        return timezone.make_aware(
            datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        )


class ConferenceHeldForm(forms.Form):
    private_time_start = forms.TimeField(
        label=_("Private time began at (optional)"),
        required=False,
        widget=_time_widget(),
        error_messages={"invalid": _("Enter a time like 14:30.")},
    )
    private_time_end = forms.TimeField(
        label=_("Private time ended at (optional)"),
        required=False,
        widget=_time_widget(),
        error_messages={"invalid": _("Enter a time like 15:45.")},
    )


class PlanActionForm(forms.Form):
    """One action of the plan: what, who, by when. An empty row is left out."""

    what = forms.CharField(label=_("What"), max_length=300, required=False)
    who = forms.CharField(label=_("Who"), max_length=150, required=False)
    by_when = forms.DateField(
        label=_("By when (optional)"),
        required=False,
        widget=_date_widget(),
        error_messages={"invalid": _("Enter a date like 31/12/2025.")},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        what, who = cleaned.get("what", "").strip(), cleaned.get("who", "").strip()
        if (what or who or cleaned.get("by_when")) and not what:
            self.add_error("what", _("Say what is to be done."))
        if what and not who:
            self.add_error("who", _("Say who does it."))
        return cleaned


ACTION_ROWS_EMPTY = 3
ACTION_ROWS_MAX = 50

PlanActionFormSet = forms.formset_factory(
    PlanActionForm,
    extra=ACTION_ROWS_EMPTY,
    max_num=ACTION_ROWS_MAX,
    validate_max=True,
    absolute_max=ACTION_ROWS_MAX + ACTION_ROWS_EMPTY,
)


def _check_field(label) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=Check.choices, required=False, widget=forms.RadioSelect
    )


def _note_field(label) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=TEXT_MAX_LENGTH, required=False, widget=_textarea(2)
    )


class PlanForm(forms.Form):
    """The plan: a document and/or its actions (a formset in ``self.actions``), the three checks
    with their notes, who reconvenes the network."""

    document = forms.FileField(
        label=_("The plan as a document (optional)"),
        required=False,
        widget=forms.FileInput(
            attrs={
                "accept": ".pdf,.docx,.odt," + ",".join(sorted(files.CONTENT_TYPES.values())),
            }
        ),
        help_text=_("PDF, Word (.docx) or OpenDocument (.odt), at most 10 MB."),
    )
    safe = _check_field(_("Is the plan safe?"))
    safe_note = _note_field(_("Note on safety"))
    legal = _check_field(_("Is the plan legal?"))
    legal_note = _note_field(_("Note on legality"))
    workable = _check_field(_("Is the plan workable?"))
    workable_note = _note_field(_("Note on workability"))
    reconvener = forms.CharField(
        label=_("Who reconvenes the network if the plan needs adjusting"),
        max_length=200,
        required=False,
    )

    CHECK_FIELDS = ("safe", "safe_note", "legal", "legal_note", "workable", "workable_note")

    def __init__(self, data=None, files_=None, *, actions_initial=None, **kwargs):
        super().__init__(data, files_, **kwargs)
        self.document_type = ""
        self.actions = PlanActionFormSet(data, prefix="actions", initial=actions_initial)

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document:
            self.document_type = files.document_type(document)
        return document

    def is_valid(self) -> bool:
        valid = super().is_valid()
        actions_valid = self.actions.is_valid()
        if not actions_valid:
            if self.actions.non_form_errors():
                for error in self.actions.non_form_errors():
                    self.add_error(None, error)
            else:
                self.add_error(None, _("Check the actions of the plan: see the marked rows."))
        return valid and actions_valid

    def action_rows(self) -> list[dict[str, Any]]:
        return [
            {"what": row["what"], "who": row["who"], "by_when": row.get("by_when")}
            for row in self.actions.cleaned_data
            if row.get("what", "").strip()
        ]

    def checks(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in self.CHECK_FIELDS}


class DistributeForm(forms.Form):
    distributed_to = forms.CharField(
        label=_("To whom was the plan distributed?"),
        max_length=TEXT_MAX_LENGTH,
        widget=_textarea(2),
        help_text=_("For example: everyone who attended, and the social worker."),
        error_messages={"required": _("Say to whom the plan was distributed.")},
    )


class FollowUpForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("How was the plan carried out?"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the plan was carried out.")},
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=_textarea(),
        help_text=_("How it is going, in a few words. Do not write the family's details."),
    )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why was there no follow-up?"),
        max_length=TEXT_MAX_LENGTH,
        widget=_textarea(),
        help_text=_("Staff of the region read this. Do not write the family's details."),
        error_messages={"required": _("Say why there was no follow-up.")},
    )
