"""Form fields that list regions by their name in the visitor's language
(``people.regions.region_name``), for forms and filters of every app."""

from __future__ import annotations

import django_filters
from django import forms

from people.regions import region_name


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return region_name(obj)


class RegionMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return region_name(obj)


class RegionFilter(django_filters.ModelChoiceFilter):
    """A filter on one region, its choices named in the visitor's language."""

    field_class = RegionChoiceField


class RegionMultipleFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = RegionMultipleChoiceField
