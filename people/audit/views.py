"""The administrators' search of the access log (/staf/toegangslog/). Anyone else: 404, like
every page that is not theirs."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from people.access import require_role
from people.audit.filters import AccessEventFilter
from people.audit.selectors import access_log_search
from people.audit.tables import PER_PAGE, AccessEventTable
from people.http import make_private
from people.roles import Role


class AccessLogView(LoginRequiredMixin, SingleTableMixin, FilterView):
    table_class = AccessEventTable
    filterset_class = AccessEventFilter
    template_name = "people/access_log_search.html"
    table_pagination = {"per_page": PER_PAGE}

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        require_role(request.user, Role.ADMINISTRATOR)
        return make_private(super().dispatch(request, *args, **kwargs))

    def get_queryset(self):
        return access_log_search()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["staff_section"] = "access_log"
        return context
