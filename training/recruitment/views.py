"""The staff area's list and detail of applications, the next step of one, and making the
volunteer account; and the applicant's own deletion page. (The public form is the recruitment
page's: ``pages.py``.)"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from cms.ratelimit import rate_limit_hit
from people.access import (
    ReauthRequiredExportMixin,
    access_for,
    require_reauthentication,
    require_role,
)
from people.audit.mixins import AuditedExportMixin, AuditedObjectMixin
from people.audit.models import AccessAction
from people.audit.services import access_change, access_record
from people.forms import format_phone
from people.http import make_private
from people.models import Place, User
from people.roles import Role
from training.exports import EXPORT_FORMATS, SafeTableExport
from training.privacy import application_erase
from training.recruitment import services
from training.recruitment.filters import ApplicationFilter
from training.recruitment.forms import ApplicationStepForm, MakeVolunteerForm
from training.recruitment.models import Application, ApplicationStatus
from training.recruitment.tables import PER_PAGE, ApplicationTable


class ApplicationAccessMixin:
    """Every staff view of this app: regional staff (of the application's region) and
    administrators; anyone else logged in gets 404, an anonymous visitor the log-in page."""

    staff_section = "applications"
    request: HttpRequest

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        require_role(request.user, Role.REGIONAL_STAFF)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Application.objects.visible_to(self.request.user).select_related(
            "postcode", "region"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["staff_section"] = self.staff_section
        return context


class ApplicationListView(
    ApplicationAccessMixin,
    ReauthRequiredExportMixin,
    AuditedExportMixin,
    ExportMixin,
    SingleTableMixin,
    FilterView,
):
    """The applications of the staff member's regions, filtered; ``?_export=csv`` or ``xlsx``
    downloads the filtered rows (all pages, in the table's order and columns)."""

    table_class = ApplicationTable
    filterset_class = ApplicationFilter
    # The table paginates (an odd page number shows the first or last page); the list view's
    # own pagination would answer 404 to it.
    table_pagination = {"per_page": PER_PAGE}
    template_name = "training/application_list.html"
    export_class = SafeTableExport
    export_formats = EXPORT_FORMATS
    audit_export_type = "training.application"

    def get_queryset(self):
        first_place = Place.objects.filter(postcode_id=OuterRef("postcode_id")).order_by("name")
        return (
            super().get_queryset().annotate(municipality=Subquery(first_place.values("name")[:1]))
        )

    def get_table_kwargs(self):
        if not access_for(self.request.user).sees_several_regions:
            return {"exclude": ("region",)}
        return {}

    def get_export_filename(self, export_format):
        return f"kandidaten-{timezone.localdate().isoformat()}.{export_format}"

    def get_dataset_kwargs(self):
        return {"title": gettext("Applications")}


class ApplicationDetailView(ApplicationAccessMixin, AuditedObjectMixin, DetailView):
    """One application: the applicant's data, the steps so far, a form for the next step, and
    the button that makes the volunteer account once the intake is done."""

    model = Application
    template_name = "training/application_detail.html"
    context_object_name = "application"

    def get_queryset(self):
        return super().get_queryset().select_related("user")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        context["phone_display"] = format_phone(application.phone)
        context["places"] = list(
            Place.objects.filter(postcode_id=application.postcode_id)
            .order_by("name")
            .values_list("name", flat=True)
        )
        context["steps"] = list(application.steps.select_related("recorded_by"))
        if "step_form" not in context:
            context["step_form"] = ApplicationStepForm(current_status=application.status)
        context["can_make_volunteer"] = (
            application.user_id is None and application.status in services.ACCOUNT_STATUSES
        )
        return context


def _staff_member(request: HttpRequest) -> User:
    """Who is acting: the views below let only a logged-in user in (``login_required``)."""
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


def _visible_application(request: HttpRequest, pk: int) -> Application:
    """The application, if the user is staff of its region or an administrator; else 404."""
    require_role(request.user, Role.REGIONAL_STAFF)
    return get_object_or_404(
        Application.objects.visible_to(request.user).select_related("postcode", "region", "user"),
        pk=pk,
    )


@login_required
@require_POST
def application_step(request: HttpRequest, pk: int) -> HttpResponse:
    """Records the next step of an application (POST from its detail page). Bad input shows the
    detail page again with the messages next to the fields and what was typed."""
    application = _visible_application(request, pk)
    form = ApplicationStepForm(request.POST, current_status=application.status)
    if form.is_valid():
        try:
            with access_change(request=request, obj=application):
                services.application_step_record(
                    application=application,
                    status=form.cleaned_data["status"],
                    occurred_on=form.cleaned_data["occurred_on"],
                    note=form.cleaned_data["note"],
                    stop_reason=form.cleaned_data["stop_reason"],
                    recorded_by=_staff_member(request),
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                gettext("The status is now: %(status)s.")
                % {"status": application.get_status_display()},
            )
            return redirect(application.get_absolute_url() + "#history")
    view = ApplicationDetailView()
    view.setup(request, pk=pk)
    view.object = application
    context = view.get_context_data(object=application, step_form=form)
    return render(request, view.template_name, context)


@login_required
@require_http_methods(["GET", "POST"])
def application_make_volunteer(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what the account will carry over, and a button to confirm. POST: makes the account
    (or links the existing one with the same e-mail address) and sends the invitation."""
    application = _visible_application(request, pk)
    if application.user_id is not None:
        messages.info(request, gettext("This applicant already has a volunteer account."))
        return redirect(application.get_absolute_url())
    # Making an account: the staff member gives their password again first.
    require_reauthentication(request)
    existing = services.account_conflict(application)
    linkable = (
        existing is not None
        and existing.is_active
        and not Application.objects.filter(user=existing).exists()
    )
    errors: list[str] = []
    if request.method == "POST":
        form = MakeVolunteerForm(request.POST)
        if form.is_valid():
            action = form.cleaned_data["action"]
            try:
                with access_change(request=request, obj=application):
                    if action == MakeVolunteerForm.LINK:
                        services.application_link_account(
                            application=application, linked_by=_staff_member(request)
                        )
                    else:
                        services.application_make_volunteer(
                            application=application, invited_by=_staff_member(request)
                        )
            except ValidationError as error:
                if getattr(error, "code", None) == "has_account":
                    messages.info(request, error.messages[0])
                    return redirect(application.get_absolute_url())
                errors = error.messages
            else:
                if action == MakeVolunteerForm.LINK:
                    message = gettext(
                        "The application is linked to the existing account of %(email)s."
                    )
                else:
                    message = gettext("An invitation was sent to %(email)s.")
                messages.success(request, message % {"email": application.email})
                return redirect(application.get_absolute_url())
        else:
            errors = [gettext("Something went wrong with the form. Please try again.")]
    context = {
        "application": application,
        "staff_section": "applications",
        "phone_display": format_phone(application.phone),
        "existing_account": existing is not None,
        "linkable": linkable,
        "track": services.default_track(),
        "moves_to_invited": application.status in (ApplicationStatus.NEW, ApplicationStatus.INTAKE),
        "can_make_volunteer": application.status in services.ACCOUNT_STATUSES,
        "errors": errors,
        "create_action": MakeVolunteerForm.CREATE,
        "link_action": MakeVolunteerForm.LINK,
    }
    return render(
        request,
        "training/application_make_volunteer.html",
        context,
        status=400 if errors else 200,
    )


# The applicant's deletion page per visitor (hashed address, see cms.ratelimit): the token is
# signed, so this only slows down someone trying links.
DELETE_RATE_LIMIT = 30
DELETE_RATE_LIMIT_PERIOD = 10 * 60
DELETE_RATE_LIMIT_SCOPE = "training.application_delete"


@require_http_methods(["GET", "HEAD", "POST"])
def application_delete(request: HttpRequest, token: str) -> HttpResponse:
    """The applicant deletes their own application: GET asks, POST anonymises it (the same
    ``application_erase`` as staff's erasure) and says so; an application deleted before says
    that. A bad, forged or expired token: 404."""
    if rate_limit_hit(
        request,
        scope=DELETE_RATE_LIMIT_SCOPE,
        limit=DELETE_RATE_LIMIT,
        period=DELETE_RATE_LIMIT_PERIOD,
    ):
        response = render(
            request,
            "training/application_delete.html",
            {"state": "rate_limited", "minutes": DELETE_RATE_LIMIT_PERIOD // 60},
            status=429,
        )
        response["Retry-After"] = str(DELETE_RATE_LIMIT_PERIOD)
        return make_private(response, no_referrer=True)
    application = services.application_for_delete_token(token)
    if application is None:
        raise Http404
    if application.anonymised_at is not None:
        state = "already"
    elif request.method == "POST":
        with transaction.atomic():
            application_erase(application, timezone.now())
            access_record(request=request, action=AccessAction.ERASE, obj=application)
        state = "deleted"
    else:
        state = "ask"
    response = render(
        request,
        "training/application_delete.html",
        {"state": state, "reference": application.reference},
    )
    # The token in the address never leaves the site; "no-referrer" would also make the
    # browser post the button's form with ``Origin: null``, which CSRF protection refuses.
    response = make_private(response)
    response["Referrer-Policy"] = "same-origin"
    return response
