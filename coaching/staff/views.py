"""The staff's coaching pages (/staf/coaching/...): coach assignments per region, a coach's
capacity, and the yearly overview of intervision and supervision with its export.

Regional staff see their regions, administrators every region; anyone else gets 404 and an
anonymous visitor is sent to log in. A coordinator or a coach out of scope answers 404, and so
does a region in the address that is not one of the user's.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import TemplateView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from coaching.staff import selectors, services
from coaching.staff.forms import CONFIRM, AssignForm, CapacityForm, OverviewForm
from coaching.staff.tables import OverviewTable
from people.access import ReauthRequiredExportMixin, access_for, require_role
from people.audit.mixins import AuditedExportMixin
from people.http import AuthenticatedHttpRequest, private_response
from people.models import CoachAssignment, Region
from people.roles import Role
from training.exports import EXPORT_FORMATS, SafeTableExport
from trajects.figures.forms import RegionForm
from trajects.staff import StaffRegionMixin, region_column

STAFF_SECTION = "coaching"


def add_errors(form: Form, error: ValidationError) -> None:
    """A service's refusal on the form: next to its field when the form has it, else above."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _region_form(request: AuthenticatedHttpRequest) -> tuple[RegionForm, Region | None]:
    form = RegionForm(request.GET or None, user=request.user)
    if form.region_out_of_scope:
        raise Http404
    return form, form.chosen_region()


def _capacity_form(coach_id: int, data: Any = None, **kwargs: Any) -> CapacityForm:
    return CapacityForm(data, auto_id=f"capacity-{coach_id}-%s", **kwargs)


# The page numbers of the assignments page's two lists, in its address.
WITHOUT_PAGE = "zonder"
WITH_PAGE = "met"


def _query_without(request: AuthenticatedHttpRequest, name: str) -> str:
    """The address's parameters but ``name``, ready for ``name=...`` to follow."""
    params = request.GET.copy()
    params.pop(name, None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


def _render_assignments(
    request: AuthenticatedHttpRequest,
    *,
    failed: tuple[int, CapacityForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    region_form, region = _region_form(request)
    page = selectors.assignments(
        request.user,
        region,
        without_page=request.GET.get(WITHOUT_PAGE),
        with_page=request.GET.get(WITH_PAGE),
    )
    capacity_forms = {
        load.coach.pk: _capacity_form(load.coach.pk, initial={"capacity": load.capacity})
        for load in page.loads
    }
    if failed is not None and failed[0] in capacity_forms:
        capacity_forms[failed[0]] = failed[1]
    context = {
        "form": region_form,
        "region": region,
        "scope_label": region_form.scope_label(),
        "several_regions": access_for(request.user).sees_several_regions,
        "page": page,
        "loads": [(load, capacity_forms[load.coach.pk]) for load in page.loads],
        "staff_section": STAFF_SECTION,
        "query": request.GET.urlencode(),
        # Each list's page links keep the other parameters (the region, the other list's page).
        "without_query": _query_without(request, WITHOUT_PAGE),
        "with_query": _query_without(request, WITH_PAGE),
        "without_param": WITHOUT_PAGE,
        "with_param": WITH_PAGE,
    }
    return render(request, "coaching/staff_assignments.html", context, status=status)


@login_required
@require_http_methods(["GET"])
@private_response
def staff_assignments(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Coordinators without a coach, coordinators with theirs, and each coach's load."""
    require_role(request.user, Role.REGIONAL_STAFF)
    return _render_assignments(request)


@login_required
@require_http_methods(["GET", "POST"])
@private_response
def staff_assign(request: AuthenticatedHttpRequest, coordinator_id: int) -> HttpResponse:
    """Assigns a coach to a coordinator, or another coach, in one step."""
    require_role(request.user, Role.REGIONAL_STAFF)
    coordinator = selectors.coordinator_for_staff(request.user, coordinator_id)
    if coordinator is None:
        raise Http404
    current = (
        CoachAssignment.objects.active()
        .filter(coordinator=coordinator)
        .select_related("coach")
        .first()
    )
    coaches = selectors.coach_choices(request.user, coordinator)
    form = AssignForm(
        request.POST if request.method == "POST" else None,
        coaches=coaches,
        current_coach=current.coach if current else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.coach_assign(
                coordinator=coordinator,
                coach=data["coach"],
                starts_on=data["starts_on"],
                handover_note=data.get("handover_note", ""),
                assigned_by=request.user,
                confirm_over_capacity=bool(data.get(CONFIRM)),
            )
        except ValidationError as error:
            if any(
                item.code == services.OVER_CAPACITY
                for item in getattr(error, "error_dict", {}).get("coach", [])
            ):
                form.show_confirm()
            add_errors(form, error)
        else:
            messages.success(
                request,
                gettext("%(coach)s coaches %(coordinator)s from %(date)s. Both are told by e-mail.")
                % {
                    "coach": data["coach"],
                    "coordinator": coordinator,
                    "date": date_format(data["starts_on"], "SHORT_DATE_FORMAT"),
                },
            )
            return redirect("coaching:staff_assignments")
    return render(
        request,
        "coaching/staff_assign.html",
        {
            "coordinator": coordinator,
            "current": current,
            "form": form,
            "regions": list(coordinator.regions.order_by("name")),
            "staff_section": STAFF_SECTION,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
@private_response
def staff_capacity(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    """Sets a coach's capacity (1 to 50); a refusal shows on the assignments page, next to the
    coach's field, with what was typed kept."""
    require_role(request.user, Role.REGIONAL_STAFF)
    coach = selectors.coach_for_staff(request.user, user_id)
    if coach is None:
        raise Http404
    form = _capacity_form(coach.pk, request.POST)
    if form.is_valid():
        try:
            services.coach_capacity_set(
                coach=coach, capacity=form.cleaned_data["capacity"], set_by=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                gettext("The capacity of %(coach)s is now %(capacity)s coordinators.")
                % {"coach": coach, "capacity": form.cleaned_data["capacity"]},
            )
            url = reverse("coaching:staff_assignments")
            return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
    return _render_assignments(request, failed=(coach.pk, form))


class StaffOverview(
    StaffRegionMixin,
    ReauthRequiredExportMixin,
    AuditedExportMixin,
    ExportMixin,
    SingleTableMixin,
    TemplateView,
):
    """Per region: each coordinator's intervision and supervision this year against the
    minimums, sessions held and the coaches' loads; CSV and XLSX."""

    staff_section = STAFF_SECTION
    template_name = "coaching/staff_overview.html"
    table_class = OverviewTable
    export_class = SafeTableExport
    export_formats = EXPORT_FORMATS
    audit_export_type = "people.user"

    def get(self, request, *args, **kwargs):
        self.filter_form = OverviewForm(request.GET or None, user=request.user)
        if self.filter_form.region_out_of_scope:
            raise Http404
        self.overview = selectors.overview(
            request.user,
            self.filter_form.chosen_region(),
            below_minimum_only=self.filter_form.below_minimum_only(),
        )
        return super().get(request, *args, **kwargs)

    def get_table_data(self):
        return self.overview.rows

    def get_table_kwargs(self):
        return region_column(self.request.user)

    def get_export_filename(self, export_format):
        return f"coaching-{timezone.localdate().isoformat()}.{export_format}"

    def get_dataset_kwargs(self):
        return {"title": gettext("Coaching")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=self.filter_form,
            overview=self.overview,
            overview_loads=[(load, None) for load in self.overview.loads],
            scope_label=self.filter_form.scope_label(),
            several_regions=access_for(self.request.user).sees_several_regions,
        )
        return context
