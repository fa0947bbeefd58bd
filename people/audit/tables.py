"""The access log as a table for administrators: newest first, who, what, which record, whence."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from people.audit.models import AccessEvent
from people.tables import StaffTable

PER_PAGE = 50


class AccessEventTable(StaffTable):
    at = tables.DateTimeColumn(verbose_name=_("When"), format="DATETIME_FORMAT", orderable=False)
    actor = tables.Column(verbose_name=_("Who"), empty_values=(), orderable=False)
    action = tables.Column(verbose_name=_("What"), orderable=False)
    record = tables.Column(verbose_name=_("Record"), empty_values=(), orderable=False)
    address = tables.Column(verbose_name=_("From address"), orderable=False)

    class Meta:
        model = AccessEvent
        fields = ("at", "actor", "action", "record", "address")
        orderable = False
        attrs = {"class": "data-table"}

    def render_actor(self, record: AccessEvent) -> str:
        if record.actor is None:
            return "—"
        name = record.actor.get_full_name()
        return f"{name} ({record.actor.email})" if name else record.actor.email

    def render_record(self, record: AccessEvent) -> str:
        if not record.object_type:
            return "—"
        if not record.object_id:
            return _("%(type)s: the list") % {"type": record.record_label}
        return f"{record.record_label} #{record.object_id}"
