"""The recruitment page's form handling (called from ``RecruitmentPage``'s routes) and the staff
area's list and detail of applications."""

from __future__ import annotations

import logging
import uuid

from django.contrib.auth.views import redirect_to_login
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from cms.ratelimit import rate_limit_hit
from people.access import access_for, require_role
from people.forms import format_phone
from people.models import Place
from people.roles import Role
from training import services
from training.filters import ApplicationFilter
from training.forms import ApplicationForm
from training.models import Application
from training.pages import RecruitmentPage
from training.tables import PER_PAGE, ApplicationTable

logger = logging.getLogger(__name__)

# New applications from one address (hashed, see cms.ratelimit) per hour. Generous: a family
# or an office shares one address; a spammer sends more.
RATE_LIMIT = 5
RATE_LIMIT_PERIOD = 60 * 60
RATE_LIMIT_SCOPE = "training.application"


# --- The recruitment page ---------------------------------------------------------------------


def recruitment_apply(request: HttpRequest, page: RecruitmentPage) -> HttpResponse:
    """GET shows the form; POST stores the application and redirects to the confirmation.

    A post that looks automated gets the confirmation page too, and nothing is stored. A second
    post of the same form is sent to the confirmation of the first.
    """
    privacy_url = page.privacy_url()
    if request.method != "POST":
        return page.render(
            request, context_overrides={"form": ApplicationForm(privacy_url=privacy_url)}
        )

    form = ApplicationForm(request.POST, privacy_url=privacy_url)
    if form.is_bot():
        logger.info("training: an application that looked automated was ignored")
        region = form.cleaned_data["postcode"].region if form.is_valid() else None
        return page.render(
            request,
            template=page.thanks_template,
            context_overrides={"region": region, **services.contact_for(region)},
        )
    if not form.is_valid():
        form.keep_protection_fresh()
        return page.render(request, context_overrides={"form": form})

    token = form.submission_token()
    if not Application.objects.filter(submission_token=token).exists():
        if rate_limit_hit(
            request, scope=RATE_LIMIT_SCOPE, limit=RATE_LIMIT, period=RATE_LIMIT_PERIOD
        ):
            form.add_error(
                None,
                _(
                    "We received several applications from your connection in a short time. "
                    "Please try again in an hour, or call us."
                ),
            )
            form.keep_protection_fresh()
            response = page.render(request, context_overrides={"form": form})
            response.status_code = 429
            return response
        services.application_submit(
            submission_token=token,
            language=translation.get_language() or "nl",
            **form.application_data(),
        )
    return redirect(page.thanks_url(request, token))


def recruitment_thanks(
    request: HttpRequest, page: RecruitmentPage, token: uuid.UUID
) -> HttpResponse:
    """The confirmation after the form; names no one, only the region that will call."""
    application = (
        Application.objects.select_related("region").filter(submission_token=token).first()
    )
    if application is None:
        raise Http404
    return page.render(
        request,
        template=page.thanks_template,
        context_overrides={
            "application": application,
            "region": application.region,
            **services.contact_for(application.region),
        },
    )


# --- The staff area ---------------------------------------------------------------------------


class ApplicationAccessMixin:
    """Every staff view of this app: regional staff (of the application's region) and
    administrators; anyone else logged in gets 404, an anonymous visitor the log-in page."""

    staff_section = "applications"
    request: HttpRequest

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        require_role(request.user, Role.REGIONAL_STAFF)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_queryset(self):
        return Application.objects.visible_to(self.request.user).select_related(
            "postcode", "region"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["staff_section"] = self.staff_section
        return context


class ApplicationListView(ApplicationAccessMixin, SingleTableMixin, FilterView):
    table_class = ApplicationTable
    filterset_class = ApplicationFilter
    # The table paginates (an odd page number shows the first or last page); the list view's
    # own pagination would answer 404 to it.
    table_pagination = {"per_page": PER_PAGE}
    template_name = "training/application_list.html"

    def get_queryset(self):
        first_place = Place.objects.filter(postcode_id=OuterRef("postcode_id")).order_by("name")
        return (
            super().get_queryset().annotate(municipality=Subquery(first_place.values("name")[:1]))
        )

    def get_table_kwargs(self):
        access = access_for(self.request.user)
        if not access.is_administrator and len(access.region_ids) <= 1:
            return {"exclude": ("region",)}
        return {}


class ApplicationDetailView(ApplicationAccessMixin, DetailView):
    model = Application
    template_name = "training/application_detail.html"
    context_object_name = "application"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        context["phone_display"] = format_phone(application.phone)
        context["places"] = list(
            Place.objects.filter(postcode_id=application.postcode_id)
            .order_by("name")
            .values_list("name", flat=True)
        )
        return context


def application_step(request, pk):  # PLACEHOLDER: being written (issue 4)
    raise Http404


def application_make_volunteer(request, pk):  # PLACEHOLDER: being written (issue 4)
    raise Http404
