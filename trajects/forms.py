"""The registration form (aanmeldingsformulier): what a visitor types, validated on the server.

The form only validates; ``services.registration_submit`` stores. Every message says what to do,
and the visitor's input is kept when something is wrong. ``REGISTRATION_SECTIONS`` is the one
list of the registration's fields: the form asks them in these sections, "Check your answers"
shows them in these groups, and ``submitted_data()`` gives them to the service.
"""

from __future__ import annotations

import unicodedata

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cms.forms import ProtectedForm, Section, SectionedForm, section_fields
from people.forms import LanguagesField, PhoneField, PostcodeField
from people.models import Language, Postcode
from people.regions import GENERAL_PHONE
from trajects.models.registrations import (
    ChildrenInvolved,
    HeardOfUs,
    OrganisationType,
    RegistrantType,
    Registration,
    WishedStart,
)

# The registration's fields, in the sections and the order the form asks them.
REGISTRATION_SECTIONS = (
    Section(
        "registrant",
        _("About you"),
        (
            "registrant_type",
            "organisation_type",
            "organisation_name",
            "registrant_name",
            "registrant_email",
            "registrant_phone",
        ),
    ),
    Section(
        "core_person",
        _("The core person"),
        (
            "core_name",
            "postcode",
            "municipality",
            "core_phone",
            "core_email",
            "languages",
            "conference_language",
            "children_involved",
        ),
    ),
    Section(
        "question",
        _("The question"),
        ("question", "wished_start", "wished_start_date", "heard_of_us", "heard_of_us_other"),
    ),
    Section(
        "agreement",
        _("Agreement and privacy"),
        ("core_person_agrees", "privacy_acknowledged"),
    ),
)
AGREES = "yes"
AGREEMENT_CHOICES = [
    (AGREES, _("Yes, the core person knows about this registration and agrees")),
    ("not_yet", _("Not yet: I have not been able to talk to them about it")),
    ("no", _("No, the core person does not agree")),
]

# How far ahead a wished start date may lie.
# A wished start date may lie up to the same date next year (28 February for a leap day).
WISHED_START_HORIZON = relativedelta(years=1)


def _normalised(name: str) -> str:
    """A place name compared without case, accents, hyphens or extra spaces."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(text.replace("-", " ").replace("'", " ").casefold().split())


def _left_to_the_database(exclude=None) -> None:
    """``Model.validate_constraints`` for a form whose ``clean`` refuses what the constraints
    refuse (``RegistrationForm._post_clean``)."""


class RegistrationForm(ProtectedForm, SectionedForm, forms.ModelForm):
    """A registration: who registers, the core person, the question, agreement and privacy."""

    registrant_type = forms.ChoiceField(
        label=_("Who is registering?"),
        choices=RegistrantType.choices,
        widget=forms.RadioSelect,
    )
    organisation_type = forms.ChoiceField(
        label=_("Type of organisation"),
        choices=[("", _("Choose the type of organisation")), *OrganisationType.choices],
        required=False,
        help_text=_("Only for professionals."),
    )
    organisation_name = forms.CharField(
        label=_("Name of the organisation"),
        max_length=200,
        required=False,
        help_text=_("Only for professionals, e.g. CAW Antwerpen."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    registrant_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    registrant_email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        required=False,
        help_text=_("We send the confirmation here. Professionals: required."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    registrant_phone = PhoneField(label=_("Your phone number"), required=False)

    core_name = forms.CharField(
        label=_("Name of the core person"),
        max_length=150,
        required=False,
        help_text=_("Registering for yourself? Then you may leave this empty."),
    )
    postcode = PostcodeField(label=_("Postcode of the core person"))
    municipality = forms.CharField(
        label=_("Municipality of the core person"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    core_phone = PhoneField(label=_("Phone number of the core person"), required=False)
    core_email = forms.EmailField(
        label=_("E-mail address of the core person"),
        max_length=254,
        required=False,
        help_text=_("Give a phone number or an e-mail address (or both)."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    languages = LanguagesField(
        label=_("Languages the core person speaks (optional)"),
        required=False,
    )
    conference_language = forms.ChoiceField(
        label=_("Preferred language for the conference"),
        choices=Language.choices,
    )
    children_involved = forms.ChoiceField(
        label=_("Are children involved?"),
        choices=ChildrenInvolved.choices,
        widget=forms.RadioSelect,
    )
    question = forms.CharField(
        label=_("The question or wish"),
        max_length=4000,
        help_text=_(
            "In your own words: what is going on, and what would you like a plan for? "
            "At most 4000 characters."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    wished_start = forms.ChoiceField(
        label=_("When would you like to start?"),
        choices=WishedStart.choices,
        initial=WishedStart.AS_SOON_AS_POSSIBLE,
        widget=forms.RadioSelect,
    )
    wished_start_date = forms.DateField(
        label=_("From about this date (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    heard_of_us = forms.ChoiceField(
        label=_("How did you hear about us? (optional)"),
        choices=[("", _("Choose an answer")), *HeardOfUs.choices],
        required=False,
    )
    heard_of_us_other = forms.CharField(
        label=_("Other, namely (optional)"), max_length=200, required=False
    )
    core_person_agrees = forms.ChoiceField(
        label=_("Does the core person know about this registration and agree with it?"),
        choices=AGREEMENT_CHOICES,
        widget=forms.RadioSelect,
        help_text=_(
            "A conference belongs to the core person: they choose what the plan is about and "
            "whom to invite. That is why we only start with their agreement."
        ),
    )
    privacy_acknowledged = forms.BooleanField(
        label=_("I have read the privacy notice"),
        label_suffix="",
        error_messages={
            "required": _("Please read the privacy notice and tick the box to confirm.")
        },
    )

    class Meta:
        model = Registration
        fields = section_fields(REGISTRATION_SECTIONS)

    SECTIONS = REGISTRATION_SECTIONS

    template_name = "trajects/includes/registration_form.html"

    def __init__(self, *args, language: str = "nl", privacy_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and language in Language.values:
            self.initial.setdefault("conference_language", language)
        self.privacy_url = privacy_url
        # The core person's details are not the visitor's own: no autofill from their profile.
        self.fields["core_phone"].widget.attrs["autocomplete"] = "off"
        self.fields["question"].widget.attrs["maxlength"] = 4000

    def _post_clean(self) -> None:
        """Django's model validation, without asking the database about the model's check
        constraints: ``clean`` below refuses everything they refuse, with a message next to
        the field (a constraint's message would stand above the form), and the database keeps
        them as the last guard. Django checks each constraint with a query in a savepoint:
        four queries and eight savepoints, about a quarter of the CPU of accepting a
        registration (issue 14). tests/trajects/test_registration_constraints.py holds that
        whatever this form accepts satisfies every constraint."""
        instance = self.instance
        instance.validate_constraints = _left_to_the_database
        try:
            super()._post_clean()  # type: ignore[misc]  # not in the stubs
        finally:
            del instance.validate_constraints

    def answer_applies(self, name: str) -> bool:
        """Leaves out what did not apply: organisation fields for a citizen, "other, namely"
        without "other"."""
        cleaned = self.cleaned_data
        if name in ("organisation_type", "organisation_name"):
            return cleaned.get("registrant_type") == RegistrantType.PROFESSIONAL
        if name == "heard_of_us_other":
            return cleaned.get("heard_of_us") == HeardOfUs.OTHER
        return True

    def answer_text(self, name: str) -> str:
        if name == "core_person_agrees":  # cleaned to True: the answer in the visitor's words
            return str(dict(AGREEMENT_CHOICES)[AGREES]) if self.cleaned_data.get(name) else ""
        return super().answer_text(name)

    # --- Field rules -----------------------------------------------------------------------

    def clean_core_person_agrees(self) -> bool:
        if self.cleaned_data["core_person_agrees"] != AGREES:
            raise forms.ValidationError(
                format_lazy(
                    _(
                        "We can only start when the core person knows about this registration "
                        "and agrees. Please talk to them first and then register again. Would "
                        "you like to talk it through with us first? Call {phone}."
                    ),
                    phone=GENERAL_PHONE,
                ),
                code="agreement_needed",
            )
        return True

    def clean_wished_start_date(self):
        day = self.cleaned_data.get("wished_start_date")
        if day is None:
            return None
        today = timezone.localdate()
        if day < today:
            raise forms.ValidationError(
                _("This date has passed. Choose a date from today on, or leave it empty."),
                code="past",
            )
        if day > today + WISHED_START_HORIZON:
            raise forms.ValidationError(
                _("Choose a date within a year, or leave it empty."), code="too_far"
            )
        return day

    def clean(self):
        cleaned = super().clean()
        registrant_type = cleaned.get("registrant_type")
        self._clean_registrant(cleaned, registrant_type)
        self._clean_core_person(cleaned, registrant_type)
        self._clean_municipality(cleaned)
        if cleaned.get("heard_of_us") != HeardOfUs.OTHER:
            cleaned["heard_of_us_other"] = ""
        return cleaned

    def _clean_registrant(self, cleaned: dict, registrant_type: str | None) -> None:
        if registrant_type == RegistrantType.PROFESSIONAL:
            if not cleaned.get("organisation_type") and "organisation_type" not in self.errors:
                self.add_error(
                    "organisation_type", _("As a professional, choose your type of organisation.")
                )
            if not cleaned.get("organisation_name") and "organisation_name" not in self.errors:
                self.add_error(
                    "organisation_name", _("As a professional, give the name of your organisation.")
                )
            if not cleaned.get("registrant_email") and "registrant_email" not in self.errors:
                self.add_error(
                    "registrant_email",
                    _(
                        "As a professional, give your e-mail address: we send the confirmation there."
                    ),
                )
        elif registrant_type:
            # Typed in before choosing another answer: not kept for a citizen.
            cleaned["organisation_type"] = ""
            cleaned["organisation_name"] = ""
        if (
            not cleaned.get("registrant_email")
            and not cleaned.get("registrant_phone")
            and not {"registrant_email", "registrant_phone"} & set(self.errors)
        ):
            self.add_error(
                "registrant_phone",
                _("Give a phone number or an e-mail address, so that we can reach you."),
            )

    def _clean_core_person(self, cleaned: dict, registrant_type: str | None) -> None:
        if registrant_type == RegistrantType.CORE_PERSON:
            # Registering for yourself: your own details are the core person's.
            for core, own in (
                ("core_name", "registrant_name"),
                ("core_phone", "registrant_phone"),
                ("core_email", "registrant_email"),
            ):
                if not cleaned.get(core) and core not in self.errors:
                    cleaned[core] = cleaned.get(own) or ""
        if not cleaned.get("core_name") and "core_name" not in self.errors:
            self.add_error("core_name", _("Give the name of the core person."))
        if (
            not cleaned.get("core_phone")
            and not cleaned.get("core_email")
            and not {"core_phone", "core_email"} & set(self.errors)
        ):
            self.add_error(
                "core_phone",
                _("Give a phone number or an e-mail address of the core person."),
            )

    def _clean_municipality(self, cleaned: dict) -> None:
        postcode: Postcode | None = cleaned.get("postcode")
        typed = cleaned.get("municipality")
        if postcode is None or not typed:
            return
        names = list(postcode.places.order_by("name").values_list("name", flat=True))
        if not names:
            return  # no place names known for this postcode: take what was typed
        for name in names:
            if _normalised(name) == _normalised(typed):
                cleaned["municipality"] = name
                return
        self.add_error(
            "municipality",
            format_lazy(
                _("This municipality does not match postcode {postcode}. Choose one of: {names}."),
                postcode=postcode.code,
                names=", ".join(names),
            ),
        )
