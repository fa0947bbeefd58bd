"""The reference for the staff tables' rows written by hand (``StaffTable.cell_writer``):
django-tables2's own cells, as ``includes/staff_table.html`` wrote them in a template loop
before ``StaffTable.body_html``. A table's hand-written rows must be these, to the character."""

from __future__ import annotations

import re

from django.template import engines

# The loop ``includes/staff_table.html`` had before ``body_html``: each cell found and rendered
# by django-tables2 (``BoundRow.items``) and shown as ``{{ cell }}`` shows it.
TEMPLATE_LOOP = """{% for row in table.paginated_rows %}<tr>{% for column, cell in row.items %}<td class="{{ column.name }}" data-label="{{ column.header }}">{{ cell }}</td>{% endfor %}</tr>{% empty %}{% if table.empty_text %}<tr><td colspan="{{ table.columns|length }}">{{ table.empty_text }}</td></tr>{% endif %}{% endfor %}"""

# Names that a row must escape, and one that a careless quote would break.
AWKWARD_NAMES = ("D'Hondt", "<b>Vet</b> & Co", 'Jan "Jos" Peeters')


def as_template_wrote_it(table) -> str:
    return engines["django"].from_string(TEMPLATE_LOOP).render({"table": table})


def squeezed(markup: str) -> str:
    return re.sub(r">\s+<", "><", str(markup)).strip()


def paginated(table_class, rows, **kwargs):
    table = table_class(rows, **kwargs)
    table.paginate(page=1, per_page=25)
    return table


def assert_rows_as_django_tables2_writes_them(table_class, rows, **kwargs) -> str:
    """The table's rows (``body_html``, its hand-written cells) against django-tables2's, each
    on a table of its own; returns the rows."""
    expected = as_template_wrote_it(paginated(table_class, rows, **kwargs))
    # ``body_html`` puts each row on a line of its own; the loop wrote them on one.
    built = str(paginated(table_class, rows, **kwargs).body_html()).replace(
        "</tr>\n<tr>", "</tr><tr>"
    )
    assert built == expected
    return built


def assert_table_rows_as_django_tables2_writes_them(table) -> str:
    """``assert_rows_as_django_tables2_writes_them`` for a table made elsewhere (a view's)."""
    expected = as_template_wrote_it(table)
    built = str(table.body_html()).replace("</tr>\n<tr>", "</tr><tr>")
    assert built == expected
    return built
