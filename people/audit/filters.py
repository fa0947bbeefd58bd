"""The administrators' search of the access log: who, which record, what, when."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from people.audit.models import AccessAction, AccessEvent


def record_type_label(object_type: str) -> str:
    return AccessEvent(object_type=object_type).record_label


class AccessLogForm(forms.Form):
    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date lies before the start date."))
        return data


class AccessEventFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(
        label=_("Who (name or e-mail address)"),
        method="filter_actor",
        max_length=100,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
    object_type = django_filters.ChoiceFilter(
        label=_("Record type"), choices=[], empty_label=_("All")
    )
    object_id = django_filters.CharFilter(label=_("Record number"), max_length=40)
    action = django_filters.ChoiceFilter(
        label=_("What"), choices=AccessAction.choices, empty_label=_("All")
    )
    since = django_filters.DateFilter(
        label=_("From"),
        field_name="at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = django_filters.DateFilter(
        label=_("Until"),
        field_name="at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = AccessEvent
        form = AccessLogForm
        fields = ["actor", "object_type", "object_id", "action", "since", "until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The record types that occur in the log (one query), in words.
        types = (
            AccessEvent.objects.exclude(object_type="")
            .order_by("object_type")
            .values_list("object_type", flat=True)
            .distinct()
        )
        self.filters["object_type"].extra["choices"] = [
            (value, record_type_label(value)) for value in types
        ]

    def filter_actor(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for term in value.split()[:5]:
            queryset = queryset.filter(
                Q(actor__email__icontains=term)
                | Q(actor__first_name__icontains=term)
                | Q(actor__last_name__icontains=term)
            )
        return queryset
