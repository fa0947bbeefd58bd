"""The staff list of volunteer applications."""

from __future__ import annotations

import html
from collections.abc import Callable

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from people.models import Language
from people.regions import region_name
from people.tables import (
    DayColumn,
    StaffTable,
    address_writer,
    choice_labels,
    day_writer,
    label_of,
)
from training.recruitment.models import Application, ApplicationStatus

PER_PAGE = 25


class ApplicationTable(StaffTable):
    caption = _("Volunteer applications")

    # Formatted in Python (``DayColumn``): django-tables2's ``DateTimeColumn`` compiles a
    # template for every cell.
    created_at = DayColumn(verbose_name=_("Received"))
    name = tables.Column(
        verbose_name=_("Name"),
        accessor="last_name",
        order_by=("last_name", "first_name"),
        linkify=lambda record: record.get_absolute_url(),
    )
    municipality = tables.Column(
        verbose_name=_("Municipality"),
        accessor="municipality",
        order_by=("postcode__code",),
        default="",
    )
    languages = tables.Column(verbose_name=_("Languages"), orderable=False)
    region = tables.Column(verbose_name=_("Region"), accessor="region", order_by=("region__name",))
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Application
        fields = ("created_at", "name", "municipality", "languages", "region", "status")
        sequence = fields
        order_by = ("-created_at",)
        attrs = {"class": "data-table"}
        template_name = "includes/staff_table.html"
        empty_text = _("No applications match this search.")
        per_page = PER_PAGE

    def render_name(self, record: Application) -> str:
        return record.get_full_name()

    def render_municipality(self, value: str, record: Application) -> str:
        return f"{record.postcode.code} {value}".strip()

    def render_languages(self, record: Application) -> str:
        return ", ".join(record.language_labels())

    def render_region(self, value) -> str:
        return region_name(value)

    def value_region(self, value) -> str:
        return region_name(value)

    def render_status(self, value: str, record: Application) -> str:
        return format_html(
            '<span class="status-badge status-badge--{}">{}</span>',
            record.status,
            record.get_status_display(),
        )

    def cell_writer(self) -> Callable[[Application], dict[str, str]]:
        """The cells as the columns above render them, each region's name and each language's
        label found once a page."""
        address = address_writer("training:application_detail", "pk")
        day = day_writer()
        statuses = choice_labels(ApplicationStatus)
        languages = {code: str(label) for code, label in Language.choices}
        regions: dict[int, str] = {}
        empty = self.empty_cells()
        escape = html.escape

        def cells(record: Application) -> dict[str, str]:
            created_at = record.created_at
            last_name = record.last_name
            # The list's annotation (``ApplicationListView``): the postcode's first place.
            municipality = getattr(record, "municipality", None)
            spoken = record.languages
            region = record.region
            if region is None:
                shown_region = empty["region"]
            else:
                shown_region = regions.get(region.pk)
                if shown_region is None:
                    shown_region = regions[region.pk] = escape(region_name(region))
            status = record.status
            return {
                "created_at": day(created_at) if created_at is not None else empty["created_at"],
                "name": (
                    f'<a href="{address(record.pk)}">{escape(record.get_full_name())}</a>'
                    if last_name is not None and last_name != ""
                    else empty["name"]
                ),
                "municipality": (
                    escape(f"{record.postcode.code} {municipality}".strip())
                    if municipality is not None and municipality != ""
                    else empty["municipality"]
                ),
                "languages": (
                    escape(", ".join(str(languages.get(code, code)) for code in spoken))
                    if spoken is not None and spoken != ""
                    else empty["languages"]
                ),
                "region": shown_region,
                "status": (
                    f'<span class="status-badge status-badge--{escape(status)}">'
                    f"{label_of(statuses, status)}</span>"
                    if status is not None and status != ""
                    else empty["status"]
                ),
            }

        return cells

    # The export: plain values.

    def value_created_at(self, record: Application) -> str:
        return timezone.localtime(record.created_at).date().isoformat()

    def value_status(self, record: Application) -> str:
        return str(record.get_status_display())
