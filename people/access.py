"""One place to ask what a user may do: their roles and their regions.

Every app scopes access through these helpers (and the QuerySets built on them). The answer
is computed once per request and kept on the user object.
"""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest

from people.models import CoachAssignment, User
from people.roles import NOBODY, Access, Role, access_for

__all__ = [
    "NOBODY",
    "Access",
    "ReauthRequiredExportMixin",
    "ReauthRequiredMixin",
    "access_for",
    "coordinators_of",
    "current_coach",
    "require_reauthentication",
    "require_role",
]


def require_role(user: User | AnonymousUser, *roles: Role | str) -> Access:
    """The user's access, or 404 when they have none of ``roles`` (never reveal what exists)."""
    access = access_for(user)
    if not access.has(*roles) and not access.is_administrator:
        raise Http404
    return access


def coordinators_of(coach: User):
    """The coordinators that ``coach`` coaches today (active assignments only)."""
    return User.objects.filter(
        coach_assignments__coach=coach, coach_assignments__ends_on__isnull=True, is_active=True
    )


def current_coach(coordinator: User) -> User | None:
    assignment = (
        CoachAssignment.objects.active()
        .filter(coordinator=coordinator)
        .select_related("coach")
        .first()
    )
    return assignment.coach if assignment else None


@reauthentication_required
def _reauthenticated(request: HttpRequest) -> None:
    return None


def require_reauthentication(request: HttpRequest) -> None:
    """Asks for the password (or the second factor) again unless the user gave it in the last
    ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` seconds: raises allauth's ``ReauthenticationRequired``,
    which allauth's ``AccountMiddleware`` answers with a redirect to the reauthenticate page and
    back to this address afterwards (a POST is kept and sent again). Call it after the view has
    found the object in the user's scope, so an outsider still gets 404, and before anything is
    changed or sent out."""
    _reauthenticated(request)


class ReauthRequiredMixin:
    """For a class-based view: ``require_reauthentication`` before it dispatches, when
    ``reauthentication_needed(request)`` (always, unless a subclass narrows it). Put it to the
    right of the view's scoping mixin, so the scope is checked first."""

    def reauthentication_needed(self, request: HttpRequest) -> bool:
        return True

    def dispatch(self, request, *args, **kwargs):
        if self.reauthentication_needed(request):
            require_reauthentication(request)
        return super().dispatch(request, *args, **kwargs)


class ReauthRequiredExportMixin:
    """Before django-tables2's ``ExportMixin`` (and the audit's ``AuditedExportMixin``): the
    page itself shows as usual, its export (``?_export=csv``) asks for the password again first.
    The check runs when the file is made, after the view has scoped its rows."""

    def create_export(self, export_format):
        require_reauthentication(self.request)
        return super().create_export(export_format)
