"""The filters above the coach's dashboard: by flag and by the current traject's phase.

The flags are computed in Python (``selectors.coach_dashboard``), so the filters run on the
rows, not in SQL: a coach has a handful of coordinators. ``Rows`` lets django-filter take that
list where it expects a queryset."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from coaching.dashboard.selectors import FLAG_CHOICES, CoordinatorRow
from people.models import User
from trajects.traject.models import ACTIVE, Phase

NO_TRAJECT = "none"


class Rows(list[CoordinatorRow]):
    """The dashboard's rows, with what django-filter asks of a queryset."""

    model = User

    def all(self) -> Rows:
        return Rows(self)


def _phase_choices() -> list[tuple[str, Any]]:
    return [(value, label) for value, label in Phase.choices if value in ACTIVE] + [
        (NO_TRAJECT, _("No current traject"))
    ]


class DashboardFilter(django_filters.FilterSet):
    """Always bound: an empty query string shows every row."""

    flag = django_filters.ChoiceFilter(
        label=_("Flag"), choices=FLAG_CHOICES, method="filter_flag", empty_label=_("All")
    )
    phase = django_filters.ChoiceFilter(
        label=_("Phase"), choices=_phase_choices, method="filter_phase", empty_label=_("All")
    )

    def __init__(self, data: Any = None, queryset: Rows | None = None, **kwargs: Any) -> None:
        super().__init__({} if data is None else data, queryset, **kwargs)

    def filter_queryset(self, queryset: Rows) -> Rows:
        # django-filter's own asserts each filter returns a QuerySet; these return Rows.
        for name, value in self.form.cleaned_data.items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_flag(self, rows: Rows, name: str, value: str) -> Rows:
        return Rows(row for row in rows if value in row.flags)

    def filter_phase(self, rows: Rows, name: str, value: str) -> Rows:
        if value == NO_TRAJECT:
            return Rows(row for row in rows if row.traject is None)
        return Rows(row for row in rows if row.phase == value)
