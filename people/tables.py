"""The base of every staff and coach table (django-tables2): what the query string may ask of
its pagination, and the rows of a page rendered in Python (``StaffTable.body_html``).

A table may write its cells by hand (``StaffTable.cell_writer``): one function from a record
to its cells' HTML, with what every row shares (labels, date formats, addresses) worked out
once per page. django-tables2's own cells (``BoundRow``, the accessor, ``get_FOO_display``, a
``reverse()`` per link) cost most of a page of 25 rows; they stay the reference the tests
compare the hand-written cells with, character for character, and still serve the header,
the ordering, the pagination and the exports."""

from __future__ import annotations

import contextlib
import datetime
import html
import inspect
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import quote

import django_tables2 as tables
from django.core.exceptions import ImproperlyConfigured
from django.template.base import render_value_in_context
from django.template.context import Context
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.http import RFC3986_SUBDELIMS, urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django_tables2.templatetags.django_tables2 import table_page_range

# The most rows a page shows, whatever ``?per_page=`` asks: a page is built row by row.
MAX_PER_PAGE = 100

# The arguments each render function wants, by the function itself (not the bound method,
# a new object on every access): django-tables2 inspects the signature for every cell.
_WANTED: dict[Any, tuple[tuple[str, ...], bool]] = {}


def _wanted(fn: Callable[..., Any]) -> tuple[tuple[str, ...], bool]:
    """The names ``fn`` takes and whether it takes ``**kwargs`` (``django_tables2.utils.signature``)."""
    key = getattr(fn, "__func__", fn)
    try:
        return _WANTED[key]
    except (KeyError, TypeError):  # TypeError: an unhashable callable
        pass
    parameters = inspect.signature(fn).parameters.values()
    names = tuple(
        parameter.name
        for parameter in parameters
        if parameter.kind not in (parameter.VAR_KEYWORD, parameter.VAR_POSITIONAL)
    )
    wanted = (names, any(parameter.kind == parameter.VAR_KEYWORD for parameter in parameters))
    with contextlib.suppress(TypeError):
        _WANTED[key] = wanted
    return wanted


class StaffTable(tables.Table):
    """``?per_page=`` is kept between 1 and ``MAX_PER_PAGE``: a negative number would crash
    the paginator (a 500), a huge one build every row. 0 or none: the table's ``per_page``."""

    def paginate(self, *args: Any, per_page: int | None = None, **kwargs: Any):
        if per_page:
            per_page = min(max(per_page, 1), MAX_PER_PAGE)
        return super().paginate(*args, per_page=per_page, **kwargs)

    def cell_writer(self) -> Callable[[Any], dict[str, str]] | None:
        """A function from one record to the HTML of its cells by column name (each value
        escaped, as ``{{ cell }}`` shows it), made once per page; None: django-tables2 finds
        and renders each cell (``BoundRow``), the reference a hand-written writer is tested
        against. It must give every column the table may show (``exclude`` only hides)."""
        return None

    def empty_cells(self) -> dict[str, str]:
        """What each column shows for an empty value (its ``default``, else the table's),
        escaped: for the cell writers."""
        defaults = {}
        for name, column in type(self).base_columns.items():  # also those ``exclude`` hides
            default = column.default
            defaults[name] = str(conditional_escape(self.default if default is None else default))
        return defaults

    def body_html(self) -> SafeString:
        """The ``<tr>`` rows of the page shown (or the empty text in one row), as
        ``includes/staff_table.html`` wrote them cell by cell in the template: each cell
        ``<td class="{name}" data-label="{header}">{cell}</td>``, the cell found and
        rendered as django-tables2 does (``BoundRow.get_cell``), shown as ``{{ cell }}``
        shows it, or by the table's ``cell_writer``. Built in Python: the template's loops
        cost most of a page of 25 rows."""
        columns = [
            (column, format_html(' class="{}" data-label="{}"', column.name, column.header))
            for column in self.columns
        ]
        write = self.cell_writer()
        if write is not None:
            rows = [
                "<tr>"
                + "".join(f"<td{attrs}>{cells[column.name]}</td>" for column, attrs in columns)
                + "</tr>"
                for cells in map(write, self.paginated_rows.data)
            ]
        else:
            rows = self._bound_rows_html(columns)
        if not rows and self.empty_text:
            return format_html(
                '<tr><td colspan="{}">{}</td></tr>', len(self.columns), self.empty_text
            )
        return mark_safe("\n".join(rows))  # noqa: S308 -- every part escaped

    def head_html(self) -> SafeString:
        """The ``<thead>`` as ``includes/staff_table.html`` wrote it in its template (kept in
        tests/staff_tables.py as the reference), whitespace and all: each column's header, a
        sortable one as a link that sorts it (the query string as django-tables2's
        ``querystring_replace`` writes it) with its state for the eye and for a screen
        reader."""
        params = self._query_params()
        order_field = self.prefixed_order_by_field
        page_field = self.prefixed_page_field
        states = {
            None: (" ↕", ", " + gettext("click to sort")),
            False: (" ▲", ", " + gettext("sorted ascending; click to sort descending")),
            True: (" ▼", ", " + gettext("sorted descending; click to sort ascending")),
        }
        cells = []
        for column in self.columns:
            header = conditional_escape(column.header)
            aria_sort = ""
            if column.orderable:
                descending = None
                if column.is_ordered:
                    descending = column.order_by_alias.is_descending
                    aria_sort = ' aria-sort="{}"'.format(
                        "descending" if descending else "ascending"
                    )
                indicator, state = states[descending]
                query = _query(params, {order_field: column.order_by_alias.next}, page_field)
                content = (
                    f'<a href="{query}">{header}<span class="sort-indicator" aria-hidden="true">'
                    f'{indicator}</span><span class="visually-hidden">{html.escape(state)}</span></a>'
                )
            else:
                content = header
            cells.append(
                f'\n            <th scope="col"{aria_sort} class="{html.escape(column.name)}">'
                f"\n              \n                {content}\n              \n            </th>"
                "\n          "
            )
        return mark_safe(  # noqa: S308 -- every part escaped
            "\n      <thead>\n        <tr>\n          "
            + "".join(cells)
            + "\n        </tr>\n      </thead>\n    "
        )

    def pagination_html(self) -> SafeString:
        """The pages as a navigation landmark, as ``includes/staff_table.html`` wrote them in
        its template (kept in tests/staff_tables.py as the reference), whitespace and all;
        nothing for a table on one page or not paginated."""
        page = getattr(self, "page", None)
        if not page or self.paginator.num_pages <= 1:
            return mark_safe("")
        params = self._query_params()
        page_field = self.prefixed_page_field
        visually_page = html.escape(gettext("Page"))

        def link(number: int) -> str:
            return _query(params, {page_field: number}, None)

        parts = [
            '\n  <nav class="pagination" aria-label="',
            html.escape(gettext("Pages")),
            '">\n    <ul>\n      ',
        ]
        if page.has_previous():
            parts.append(
                f'\n        <li><a href="{link(page.previous_page_number())}" rel="prev">'
                f"{html.escape(gettext('Previous page'))}</a></li>\n      "
            )
        parts.append("\n      ")
        for number in table_page_range(page, self.paginator):
            if number == "...":
                item = '<li><span aria-hidden="true">…</span></li>'
            else:
                current = ' aria-current="page"' if number == page.number else ""
                item = (
                    f'<li><a href="{link(number)}"{current}><span class="visually-hidden">'
                    f"{visually_page} </span>{conditional_escape(localize(number))}</a></li>"
                )
            parts.append(f"\n        \n          {item}\n        \n      ")
        parts.append("\n      ")
        if page.has_next():
            parts.append(
                f'\n        <li><a href="{link(page.next_page_number())}" rel="next">'
                f"{html.escape(gettext('Next page'))}</a></li>\n      "
            )
        parts.append("\n    </ul>\n  </nav>\n")
        return mark_safe("".join(parts))  # noqa: S308 -- every part escaped

    def _query_params(self) -> dict[str, Any]:
        """The query string of the request the table is shown for, as ``querystring_replace``
        starts from: the request of the template rendering it (``render_table``), else the
        one ``RequestConfig`` gave the table."""
        context = getattr(self, "context", None)
        request = context.get("request") if context is not None else None
        if request is None:
            request = getattr(self, "request", None)
        if request is None:
            raise ImproperlyConfigured("A staff table's header and pages need the request.")
        return dict(request.GET)

    def _bound_rows_html(self, columns: Sequence[tuple[Any, str]]) -> list[str]:
        """The rows with django-tables2's cells."""
        context = Context()
        rows: list[str] = []
        for row in self.paginated_rows:
            cells = []
            for column, attrs in columns:
                cell = row._get_and_render_with(
                    column,
                    render_func=lambda bound_column, value=None, row=row: _render_cell(
                        row, bound_column, value
                    ),
                    default=column.default,
                )
                cells.append((attrs, render_value_in_context(cell, context)))
            rows.append(format_html("<tr>{}</tr>", format_html_join("", "<td{}>{}</td>", cells)))
        return rows


def _render_cell(row: Any, bound_column: Any, value: Any = None) -> Any:
    """``BoundRow._call_render`` with the render function's signature read once."""
    kwargs = {
        "value": value,
        "record": row.record,
        "column": bound_column.column,
        "bound_column": bound_column,
        "bound_row": row,
        "table": row.table,
    }
    render = bound_column.render
    names, takes_all = _wanted(render)
    if takes_all:
        content = render(**kwargs)
    elif any(name not in kwargs for name in names):
        content = None
    else:
        content = render(**{name: kwargs[name] for name in names})
    return bound_column.link(content, **kwargs) if bound_column.link else content


class DayColumn(tables.DateTimeColumn):
    """A moment shown as its day in Brussels time (``SHORT_DATE_FORMAT`` unless ``format``
    says otherwise), as django-tables2's ``DateTimeColumn`` shows it, and exported the same
    way. It formats in Python: ``DateTimeColumn`` compiles a template for every cell, most of
    the cost of a page of 25 rows."""

    def __init__(self, *args: Any, format: str = "SHORT_DATE_FORMAT", **kwargs: Any) -> None:  # noqa: A002 -- django-tables2's name
        super().__init__(*args, format=format, **kwargs)
        self.day_format = format
        # Each day formatted once per language for this column (a table's columns are its
        # own: this lives as long as the table, one request).
        self._formatted: dict[tuple[datetime.date, str | None], str] = {}

    def render(self, value: Any) -> str:
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        if type(value) is not datetime.date and not self._formats_days_only():
            return date_format(value, self.day_format)
        day = value.date() if isinstance(value, datetime.datetime) else value
        key = (day, get_language())
        if key not in self._formatted:
            self._formatted[key] = date_format(day, self.day_format)
        return self._formatted[key]

    def _formats_days_only(self) -> bool:
        """Whether the format shows nothing finer than a day (then a moment can be formatted
        as its day)."""
        return self.day_format in ("SHORT_DATE_FORMAT", "DATE_FORMAT")


def _query(params: dict[str, Any], updates: dict[str, Any], removal: str | None) -> str:
    """``{% querystring_replace key=value without removal %}`` (django-tables2) on ``params``."""
    params = {**params, **{key: value for key, value in updates.items() if key not in ("", None)}}
    if removal is not None:
        params.pop(removal, None)
    return html.escape("?" + urlencode(params, doseq=True))


# --- What the cell writers share ----------------------------------------------------------------

# Stands for the value in an address reversed once (``address_writer``): digits, so that any
# converter takes it, and unlikely anywhere else in an address.
_MARKER = "7305198642"
# What ``reverse()`` leaves unquoted in an address.
_SAFE = RFC3986_SUBDELIMS + "/~:@"


def address_writer(viewname: str, kwarg: str | None = None) -> Callable[[Any], str]:
    """``reverse(viewname, kwargs={kwarg: value})`` (``args=[value]`` without ``kwarg``) for
    many values, HTML-escaped for an ``href``: the address is reversed once, then each value
    quoted into it as ``reverse()`` quotes it. For values the address's pattern accepts
    (references, ids)."""
    marker_kwargs = {"kwargs": {kwarg: _MARKER}} if kwarg else {"args": [_MARKER]}
    address = reverse(viewname, **marker_kwargs)
    if address.count(_MARKER) != 1:
        raise ValueError(f"{viewname}: the value's place in the address is not clear")
    before, _marker, after = address.partition(_MARKER)

    def write(value: Any) -> str:
        return html.escape(before + quote(str(value), safe=_SAFE) + after)

    return write


def choice_labels(choices: Any) -> dict[Any, str]:
    """The label of each choice in the active language, escaped: ``get_FOO_display()`` once
    per page, not once per cell. ``choices``: a ``TextChoices`` class or pairs."""
    return {value: html.escape(str(label)) for value, label in getattr(choices, "choices", choices)}


def label_of(labels: dict[Any, str], value: Any) -> str:
    """``get_FOO_display()`` from ``choice_labels``: the label, else the value itself."""
    label = labels.get(value)
    return html.escape(str(value)) if label is None else label


def day_writer(day_format: str = "SHORT_DATE_FORMAT") -> Callable[[Any], str]:
    """A moment shown as its day in the current time zone, as ``DayColumn`` shows it,
    HTML-escaped; each day formatted once (a writer lives for one page, in one language).
    For ``SHORT_DATE_FORMAT`` and ``DATE_FORMAT`` (nothing finer than a day)."""
    formatted: dict[datetime.date, str] = {}

    def write(value: Any) -> str:
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            value = value.date()
        text = formatted.get(value)
        if text is None:
            text = formatted[value] = html.escape(date_format(value, day_format))
        return text

    return write
