"""people.tables.StaffTable: what ``?per_page=`` may ask of a staff table's pagination."""

from __future__ import annotations

import django_tables2 as tables
import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation
from django_tables2 import RequestConfig

from people.tables import MAX_PER_PAGE, StaffTable
from tests.staff_tables import as_staff_table_is, as_staff_table_was


class NumberTable(StaffTable):
    number = tables.Column()

    class Meta:
        per_page = 10


@pytest.fixture
def table() -> NumberTable:
    return NumberTable([{"number": n} for n in range(250)])


@pytest.mark.parametrize(
    ("asked", "shown"),
    [(None, 10), (0, 10), (-1, 1), (-500, 1), (1, 1), (25, 25), (MAX_PER_PAGE + 1, MAX_PER_PAGE)],
)
def test_per_page_is_kept_between_one_and_the_maximum(table, asked, shown):
    table.paginate(per_page=asked)

    assert table.paginator.per_page == shown
    assert len(table.page.object_list) == shown


# --- The header and the pages, written in Python -----------------------------------------------


class NamedTable(StaffTable):
    """Sortable and unsortable columns, a header that needs escaping, many pages."""

    number = tables.Column(verbose_name="Nummer")
    name = tables.Column(verbose_name="Naam & <b>voornaam</b>")
    note = tables.Column(verbose_name="Noot", orderable=False)

    caption = "Getallen"

    class Meta:
        per_page = 10
        template_name = "includes/staff_table.html"
        attrs = {"class": "data-table"}


def shown(query: str, rows: int = 250, **table_kwargs):
    """The table for a request with ``query`` as it was written by the template and now."""
    request = RequestFactory().get("/staf/lijst/" + query)
    request.user = AnonymousUser()
    data = [{"number": n, "name": f"D'Hondt {n}", "note": "<i>x</i>"} for n in range(rows)]
    tables_ = [NamedTable(data, **table_kwargs) for _ in range(2)]
    for table in tables_:
        RequestConfig(request).configure(table)
    return as_staff_table_was(tables_[0], request), as_staff_table_is(tables_[1], request)


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
@pytest.mark.parametrize(
    "query",
    [
        "",  # first page, unsorted
        "?page=2&sort=number",  # near the start, ascending
        "?page=13&sort=-name&q=D%27Hondt+%3Cb%3E",  # the middle: both ellipses; a search kept
        "?page=25&sort=note&status=a&status=b",  # the last page; a repeated parameter kept
        "?page=99",  # past the end: the last page
    ],
)
def test_the_header_and_pages_are_what_the_template_wrote(language, query):
    with translation.override(language):
        was, now = shown(query)

    assert now == was
    assert "<thead>" in now and 'class="pagination"' in now


def test_a_table_on_one_page_has_no_pages_and_without_header_no_header():
    was, now = shown("?sort=-number", rows=5, show_header=False)

    assert now == was
    assert "<thead>" not in now and 'class="pagination"' not in now
