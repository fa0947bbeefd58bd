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


# ``includes/staff_table.html`` as it was before ``StaffTable.head_html`` and
# ``pagination_html``: the reference for the whole table, header and pages included.
STAFF_TABLE_TEMPLATE = """{% load django_tables2 i18n %}{% comment %}
  A django-tables2 table for the staff area: a caption, sortable headers that say how they are
  sorted (aria-sort), and pagination as a navigation landmark. Works without JavaScript.
  Generic: any staff table can use it (Meta.template_name).
{% endcomment %}
<div class="table-wrap" tabindex="0" role="region" aria-label="{{ table.caption|default:_('Table') }}">
  <table {% render_attrs table.attrs %}>
    {% if table.caption %}<caption class="visually-hidden">{{ table.caption }}</caption>{% endif %}
    {% if table.show_header %}
      <thead>
        <tr>
          {% for column in table.columns %}
            <th scope="col"{% if column.orderable and column.is_ordered %} aria-sort="{% if column.order_by_alias.is_descending %}descending{% else %}ascending{% endif %}"{% endif %} class="{{ column.name }}">
              {% if column.orderable %}
                <a href="{% querystring_replace table.prefixed_order_by_field=column.order_by_alias.next without table.prefixed_page_field %}">{{ column.header }}<span class="sort-indicator" aria-hidden="true">{% if column.is_ordered %}{% if column.order_by_alias.is_descending %} ▼{% else %} ▲{% endif %}{% else %} ↕{% endif %}</span><span class="visually-hidden">{% if column.is_ordered %}{% if column.order_by_alias.is_descending %}, {% translate "sorted descending; click to sort ascending" %}{% else %}, {% translate "sorted ascending; click to sort descending" %}{% endif %}{% else %}, {% translate "click to sort" %}{% endif %}</span></a>
              {% else %}
                {{ column.header }}
              {% endif %}
            </th>
          {% endfor %}
        </tr>
      </thead>
    {% endif %}
    <tbody>
      {# Each row <tr><td class="{column name}" data-label="{header}">{cell}</td>...</tr>, or the empty text: StaffTable.body_html (people/tables.py). #}
      {{ table.body_html }}
    </tbody>
  </table>
</div>
{% if table.page and table.paginator.num_pages > 1 %}
  <nav class="pagination" aria-label="{% translate 'Pages' %}">
    <ul>
      {% if table.page.has_previous %}
        <li><a href="{% querystring_replace table.prefixed_page_field=table.page.previous_page_number %}" rel="prev">{% translate "Previous page" %}</a></li>
      {% endif %}
      {% for p in table.page|table_page_range:table.paginator %}
        {% if p == "..." %}
          <li><span aria-hidden="true">…</span></li>
        {% elif p == table.page.number %}
          <li><a href="{% querystring_replace table.prefixed_page_field=p %}" aria-current="page"><span class="visually-hidden">{% translate "Page" %} </span>{{ p }}</a></li>
        {% else %}
          <li><a href="{% querystring_replace table.prefixed_page_field=p %}"><span class="visually-hidden">{% translate "Page" %} </span>{{ p }}</a></li>
        {% endif %}
      {% endfor %}
      {% if table.page.has_next %}
        <li><a href="{% querystring_replace table.prefixed_page_field=table.page.next_page_number %}" rel="next">{% translate "Next page" %}</a></li>
      {% endif %}
    </ul>
  </nav>
{% endif %}
"""


def as_staff_table_was(table, request) -> str:
    """The whole table as ``includes/staff_table.html`` wrote it before, its rows included
    (``body_html``: compared with django-tables2's cells on their own)."""
    return engines["django"].from_string(STAFF_TABLE_TEMPLATE).render({"table": table}, request)


def as_staff_table_is(table, request) -> str:
    """The whole table as ``{% render_table table %}`` writes it now."""
    return (
        engines["django"]
        .from_string("{% load django_tables2 %}{% render_table table %}")
        .render({"table": table}, request)
    )


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
