"""Filters for the staff list of applications: status, period, region, name."""

from __future__ import annotations

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.access import access_for
from people.models import Region
from people.region_fields import RegionFilter
from training.recruitment.models import Application, ApplicationStatus

PERIODS = [
    ("7", _("Last 7 days")),
    ("30", _("Last 30 days")),
    ("90", _("Last 3 months")),
    ("365", _("Last 12 months")),
]


def visible_regions(request) -> QuerySet[Region]:
    return Region.objects.visible_to(request.user if request else None)


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name"),
        method="filter_name",
        max_length=100,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ApplicationStatus.choices, empty_label=_("All")
    )
    period = django_filters.ChoiceFilter(
        label=_("Received"), choices=PERIODS, method="filter_period", empty_label=_("Any time")
    )
    region = RegionFilter(
        label=_("Region"), queryset=visible_regions, empty_label=_("All my regions")
    )

    class Meta:
        model = Application
        fields = ["q", "status", "period", "region"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not access_for(self.request.user if self.request else None).sees_several_regions:
            del self.filters["region"]  # one region: nothing to choose

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for term in value.split()[:5]:
            queryset = queryset.filter(Q(first_name__icontains=term) | Q(last_name__icontains=term))
        return queryset

    def filter_period(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        since = timezone.now() - timedelta(days=int(value))
        return queryset.filter(created_at__gte=since)
