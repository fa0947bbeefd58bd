"""The staff area for registrations: the inbox of one's region and a registration's details.

Every view goes through ``StaffRegionMixin``: anonymous visitors are sent to log in, people
without the regional staff or administrator role get 404, and the rows come from
``Registration.objects.visible_to(user)``, so a registration of another region is a 404 too.
Their answers are private (``people.http``): not indexed, not stored by a browser or a cache.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from people.access import access_for, require_role
from people.http import make_private
from people.roles import Role
from trajects import selectors
from trajects.filters import RegistrationFilter
from trajects.models import START_PROMISE_DAYS, Registration, RegistrationStatus
from trajects.tables import RegistrationTable

PER_PAGE = 25


class StaffRegionMixin(LoginRequiredMixin):
    """Regional staff (their own regions) and administrators (all); anyone else: 404."""

    staff_section = "registrations"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        require_role(request.user, Role.REGIONAL_STAFF)
        return make_private(super().dispatch(request, *args, **kwargs))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["staff_section"] = self.staff_section
        return context


class RegistrationListView(StaffRegionMixin, SingleTableMixin, FilterView):
    table_class = RegistrationTable
    filterset_class = RegistrationFilter
    template_name = "trajects/registration_list.html"
    table_pagination = {"per_page": PER_PAGE}

    def get_queryset(self):
        return selectors.registration_inbox(user=self.request.user)

    def get_table_kwargs(self):
        # The region column only helps someone who sees more than one region.
        if access_for(self.request.user).sees_several_regions:
            return {}
        return {"exclude": ("region",)}


class RegistrationDetailView(StaffRegionMixin, DetailView):
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
        context["awaiting_start"] = registration.status in (
            RegistrationStatus.NEW,
            RegistrationStatus.IN_INTAKE,
        )
        return context
