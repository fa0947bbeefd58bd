"""One place to ask what a user may do: their roles and their regions.

Every app scopes access through these helpers (and the QuerySets built on them). The answer
is computed once per request and kept on the user object.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from people.models import CoachAssignment, User
from people.roles import Role

_CACHE_ATTR = "_kring_access"


@dataclass(frozen=True)
class Access:
    roles: frozenset[str]
    region_ids: frozenset[int]

    def has(self, *roles: Role | str) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def is_administrator(self) -> bool:
        return Role.ADMINISTRATOR in self.roles


NOBODY = Access(roles=frozenset(), region_ids=frozenset())


def access_for(user: User | AnonymousUser) -> Access:
    """The roles and regions of ``user``; two queries the first time per user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOBODY
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        roles = set(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
        if user.is_superuser:
            roles.add(Role.ADMINISTRATOR)
        cached = Access(
            roles=frozenset(roles),
            region_ids=frozenset(user.regions.values_list("id", flat=True)),
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


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
