"""Form fields every app's forms use for people's details: postcode, phone, languages."""

from __future__ import annotations

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from people.models import Language, Postcode


class PostcodeField(forms.CharField):
    """A Belgian postcode that exists; cleans to a ``Postcode`` (with its region)."""

    default_error_messages = {
        "invalid": _("Enter a Belgian postcode of four digits, e.g. 2000."),
        "unknown": _("This postcode does not exist in Belgium. Check the four digits."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 4)
        kwargs.setdefault("min_length", None)
        kwargs.setdefault("label", _("Postcode"))
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "postal-code", "size": 6})

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace(" ", "") if value else value

    def clean(self, value):
        code = super().clean(value)
        if code in self.empty_values:
            return None
        if not (len(code) == 4 and code.isdigit()):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        postcode = Postcode.objects.select_related("region").filter(code=code).first()
        if postcode is None:
            raise ValidationError(self.error_messages["unknown"], code="unknown")
        return postcode

    def prepare_value(self, value):
        return value.code if isinstance(value, Postcode) else value


class PhoneField(forms.CharField):
    """A phone number, Belgian by default (0470 12 34 56 or +32 ...); cleans to E.164."""

    default_error_messages = {
        "invalid": _("Enter a phone number we can call, e.g. 0470 12 34 56 or +32 3 123 45 67."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("label", _("Phone"))
        super().__init__(**kwargs)
        self.widget.input_type = "tel"
        self.widget.attrs.update({"autocomplete": "tel"})

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return ""
        try:
            number = phonenumbers.parse(value, "BE")
        except phonenumbers.NumberParseException:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not phonenumbers.is_possible_number(number):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(value: str) -> str:
    """An E.164 number as people read it in Belgium (0470 12 34 56); other input unchanged."""
    try:
        number = phonenumbers.parse(value, "BE")
    except phonenumbers.NumberParseException:
        return value
    if number.country_code == 32:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


class LanguagesField(forms.MultipleChoiceField):
    """Languages someone speaks, as check boxes."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", Language.choices)
        kwargs.setdefault("label", _("Languages spoken"))
        super().__init__(**kwargs)
