"""The staff's overview of coordinators' intervision and supervision this year (django-tables2),
with CSV and XLSX export. Its data is ``selectors.overview_rows``: a list, sorted in Python."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coaching.staff.selectors import OverviewRow
from people.tables import StaffTable

PER_PAGE = 50


def _against(count: int, required: int) -> str:
    return f"{count} / {required}" if required else f"{count} / —"


class OverviewTable(StaffTable):
    caption = _("Coordinators' intervision and supervision this year")

    name = tables.Column(
        verbose_name=_("Coordinator"),
        accessor="name",
        linkify=lambda record: reverse("training:volunteer_detail", args=[record.coordinator.pk]),
    )
    region = tables.Column(verbose_name=_("Region"), accessor="region_names", default="—")
    coach = tables.Column(verbose_name=_("Coach"), accessor="coach_name", default="—")
    intervision = tables.Column(
        verbose_name=_("Intervision / minimum"),
        accessor="counts__intervision",
        empty_values=(),
        exclude_from_export=True,
    )
    supervision = tables.Column(
        verbose_name=_("Supervision / minimum"),
        accessor="counts__supervision",
        empty_values=(),
        exclude_from_export=True,
    )
    # For the export only: numbers in columns of their own, which a spreadsheet adds up.
    intervision_attended = tables.Column(
        verbose_name=_("Intervision attended"), accessor="counts__intervision", visible=False
    )
    intervision_minimum = tables.Column(
        verbose_name=_("Intervision minimum"),
        accessor="counts__intervision_required",
        visible=False,
    )
    supervision_attended = tables.Column(
        verbose_name=_("Supervision attended"), accessor="counts__supervision", visible=False
    )
    supervision_minimum = tables.Column(
        verbose_name=_("Supervision minimum"),
        accessor="counts__supervision_required",
        visible=False,
    )
    last_attended = tables.Column(
        verbose_name=_("Last session attended"),
        accessor="last_attended",
        order_by=("last_attended_sort",),
        default="—",
    )

    class Meta:
        attrs = {"class": "data-table"}
        template_name = "includes/staff_table.html"
        empty_text = _("No coordinators match these filters.")
        per_page = PER_PAGE
        order_by = ("name",)

    # The page.

    def _cell(self, count: int, required: int, below: bool) -> SafeString:
        if below:
            return format_html(
                '<span class="status-badge status-badge--late">{} <span class="visually-hidden">'
                "({})</span></span>",
                _against(count, required),
                gettext("below the minimum"),
            )
        return format_html("{}", _against(count, required))

    def render_intervision(self, record: OverviewRow) -> SafeString:
        counts = record.counts
        return self._cell(counts.intervision, counts.intervision_required, counts.intervision_below)

    def render_supervision(self, record: OverviewRow) -> SafeString:
        counts = record.counts
        return self._cell(counts.supervision, counts.supervision_required, counts.supervision_below)

    def render_last_attended(self, value) -> str:
        return date_format(value, "SHORT_DATE_FORMAT")

    # The export: plain values.

    def value_last_attended(self, record: OverviewRow) -> str:
        return record.last_attended.isoformat() if record.last_attended else ""
