"""The staff's region dashboard (``/staf/``) and figures (``/staf/rapport/``, with CSV and XLSX
downloads). Regional staff see their own regions, administrators every region; anyone else gets
404 and anonymous visitors are sent to log in (``StaffRegionMixin``). A region in the address
that is not one of the user's answers 404.
"""

from __future__ import annotations

import tablib
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.generic import TemplateView

from people.access import access_for
from people.http import make_private
from trajects.figures import selectors
from trajects.figures.charts import bar_chart
from trajects.figures.forms import FiguresForm, RegionForm
from trajects.figures.report import (
    ReportTable,
    filters_described,
    report_dataset,
    report_tables,
)
from trajects.figures.selectors import Period
from trajects.staff import StaffRegionMixin

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
        context.update(
            form=form,
            region=region,
            scope_label=form.scope_label(),
            several_regions=access_for(self.request.user).sees_several_regions,
            dashboard=selectors.dashboard(user=self.request.user, region=region),
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
