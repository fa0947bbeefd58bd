"""Filters of the staff inbox: status, registrant type, period and reference."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from trajects.models import RegistrantType, Registration, RegistrationStatus


class RegistrationFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("registered_from"), cleaned.get("registered_to")
        if start and end and end < start:
            self.add_error(
                "registered_to", _("This date lies before the start of the period: swap them.")
            )
        return cleaned


class RegistrationFilter(django_filters.FilterSet):
    reference = django_filters.CharFilter(
        label=_("Reference"),
        lookup_expr="icontains",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "search", "placeholder": "EKC-2026-0042"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=RegistrationStatus.choices, empty_label=_("All statuses")
    )
    registrant_type = django_filters.ChoiceFilter(
        label=_("Registered by"), choices=RegistrantType.choices, empty_label=_("Everyone")
    )
    registered_from = django_filters.DateFilter(
        label=_("Registered from"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    registered_to = django_filters.DateFilter(
        label=_("Registered up to and including"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = Registration
        fields = ("reference", "status", "registrant_type", "registered_from", "registered_to")
        form = RegistrationFilterForm

    @property
    def is_filtered(self) -> bool:
        return any(self.data.get(name) for name in self.filters)
