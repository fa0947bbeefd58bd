"""The filters of the staff's list of training days: when, region, track."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Region
from people.region_fields import RegionFilter
from training.days.models import TrainingDay
from training.learning.models import Track

WHEN_CHOICES = [("upcoming", _("Upcoming")), ("past", _("Past"))]


class TrainingDayManageFilter(django_filters.FilterSet):
    when = django_filters.ChoiceFilter(
        label=_("When"), choices=WHEN_CHOICES, method="filter_when", empty_label=_("All")
    )
    region = RegionFilter(
        label=_("Region"),
        queryset=lambda request: Region.objects.visible_to(request.user),
        empty_label=_("All"),
    )
    track = django_filters.ModelChoiceFilter(
        label=_("Track"), queryset=Track.objects.order_by("name"), empty_label=_("All")
    )

    class Meta:
        model = TrainingDay
        fields = ["when", "region", "track"]

    def filter_when(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        now = timezone.now()
        if value == "upcoming":
            return queryset.filter(ends_at__gte=now)
        return queryset.filter(ends_at__lt=now)
