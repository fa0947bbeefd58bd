"""What every staff page of trajects shares: regional staff (their own regions) and
administrators; anyone else gets 404, anonymous visitors are sent to log in. Below every area."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin

from people.access import access_for, require_role
from people.http import make_private
from people.roles import Role


def region_column(user) -> dict:
    """A staff table's keyword arguments: the region column only helps someone who sees more
    than one region."""
    if access_for(user).sees_several_regions:
        return {}
    return {"exclude": ("region",)}


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
