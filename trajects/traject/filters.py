"""Filters of the staff's trajects: reference, phase, paused."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from trajects.traject.models import Phase, Traject


class TrajectFilter(django_filters.FilterSet):
    reference = django_filters.CharFilter(
        label=_("Reference"),
        field_name="registration__reference",
        lookup_expr="icontains",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "search", "placeholder": "EKC-2026-0042"}),
    )
    phase = django_filters.ChoiceFilter(
        label=_("Phase"), choices=Phase.choices, empty_label=_("All phases")
    )
    paused = django_filters.BooleanFilter(
        label=_("Paused"),
        field_name="paused_at",
        lookup_expr="isnull",
        exclude=True,
        widget=forms.Select(
            choices=[("", _("Paused or not")), ("true", _("Paused")), ("false", _("Not paused"))]
        ),
    )

    class Meta:
        model = Traject
        fields = ("reference", "phase", "paused")

    @property
    def is_filtered(self) -> bool:
        return any(self.data.get(name) for name in self.filters)
