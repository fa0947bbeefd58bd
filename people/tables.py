"""The base of every staff and coach table (django-tables2): what the query string may ask of
its pagination."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables

# The most rows a page shows, whatever ``?per_page=`` asks: a page is built row by row.
MAX_PER_PAGE = 100


class StaffTable(tables.Table):
    """``?per_page=`` is kept between 1 and ``MAX_PER_PAGE``: a negative number would crash
    the paginator (a 500), a huge one build every row. 0 or none: the table's ``per_page``."""

    def paginate(self, *args: Any, per_page: int | None = None, **kwargs: Any):
        if per_page:
            per_page = min(max(per_page, 1), MAX_PER_PAGE)
        return super().paginate(*args, per_page=per_page, **kwargs)
