"""The figures as tables: what the page shows (each table with its chart) and what the CSV and
XLSX downloads hold, built once from ``selectors.Figures`` so that both always say the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import tablib
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from training.exports import spreadsheet_safe
from trajects.figures.selectors import Figures, Median
from trajects.models.registrations import START_PROMISE_DAYS, RegistrantType

Number = int | float | None


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[Number, ...]


@dataclass(frozen=True)
class ReportTable:
    """A table of the figures: ``rows`` of numbers under ``headers`` (the first header names
    the rows' labels). ``chart_columns``: the value columns drawn as a bar chart, if any."""

    key: str
    caption: str
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    chart_columns: tuple[int, ...] = ()
    chart_labels: tuple[str, ...] = ()
    horizontal: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def has_data(self) -> bool:
        return any(value for row in self.rows for value in row.values)

    @property
    def chart_categories(self) -> list[str]:
        """The rows' names under the chart: shorter ones where the table's would crowd it."""
        return list(self.chart_labels) or [row.label for row in self.rows]

    def chart_series(self) -> list[tuple[str, list[Number]]]:
        return [
            (self.headers[column + 1], [row.values[column] for row in self.rows])
            for column in self.chart_columns
        ]


def _month_labels(figures: Figures) -> tuple[str, ...]:
    """Short month names under the chart ("Jan"), with the year ("01/26") when the period
    spans more than one year."""
    months = [month.month for month in figures.months]
    one_year = len({month.year for month in months}) <= 1
    return tuple(date_format(month, "M" if one_year else "m/y") for month in months)


def _median_row(label: str, median: Median) -> Row:
    days = None if median.days is None else round(median.days, 1)
    return Row(label, (days, median.count))


def report_tables(figures: Figures) -> list[ReportTable]:
    """The tables of the figures page, in the order of the page."""
    number = _("Number")
    return [
        ReportTable(
            key="totals",
            caption=_("Key figures"),
            headers=(_("Figure"), number),
            rows=(
                Row(_("Registrations received"), (figures.registrations,)),
                Row(_("Trajects started"), (figures.started,)),
                Row(
                    _("Trajects started within %(days)d days") % {"days": START_PROMISE_DAYS},
                    (figures.started_in_time,),
                ),
                Row(
                    _("Share started within %(days)d days (%%)") % {"days": START_PROMISE_DAYS},
                    (figures.share_in_time,),
                ),
                Row(_("Conferences held"), (figures.conferences_held,)),
                Row(_("Plans made"), (figures.plans_made,)),
                Row(_("Plans distributed"), (figures.plans_distributed,)),
                Row(_("Trajects stopped"), (figures.stopped,)),
            ),
        ),
        ReportTable(
            key="months",
            caption=_("Registrations and starts per month"),
            headers=(_("Month"), _("Registrations received"), _("Trajects started")),
            rows=tuple(
                Row(
                    date_format(month.month, "YEAR_MONTH_FORMAT"),
                    (month.registrations, month.started),
                )
                for month in figures.months
            ),
            chart_columns=(0, 1),
            chart_labels=_month_labels(figures),
        ),
        ReportTable(
            key="days",
            caption=_("Median days from the registration"),
            headers=(_("From the registration"), _("Median days"), _("Trajects counted")),
            rows=(
                _median_row(_("to the match (the traject starts)"), figures.to_match),
                _median_row(_("to the conference"), figures.to_conference),
                _median_row(_("to the plan distributed"), figures.to_distribution),
            ),
            chart_columns=(0,),
            horizontal=True,
        ),
        ReportTable(
            key="stops",
            caption=_("Reasons for stopping"),
            headers=(_("Reason"), _("Trajects stopped")),
            rows=tuple(Row(row.label, (row.count,)) for row in figures.stop_reasons),
            chart_columns=(0,),
            horizontal=True,
        ),
        ReportTable(
            key="follow-up",
            caption=_("Follow-up outcomes"),
            headers=(_("Outcome"), _("Trajects")),
            rows=(
                *(Row(row.label, (row.count,)) for row in figures.follow_up_outcomes),
                Row(_("Closed without follow-up"), (figures.closed_without_follow_up,)),
            ),
            chart_columns=(0,),
            horizontal=True,
        ),
        ReportTable(
            key="statuses",
            caption=_("Registrations received, by where they stand now"),
            headers=(_("Status"), number),
            rows=tuple(Row(row.label, (row.count,)) for row in figures.registrations_by_status),
        ),
    ]


def filters_described(
    figures: Figures, *, scope: str, registrant_type: str
) -> list[tuple[str, str]]:
    """What the figures are of, as (label, value) pairs: the period, the region(s) (``scope``,
    in words), who registered."""
    return [
        (_("From"), date_format(figures.period.start, "DATE_FORMAT")),
        (_("Up to and including"), date_format(figures.period.end, "DATE_FORMAT")),
        (_("Region"), scope),
        (
            _("Registered by"),
            str(dict(RegistrantType.choices)[registrant_type])
            if registrant_type
            else _("Everyone"),
        ),
    ]


def _cell(value: Number | str) -> Number | str:
    return "" if value is None else spreadsheet_safe(value)


def report_dataset(tables: list[ReportTable], filters: list[tuple[str, str]]) -> tablib.Dataset:
    """One sheet, read from top to bottom like the page: what the figures are of, then each
    table under its caption, a blank row between them."""
    width = max(len(table.headers) for table in tables)

    def line(*cells: Number | str) -> tuple:
        return tuple(_cell(cell) for cell in cells) + ("",) * (width - len(cells))

    rows = [line(_("Figures of Kring"))]
    rows += [line(label, value) for label, value in filters]
    for table in tables:
        rows.append(line())
        rows.append(line(table.caption))
        rows.append(line(*table.headers))
        rows += [line(row.label, *row.values) for row in table.rows]
        rows += [line(note) for note in table.notes]
    return tablib.Dataset(*rows, title=_("Figures"))
