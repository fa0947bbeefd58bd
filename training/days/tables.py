"""The staff list of training days: when, what, where, who gives it, places taken."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from people.regions import region_name
from people.tables import StaffTable
from training import access
from training.days.models import TrainingDay

PER_PAGE = 25


class TrainingDayTable(StaffTable):
    caption = _("Training days")

    starts_at = tables.Column(verbose_name=_("Date"))
    title = tables.Column(
        verbose_name=_("Training day"),
        linkify=lambda record: reverse("training:training_day_detail", args=[record.pk]),
    )
    region = tables.Column(
        verbose_name=_("Region"), accessor="region", order_by=("region__name",), default="—"
    )
    track = tables.Column(
        verbose_name=_("Track"), accessor="track", order_by=("track__name",), default="—"
    )
    trainer = tables.Column(
        verbose_name=_("Trainer"),
        accessor="trainer",
        order_by=("trainer__last_name", "trainer__first_name"),
        default="—",
    )
    confirmed_count = tables.Column(verbose_name=_("Enrolled"))
    waiting_count = tables.Column(verbose_name=_("Waiting list"))
    capacity = tables.Column(verbose_name=_("Places"))
    actions = tables.Column(verbose_name=_("Actions"), empty_values=(), orderable=False)

    class Meta:
        model = TrainingDay
        fields = (
            "starts_at",
            "title",
            "region",
            "track",
            "trainer",
            "confirmed_count",
            "waiting_count",
            "capacity",
            "actions",
        )
        sequence = fields
        order_by = ("starts_at",)
        attrs = {"class": "data-table"}
        template_name = "includes/staff_table.html"
        empty_text = _("No training days match this search.")
        per_page = PER_PAGE

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def render_starts_at(self, value, record: TrainingDay) -> str:
        start, end = localtime(value), localtime(record.ends_at)
        text = f"{date_format(start, 'SHORT_DATE_FORMAT')} {start:%H:%M}–{end:%H:%M}"
        if record.cancelled_at:
            return format_html("{} <strong>({})</strong>", text, _("cancelled"))
        return text

    def render_title(self, record: TrainingDay) -> str:
        return record.local_title

    def render_region(self, value) -> str:
        return region_name(value)

    def render_track(self, value) -> str:
        return value.local_name

    def render_trainer(self, value) -> str:
        return value.get_full_name() or value.email

    def render_actions(self, record: TrainingDay) -> str:
        links = []
        if access.can_record_attendance(self.user, record):
            links.append(
                (
                    reverse("training:training_day_attendance", args=[record.pk]),
                    _("Attendance"),
                    record.local_title,
                )
            )
        if access.can_manage_day(self.user, record):
            links.append(
                (
                    reverse("training:training_day_update", args=[record.pk]),
                    _("Edit"),
                    record.local_title,
                )
            )
        return format_html_join(
            " · ",
            '<a href="{}">{}<span class="visually-hidden">: {}</span></a>',
            links,
        )
