"""The staff's table of trajects: reference, accepted on, phase, since, the promise, region."""

from __future__ import annotations

import html
from collections.abc import Callable

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from people.tables import (
    DayColumn,
    StaffTable,
    address_writer,
    choice_labels,
    day_writer,
    label_of,
)
from trajects.traject.models import Phase, Traject


class TrajectTable(StaffTable):
    reference = tables.LinkColumn(
        "trajects:traject_detail",
        kwargs={"reference": tables.A("registration__reference")},
        accessor="registration__reference",
        order_by="registration__reference",
        verbose_name=_("Reference"),
    )
    registered_on = DayColumn(
        verbose_name=_("Registered on"),
        accessor="registration__created_at",
        order_by="registration__created_at",
    )
    municipality = tables.Column(
        verbose_name=_("Municipality"),
        accessor="registration__municipality",
        order_by="registration__municipality",
    )
    region = tables.Column(
        verbose_name=_("Region"), accessor="region__name", order_by="region__name"
    )
    phase = tables.Column(verbose_name=_("Phase"))
    phase_since = DayColumn(verbose_name=_("Since"))

    caption = _("Trajects")

    class Meta:
        model = Traject
        fields = ("reference", "registered_on", "municipality", "region", "phase", "phase_since")
        order_by = ("-registered_on",)
        template_name = "includes/staff_table.html"
        attrs = {"class": "data-table"}
        empty_text = _(
            "No trajects yet in your region: they begin when a registration is accepted."
        )

    def render_phase(self, record: Traject, value: str):
        paused = (
            format_html(' <span class="status-badge status-badge--paused">{}</span>', _("paused"))
            if record.is_paused
            else ""
        )
        return format_html(
            '<span class="status-badge status-badge--{}">{}</span>{}',
            record.phase,
            value,  # the label: django-tables2 reads ``get_phase_display``
            paused,
        )

    def cell_writer(self) -> Callable[[Traject], dict[str, str]]:
        """The cells as the columns above render them."""
        address = address_writer("trajects:traject_detail", "reference")
        day = day_writer()
        phases = choice_labels(Phase)
        paused = (
            f' <span class="status-badge status-badge--paused">{html.escape(gettext("paused"))}'
            "</span>"
        )
        empty = self.empty_cells()
        escape = html.escape

        def cells(record: Traject) -> dict[str, str]:
            registration = record.registration
            reference = registration.reference
            registered_on = registration.created_at
            municipality = registration.municipality
            region = record.region
            region_name = region.name if region is not None else None
            phase = record.phase
            phase_since = record.phase_since
            return {
                "reference": (
                    f'<a href="{address(reference)}">{escape(reference)}</a>'
                    if reference
                    else empty["reference"]
                ),
                "registered_on": (
                    day(registered_on) if registered_on is not None else empty["registered_on"]
                ),
                "municipality": escape(municipality) if municipality else empty["municipality"],
                "region": escape(region_name) if region_name else empty["region"],
                "phase": (
                    f'<span class="status-badge status-badge--{escape(phase)}">'
                    f"{label_of(phases, phase)}</span>"
                    f"{paused if record.paused_at is not None else ''}"
                    if phase
                    else empty["phase"]
                ),
                "phase_since": day(phase_since)
                if phase_since is not None
                else empty["phase_since"],
            }

        return cells
