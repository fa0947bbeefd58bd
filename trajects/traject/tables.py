"""The staff's table of trajects: reference, accepted on, phase, since, the promise, region."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from people.tables import DayColumn, StaffTable
from trajects.traject.models import Traject


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
