"""The staff inbox's table: reference, date, registrant type, municipality, status."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from people.tables import DayColumn, StaffTable
from trajects.models import Channel, Registration


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
