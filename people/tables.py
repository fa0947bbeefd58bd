"""The base of every staff and coach table (django-tables2): what the query string may ask of
its pagination."""

from __future__ import annotations

import datetime
from typing import Any

import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format

# The most rows a page shows, whatever ``?per_page=`` asks: a page is built row by row.
MAX_PER_PAGE = 100


class StaffTable(tables.Table):
    """``?per_page=`` is kept between 1 and ``MAX_PER_PAGE``: a negative number would crash
    the paginator (a 500), a huge one build every row. 0 or none: the table's ``per_page``."""

    def paginate(self, *args: Any, per_page: int | None = None, **kwargs: Any):
        if per_page:
            per_page = min(max(per_page, 1), MAX_PER_PAGE)
        return super().paginate(*args, per_page=per_page, **kwargs)


class DayColumn(tables.DateTimeColumn):
    """A moment shown as its day in Brussels time (``SHORT_DATE_FORMAT`` unless ``format``
    says otherwise), as django-tables2's ``DateTimeColumn`` shows it, and exported the same
    way. It formats in Python: ``DateTimeColumn`` compiles a template for every cell, most of
    the cost of a page of 25 rows."""

    def __init__(self, *args: Any, format: str = "SHORT_DATE_FORMAT", **kwargs: Any) -> None:  # noqa: A002 -- django-tables2's name
        super().__init__(*args, format=format, **kwargs)
        self.day_format = format

    def render(self, value: Any) -> str:
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, self.day_format)
