"""The staff inbox's table: reference, date, registrant type, municipality, status."""

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
from trajects.models import Channel, RegistrantType, Registration, RegistrationStatus


def received_by_phone(registration: Registration) -> str:
    """For a phone registration: received by phone, and who took the call; else empty."""
    if registration.channel != Channel.PHONE:
        return ""
    taker = registration.taken_by
    if taker is None:  # the staff member's account was deleted
        return gettext("Received by phone")
    return gettext("Received by phone — call taken by %(name)s") % {
        "name": taker.get_full_name() or taker.email
    }


class RegistrationTable(StaffTable):
    reference = tables.LinkColumn(
        "trajects:registration_detail",
        kwargs={"reference": tables.A("reference")},
        verbose_name=_("Reference"),
    )
    created_at = DayColumn(verbose_name=_("Date"))
    registrant_type = tables.Column(verbose_name=_("Registered by"))
    municipality = tables.Column(verbose_name=_("Municipality"))
    region = tables.Column(
        verbose_name=_("Region"), accessor="region__name", order_by="region__name"
    )
    status = tables.Column(verbose_name=_("Status"))

    caption = _("Registrations")

    class Meta:
        model = Registration
        fields = ("reference", "created_at", "registrant_type", "municipality", "region", "status")
        order_by = ("-created_at",)
        template_name = "includes/staff_table.html"
        attrs = {"class": "data-table"}
        empty_text = _("No registrations yet in your region.")

    def render_registrant_type(self, record: Registration, value: str):
        phone = received_by_phone(record)
        if not phone:
            return value
        return format_html("{}<br><small>{}</small>", value, phone)

    def render_status(self, record: Registration, value: str):
        # ``value`` is already the label (django-tables2 reads ``get_status_display``).
        return format_html(
            '<span class="status-badge status-badge--{}">{}</span>', record.status, value
        )

    def cell_writer(self) -> Callable[[Registration], dict[str, str]]:
        """The cells as the columns above render them (``received_by_phone`` written out with
        its two texts translated once)."""
        address = address_writer("trajects:registration_detail", "reference")
        day = day_writer()
        types = choice_labels(RegistrantType)
        statuses = choice_labels(RegistrationStatus)
        empty = self.empty_cells()
        by_phone = gettext("Received by phone")
        taken_by = gettext("Received by phone — call taken by %(name)s")
        escape = html.escape

        def cells(record: Registration) -> dict[str, str]:
            reference = record.reference
            created_at = record.created_at
            registrant_type = record.registrant_type
            if not registrant_type:
                shown_type = empty["registrant_type"]
            else:
                shown_type = label_of(types, registrant_type)
                if record.channel == Channel.PHONE:
                    taker = record.taken_by
                    phone = (
                        by_phone
                        if taker is None
                        else taken_by % {"name": taker.get_full_name() or taker.email}
                    )
                    shown_type = f"{shown_type}<br><small>{escape(phone)}</small>"
            region = record.region
            region_name = region.name if region is not None else None
            status = record.status
            municipality = record.municipality
            return {
                "reference": (
                    f'<a href="{address(reference)}">{escape(reference)}</a>'
                    if reference
                    else empty["reference"]
                ),
                "created_at": day(created_at) if created_at is not None else empty["created_at"],
                "registrant_type": shown_type,
                "municipality": escape(municipality) if municipality else empty["municipality"],
                "region": escape(region_name) if region_name else empty["region"],
                "status": (
                    f'<span class="status-badge status-badge--{escape(status)}">'
                    f"{label_of(statuses, status)}</span>"
                    if status
                    else empty["status"]
                ),
            }

        return cells
