"""One place to ask what a user may do: their roles and their regions.

Every app scopes access through these helpers (and the QuerySets built on them). The answer
is computed once per request and kept on the user object.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from people.models import CoachAssignment, User
from people.roles import NOBODY, Access, Role, access_for

__all__ = ["NOBODY", "Access", "access_for", "coordinators_of", "current_coach", "require_role"]


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
