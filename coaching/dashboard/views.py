"""The coach's dashboard (/coach/): their coordinators with the flags that need them, filterable
and exportable, their upcoming sessions, the contact log in one step (in place with htmx, a
plain form without JavaScript) and the weekly digest on or off.

Only coaches (and administrators, as ``require_role`` admits them, who see the coordinators
they coach: usually none); anyone else answers 404. A coordinator the coach does not coach
today answers 404 too."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import TemplateView
from django_htmx.middleware import HtmxDetails
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from coaching.dashboard import selectors, services
from coaching.dashboard.filters import DashboardFilter, Rows
from coaching.dashboard.forms import NO_FAMILY_DETAILS, ContactForm, DigestSettingsForm
from coaching.dashboard.tables import (
    DashboardTable,
    attendance_links_html,
    session_cards_html,
)
from coaching.models import SessionKind
from coaching.selectors import profile_for
from people.access import ReauthRequiredExportMixin, coordinators_of, require_role
from people.audit.mixins import AuditedExportMixin
from people.http import AuthenticatedHttpRequest, private_response
from people.roles import Role
from training.exports import EXPORT_FORMATS, SafeTableExport


class HtmxRequest(AuthenticatedHttpRequest):
    """A logged-in request with django-htmx's ``request.htmx`` (an annotation only)."""

    htmx: HtmxDetails


def _schedule_url() -> str:
    url = reverse("coaching:session_create")
    return f"{url}?{urlencode({'kind': SessionKind.INTERVISION})}"


@method_decorator(private_response, name="dispatch")
class DashboardView(
    LoginRequiredMixin,
    ReauthRequiredExportMixin,
    AuditedExportMixin,
    ExportMixin,
    SingleTableMixin,
    TemplateView,
):
    """/coach/: the coach's home after log-in."""

    template_name = "coaching/dashboard.html"
    table_class = DashboardTable
    table_pagination = False
    export_class = SafeTableExport
    export_formats = EXPORT_FORMATS
    audit_export_type = "people.user"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_role(request.user, Role.COACH)
        return super().dispatch(request, *args, **kwargs)

    request: AuthenticatedHttpRequest

    @cached_property
    def rows(self) -> list[selectors.CoordinatorRow]:
        return selectors.coach_dashboard(coach=self.request.user, today=timezone.localdate())

    @cached_property
    def filterset(self) -> DashboardFilter:
        return DashboardFilter(self.request.GET, queryset=Rows(self.rows))

    def get_table_data(self) -> list[selectors.CoordinatorRow]:
        filterset = self.filterset
        return list(filterset.qs) if filterset.is_valid() else []

    def get_export_filename(self, export_format: str) -> str:
        return f"coach-dashboard-{timezone.localdate().isoformat()}.{export_format}"

    def get_dataset_kwargs(self) -> dict[str, Any]:
        return {"title": gettext("My coordinators")}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(dashboard_context(self.request, self.rows))
        context.update(filter_form=self.filterset.form, shown=len(context["table"].rows))
        return context


def dashboard_context(
    request: AuthenticatedHttpRequest, rows: list[selectors.CoordinatorRow]
) -> dict[str, Any]:
    """What the dashboard shows besides the table (also for the contact page's own layout)."""
    sessions = selectors.upcoming_sessions(coach=request.user)
    awaiting_attendance = selectors.sessions_awaiting_attendance(coach=request.user)
    return {
        "coordinator_count": len(rows),
        "flag_counts": selectors.flag_counts(rows),
        "sessions": sessions,
        "session_cards": session_cards_html(sessions),
        "awaiting_attendance": awaiting_attendance,
        "attendance_links": attendance_links_html(awaiting_attendance),
        "schedule_url": _schedule_url(),
        "digest_form": DigestSettingsForm(
            initial={"weekly_digest": profile_for(request.user).weekly_digest}
        ),
        "dashboard_url": reverse("coaching:dashboard"),
    }


dashboard = DashboardView.as_view()


# --- The contact log ----------------------------------------------------------------------------


def _coordinator_id(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _render_contact_form(
    request: HtmxRequest, form: ContactForm, *, status: int = 200
) -> HttpResponse:
    context = {"form": form, "no_family_details": NO_FAMILY_DETAILS}
    if request.htmx:
        # 200 also with errors: htmx swaps only successful answers into the panel.
        return render(request, "coaching/includes/dashboard_contact_form.html", context)
    return render(request, "coaching/dashboard_contact.html", context, status=status)


def _contact_saved_fragment(
    request: AuthenticatedHttpRequest, coordinator_id: int, message: str
) -> HttpResponse:
    """For htmx: the coordinator's row again (last contact and flags), the summary, and the
    message for the live region; the panel is emptied."""
    rows = selectors.coach_dashboard(coach=request.user, today=timezone.localdate())
    table = DashboardTable([row for row in rows if row.coordinator.pk == coordinator_id])
    context = {
        "table": table,
        "message": message,
        "coordinator_count": len(rows),
        "flag_counts": selectors.flag_counts(rows),
    }
    return render(request, "coaching/includes/dashboard_contact_saved.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@private_response
def dashboard_contact_create(request: HtmxRequest) -> HttpResponse:
    """/coach/contacten/nieuw/: log a contact. GET ``?coordinator=<id>`` opens the form for that
    coordinator (404 when the coach does not coach them); a POST saves it, then goes back to the
    dashboard (htmx: swaps the row in place)."""
    require_role(request.user, Role.COACH)
    coach = request.user
    if request.method == "GET":
        initial: dict[str, Any] = {}
        coordinator_id = _coordinator_id(request.GET.get("coordinator"))
        if "coordinator" in request.GET:
            if coordinator_id is None or not coordinators_of(coach).filter(pk=coordinator_id):
                raise Http404
            initial["coordinator"] = coordinator_id
        return _render_contact_form(request, ContactForm(coach=coach, initial=initial))

    form = ContactForm(request.POST, coach=coach)
    if form.is_valid():
        data = form.cleaned_data
        try:
            contact = services.contact_log(
                coach=coach,
                coordinator=data["coordinator"],
                occurred_on=data["occurred_on"],
                kind=data["kind"],
                note=data["note"],
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            message = gettext("Contact with %(name)s on %(date)s logged.") % {
                "name": data["coordinator"].get_full_name() or data["coordinator"].email,
                "date": date_format(contact.occurred_on, "SHORT_DATE_FORMAT"),
            }
            if request.htmx:
                return _contact_saved_fragment(request, contact.coordinator_id, message)
            messages.success(request, message)
            return redirect("coaching:dashboard")
    return _render_contact_form(request, form, status=400)


# --- The weekly digest on or off ----------------------------------------------------------------


@login_required
@require_POST
@private_response
def dashboard_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """/coach/instellingen/: the weekly digest on or off (POST only, from the dashboard)."""
    require_role(request.user, Role.COACH)
    form = DigestSettingsForm(request.POST)
    form.is_valid()  # a checkbox: always valid
    wanted = bool(form.cleaned_data.get("weekly_digest"))
    services.coaching_profile_digest_set(coach=request.user, weekly_digest=wanted)
    if wanted:
        messages.success(request, gettext("You will get the weekly digest on Monday morning."))
    else:
        messages.success(request, gettext("The weekly digest is switched off."))
    return redirect("coaching:dashboard")
