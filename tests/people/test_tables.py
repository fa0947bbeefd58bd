"""people.tables.StaffTable: what ``?per_page=`` may ask of a staff table's pagination."""

from __future__ import annotations

import django_tables2 as tables
import pytest

from people.tables import MAX_PER_PAGE, StaffTable


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
