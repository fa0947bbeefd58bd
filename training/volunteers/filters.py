"""The filters above the staff's and coaches' volunteer tables: name, track, certificate state
and region (for those with more than one), applied in the database."""

from __future__ import annotations

from functools import cached_property
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from people.models import Region, User
from people.region_fields import RegionFilter
from training import access
from training.learning.models import Track
from training.learning.selectors import default_track
from training.volunteers.selectors import (
    CertificateState,
    TrackContent,
    search_names,
    track_content,
    volunteer_list,
)


def visible_regions(request: HttpRequest | None) -> QuerySet[Region]:
    return Region.objects.visible_to(request.user if request else None)


class VolunteerFilter(django_filters.FilterSet):
    """Always bound: an empty query string is a valid search (every volunteer in scope, on the
    basic training). ``track`` chooses what the columns show, not which volunteers: the
    queryset is annotated for that track (``volunteer_list``) before the other filters run."""

    q = django_filters.CharFilter(
        label=_("Name"),
        method="filter_name",
        max_length=100,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
    track = django_filters.ModelChoiceFilter(
        label=_("Track"),
        queryset=Track.objects.order_by("-is_active", "name"),
        method="keep_all",
        empty_label=_("The basic training"),
    )
    certificate = django_filters.ChoiceFilter(
        label=_("Certificate"),
        field_name="certificate_state",
        choices=CertificateState.choices,
        empty_label=_("All"),
    )
    region = RegionFilter(
        label=_("Region"),
        field_name="regions",
        queryset=visible_regions,
        empty_label=_("All my regions"),
    )

    class Meta:
        model = User
        fields = ["q", "track", "certificate", "region"]

    def __init__(
        self,
        data: Any = None,
        queryset: QuerySet[User] | None = None,
        *,
        request: HttpRequest | None = None,
        show_region: bool = True,
    ) -> None:
        super().__init__({} if data is None else data, queryset, request=request)
        user = request.user if request else None
        if not (show_region and access.volunteer_list_shows_region(user)):
            del self.filters["region"]  # one region: nothing to choose

    @cached_property
    def chosen_track(self) -> Track | None:
        """The track chosen, else the basic training (``learning.selectors.default_track``);
        None while the filters are invalid."""
        if not self.is_valid():
            return None
        return self.form.cleaned_data.get("track") or default_track()

    @cached_property
    def content(self) -> TrackContent | None:
        return track_content(self.chosen_track)

    def filter_queryset(self, queryset: QuerySet[User]) -> QuerySet[User]:
        return super().filter_queryset(volunteer_list(queryset, self.content))

    def filter_name(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        return search_names(queryset, value)

    def keep_all(self, queryset: QuerySet[User], name: str, value: Track) -> QuerySet[User]:
        return queryset
