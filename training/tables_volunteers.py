"""The table of volunteers' training, shared by the staff's and the coach's lists."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from training.tables import PER_PAGE
from training.volunteers import VolunteerRow


class VolunteerTable(tables.Table):
    caption = _("Volunteers and their training")

    name = tables.Column(
        verbose_name=_("Name"),
        accessor="name",
        order_by=("sort_name",),
        linkify=lambda record: reverse("training:volunteer_detail", args=[record.user.pk]),
    )
    region = tables.Column(verbose_name=_("Region"), accessor="region_names", default="—")
    progress = tables.Column(
        verbose_name=_("Track progress"), accessor="percent_sort", order_by=("percent_sort",)
    )
    days = tables.Column(verbose_name=_("Days attended"), accessor="days_attended")
    sign_off = tables.Column(
        verbose_name=_("Sign-off"), accessor="sign_off_sort", order_by=("sign_off_sort",)
    )
    certificate = tables.Column(
        verbose_name=_("Certificate"), accessor="certificate_sort", order_by=("certificate_sort",)
    )
    valid_until = tables.Column(
        verbose_name=_("Valid until"), accessor="valid_until_sort", order_by=("valid_until_sort",)
    )

    class Meta:
        attrs = {"class": "data-table"}
        template_name = "includes/staff_table.html"
        empty_text = _("No volunteers match this search.")
        per_page = PER_PAGE
        order_by = ("name",)

    # The page.

    def render_progress(self, record: VolunteerRow) -> str:
        if not record.enrolled:
            return gettext("Not enrolled")
        return f"{record.percent} %"

    def render_days(self, record: VolunteerRow) -> str:
        if not record.enrolled or record.track is None:
            return "—"
        return f"{record.days_attended} / {record.track.required_training_days}"

    def render_sign_off(self, record: VolunteerRow) -> str:
        if not record.enrolled or record.track is None:
            return "—"
        if not record.track.sign_off_required:
            return gettext("Not needed")
        if record.signed_off:
            return gettext("Signed off on %(date)s") % {
                "date": date_format(
                    timezone.localdate(record.enrolment.signed_off_at), "SHORT_DATE_FORMAT"
                )
            }
        return gettext("Not yet")

    def render_certificate(self, record: VolunteerRow) -> str:
        return format_html(
            '<span class="status-badge status-badge--certificate-{}">{}</span>',
            record.certificate_state,
            record.certificate_label,
        )

    def render_valid_until(self, record: VolunteerRow) -> str:
        if record.valid_until is None:
            return "—"
        return date_format(record.valid_until, "SHORT_DATE_FORMAT")

    # The export: plain values.

    def value_progress(self, record: VolunteerRow):
        return record.percent if record.enrolled else ""

    def value_days(self, record: VolunteerRow):
        return record.days_attended if record.enrolled else ""

    def value_sign_off(self, record: VolunteerRow) -> str:
        if not record.enrolled or record.track is None:
            return ""
        if not record.track.sign_off_required:
            return gettext("Not needed")
        if record.signed_off:
            return timezone.localdate(record.enrolment.signed_off_at).isoformat()
        return gettext("Not yet")

    def value_certificate(self, record: VolunteerRow) -> str:
        return record.certificate_label

    def value_valid_until(self, record: VolunteerRow) -> str:
        return record.valid_until.isoformat() if record.valid_until else ""
