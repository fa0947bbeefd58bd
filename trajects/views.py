"""The staff area for registrations: the inbox of one's region and a registration's details.

Every view goes through ``StaffRegionMixin``: anonymous visitors are sent to log in, people
without the regional staff or administrator role get 404, and the rows come from
``Registration.objects.visible_to(user)``, so a registration of another region is a 404 too.
Their answers are private (``people.http``): not indexed, not stored by a browser or a cache.
"""

from __future__ import annotations

from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from people.audit.mixins import AuditedObjectMixin
from trajects import selectors
from trajects.filters import RegistrationFilter
from trajects.intake.views import DECISIONS
from trajects.models import START_PROMISE_DAYS, Registration, RegistrationStatus, Traject
from trajects.staff import StaffRegionMixin, region_column
from trajects.tables import RegistrationTable
from trajects.traject.selectors import timeline

PER_PAGE = 25


class RegistrationListView(StaffRegionMixin, SingleTableMixin, FilterView):
    table_class = RegistrationTable
    filterset_class = RegistrationFilter
    template_name = "trajects/registration_list.html"
    table_pagination = {"per_page": PER_PAGE}

    def get_queryset(self):
        return selectors.registration_inbox(user=self.request.user)

    def get_table_kwargs(self):
        return region_column(self.request.user)


class RegistrationDetailView(StaffRegionMixin, AuditedObjectMixin, DetailView):
    model = Registration
    slug_field = "reference"
    slug_url_kwarg = "reference"
    context_object_name = "registration"
    template_name = "trajects/registration_detail.html"

    def get_queryset(self):
        return selectors.registration_detail_queryset(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = self.object
        context["promise_days"] = START_PROMISE_DAYS
        context["awaiting_start"] = registration.in_intake_queue
        context["decisions"] = intake_decisions(registration)
        context["traject"] = Traject.objects.filter(registration=registration).first()
        context["steps"] = timeline(registration_id=registration.pk)
        return context


# The decisions staff can take on a registration in each status (slugs of ``registration_decide``).
DECISION_SLUGS: dict[str, tuple[str, ...]] = {
    RegistrationStatus.NEW: ("intake", "ingetrokken", "dubbel"),
    RegistrationStatus.IN_INTAKE: ("aanvaarden", "niet-aanvaard", "ingetrokken", "dubbel"),
}


def intake_decisions(registration: Registration) -> list[tuple[str, object]]:
    """(slug, decision) pairs for the registration's page, in the order they are offered."""
    return [(slug, DECISIONS[slug]) for slug in DECISION_SLUGS.get(registration.status, ())]
