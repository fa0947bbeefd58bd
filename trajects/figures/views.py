"""The staff's region dashboard (``/staf/``) and figures (``/staf/rapport/``, with CSV and XLSX
downloads). Regional staff see their own regions, administrators every region; anyone else gets
404 and anonymous visitors are sent to log in (``StaffRegionMixin``). A region in the address
that is not one of the user's answers 404.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Callable
from urllib.parse import quote

import tablib
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext
from django.views.generic import TemplateView

from people.access import access_for
from people.http import make_private
from people.models import Region
from people.regions import region_name
from trajects.figures import selectors
from trajects.figures.charts import bar_chart
from trajects.figures.forms import FiguresForm, RegionForm
from trajects.figures.report import (
    ReportTable,
    filters_described,
    report_dataset,
    report_tables,
)
from trajects.figures.selectors import STALL_DAYS, Period
from trajects.models import Registration, RegistrationStatus
from trajects.staff import StaffRegionMixin
from trajects.traject.models import Phase, Traject

EXPORTS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class DashboardView(StaffRegionMixin, TemplateView):
    staff_section = "dashboard"
    template_name = "trajects/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = RegionForm(self.request.GET or None, user=self.request.user)
        if form.region_out_of_scope:
            raise Http404
        region = form.chosen_region()
        several_regions = access_for(self.request.user).sees_several_regions
        dashboard = selectors.dashboard(user=self.request.user, region=region)
        context.update(
            form=form,
            region=region,
            scope_label=form.scope_label(),
            several_regions=several_regions,
            dashboard=dashboard,
            at_risk_rows=at_risk_rows(dashboard.at_risk, several_regions=several_regions),
            waiting_rows=waiting_rows(dashboard.waiting, several_regions=several_regions),
            stall_days=selectors.STALL_DAYS,
            today=timezone.localdate(),
        )
        return context


class FiguresView(StaffRegionMixin, TemplateView):
    staff_section = "figures"
    template_name = "trajects/figures.html"

    def get(self, request, *args, **kwargs):
        form = FiguresForm(request.GET, user=request.user)
        if form.region_out_of_scope:
            raise Http404
        context = self.get_context_data(form=form, **kwargs)
        if not form.is_valid():
            return self.render_to_response(context)
        region = form.chosen_region()
        registrant_type = form.cleaned_data["registrant_type"]
        figures = selectors.figures(
            user=request.user, period=form.period(), region=region, registrant_type=registrant_type
        )
        tables = report_tables(figures)
        described = filters_described(
            figures, scope=form.scope_label(), registrant_type=registrant_type
        )
        export = request.GET.get("export", "")
        if export in EXPORTS:
            return self.export(export, figures.period, report_dataset(tables, described))
        context.update(
            figures=figures,
            tables=[(table, self.chart(table, nonce=str(request.csp_nonce))) for table in tables],
            described=described,
        )
        return self.render_to_response(context)

    @staticmethod
    def chart(table: ReportTable, *, nonce: str = "") -> SafeString | None:
        if not table.chart_columns or not table.has_data:
            return None
        return bar_chart(
            label=table.caption,
            categories=table.chart_categories,
            series=table.chart_series(),
            horizontal=table.horizontal,
            nonce=nonce,
        )

    @staticmethod
    def export(export: str, period: Period, dataset: tablib.Dataset) -> HttpResponse:
        name = f"kring-cijfers-{period.start.isoformat()}-{period.end.isoformat()}.{export}"
        response = HttpResponse(dataset.export(export), content_type=EXPORTS[export])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return make_private(response)


# The dashboard's two long tables (up to ``AT_RISK_SHOWN`` and ``WAITING_SHOWN`` rows) are
# built here, each row one string of escaped parts: as template loops (a ``{% url %}``, dates
# and ``{% blocktranslate %}`` in every row) they cost most of the page. The strings are the
# template's (the same msgids), the markup is what ``trajects/dashboard.html`` wrote.


def at_risk_rows(trajects: list[Traject], *, several_regions: bool) -> SafeString:
    """The ``<tr>`` rows of the trajects at risk: reference (a link), region (when the user
    sees several), phase (and whether paused), registered on, and why (a list)."""
    phases = {value: _escape(label) for value, label in Phase.choices}
    traject_url = _url_of("trajects:traject_detail")
    short_date = _short_dates()
    region_cell = _region_cells(several_regions)
    paused = f' <span class="status-badge status-badge--paused">{_escape(gettext("paused"))}</span>'
    # ``{% blocktranslate %}`` escapes the values it puts in, not the translation.
    days = {"days": _escape(STALL_DAYS)}
    stalled = (
        ngettext(
            "No step in the last %(days)s day", "No step in the last %(days)s days", STALL_DAYS
        )
        % days
    )
    follow_up_stalled = (
        ngettext(
            "No follow-up yet, %(days)s day after it was due",
            "No follow-up yet, %(days)s days after it was due",
            STALL_DAYS,
        )
        % days
    )
    answer_overdue = _escape(gettext("The coordinator asked has not answered in time"))
    matching_stalled = _escape(
        gettext("The last coordinator asked said no or did not answer, and nobody is asked now")
    )
    rows = []
    for traject in trajects:
        reasons = []
        if traject.past_promise:  # type: ignore[attr-defined]
            reasons.append(
                gettext("Not started, past the three-week promise (due by %(due)s)")
                % {"due": _escape(date_format(traject.start_due_on(), "DATE_FORMAT"))}
            )
        if traject.answer_overdue:  # type: ignore[attr-defined]
            reasons.append(answer_overdue)
        if traject.matching_stalled:  # type: ignore[attr-defined]
            reasons.append(matching_stalled)
        if traject.follow_up_overdue:  # type: ignore[attr-defined]
            due = traject.follow_up_due_on  # type: ignore[attr-defined]
            reasons.append(
                gettext("Follow-up overdue: it was due on %(due)s")
                % {"due": _escape(date_format(due, "DATE_FORMAT"))}
            )
        if traject.stalled:  # type: ignore[attr-defined]
            reasons.append(
                follow_up_stalled if traject.phase == Phase.PLAN_DISTRIBUTED else stalled
            )
        reference = traject.registration.reference
        rows.append(
            f'<tr><td><a href="{_escape(traject_url(reference))}">{_escape(reference)}</a></td>'
            f"{region_cell(traject.region)}"
            f"<td>{phases.get(traject.phase) or _escape(traject.phase)}"
            f"{paused if traject.paused_at is not None else ''}</td>"
            f"<td>{short_date(traject.registration.created_at)}</td>"
            f'<td><ul class="risk-reasons">{"".join(f"<li>{reason}</li>" for reason in reasons)}'
            "</ul></td></tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 -- every part escaped by _escape


def waiting_rows(registrations: list[Registration], *, several_regions: bool) -> SafeString:
    """The ``<tr>`` rows of the registrations waiting: reference (a link), region (when the
    user sees several), status, registered on, and for how many days."""
    statuses = {value: _escape(label) for value, label in RegistrationStatus.choices}
    registration_url = _url_of("trajects:registration_detail")
    short_date = _short_dates()
    region_cell = _region_cells(several_regions)
    today = timezone.localdate()
    rows = []
    for registration in registrations:
        days = (today - timezone.localdate(registration.created_at)).days
        reference = registration.reference
        rows.append(
            f'<tr><td><a href="{_escape(registration_url(reference))}">{_escape(reference)}</a>'
            f"</td>{region_cell(registration.region)}"
            f"<td>{statuses.get(registration.status) or _escape(registration.status)}</td>"
            f"<td>{short_date(registration.created_at)}</td>"
            f"<td>{ngettext('%(days)s day', '%(days)s days', days) % {'days': _escape(days)}}</td>"
            "</tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 -- every part escaped by _escape


def _escape(value: object) -> str:
    """``conditional_escape`` without its checks for lazy strings (every value here is a
    string already): safe strings as they are, anything else escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _region_cells(several_regions: bool) -> Callable[[Region | None], str]:
    """``<td>{{ region|region_name }}</td>`` when the user sees several regions, else nothing;
    each region's name looked up once."""
    cells: dict[int | None, str] = {}

    def region_cell(region: Region | None) -> str:
        if not several_regions:
            return ""
        key = region.pk if region is not None else None
        if key not in cells:
            cells[key] = f"<td>{_escape(region_name(region))}</td>"
        return cells[key]

    return region_cell


def _url_of(name: str) -> Callable[[str], str]:
    """``{% url name reference %}`` for many references: the address reversed once, each
    reference put in its place, quoted as ``reverse`` quotes it."""
    placeholder = "__reference__"
    address = reverse(name, args=[placeholder])
    return lambda reference: address.replace(
        placeholder, quote(str(reference), safe=RFC3986_SUBDELIMS + "/~:@")
    )


def _short_dates() -> Callable[[datetime.datetime], str]:
    """``{{ moment|date:"SHORT_DATE_FORMAT" }}`` (the day in Brussels time), each day formatted
    once."""
    formatted: dict[datetime.date, str] = {}

    def short_date(moment: datetime.datetime) -> str:
        day = timezone.localdate(moment)
        if day not in formatted:
            formatted[day] = _escape(date_format(day, "SHORT_DATE_FORMAT"))
        return formatted[day]

    return short_date
