"""Who leads sessions, and whom they may invite: one place for the session pages and services.

A facilitator is a coach, a regional staff member marked as supervisor
(``CoachingProfile.is_supervisor``) or an administrator. A session page answers 404 unless
the reader is its facilitator or an administrator (``Session.objects.for_facilitator``).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from coaching.models import Session
from coaching.selectors import profile_for
from people.access import access_for, coordinators_of
from people.models import User
from people.roles import Access, Role


def is_supervisor(user: User) -> bool:
    return profile_for(user).is_supervisor


def may_facilitate(user: User) -> bool:
    """Whether ``user`` leads sessions (and so sees /coach/sessies/)."""
    access = access_for(user)
    if access.is_administrator or access.has(Role.COACH):
        return True
    return access.has(Role.REGIONAL_STAFF) and is_supervisor(user)


def may_lead_supervision(user: User) -> bool:
    return access_for(user).has(Role.COACH) or is_supervisor(user)


def require_facilitator(user: User) -> Access:
    """The user's access, or 404 for anyone who does not lead sessions."""
    if not may_facilitate(user):
        raise Http404
    return access_for(user)


def session_for(user: User, pk: int) -> Session:
    """The session ``pk`` as its facilitator (or an administrator) opens it; 404 otherwise."""
    require_facilitator(user)
    session = (
        Session.objects.for_facilitator(user)
        .select_related("facilitator", "region", "group")
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise Http404
    return session


def invitable_coordinators(facilitator: User) -> QuerySet[User]:
    """Whom ``facilitator`` may invite: a coach the coordinators they coach today; a
    supervisor on the staff the coordinators of their regions; an administrator every
    coordinator. Ordered by name."""
    access = access_for(facilitator)
    if access.is_administrator:
        condition = Q(pk__in=User.objects.coordinators().values("pk"))
    else:
        condition = Q(pk__in=coordinators_of(facilitator).values("pk"))
        if access.has(Role.REGIONAL_STAFF) and is_supervisor(facilitator):
            condition |= Q(
                pk__in=User.objects.coordinators()
                .filter(regions__in=access.region_ids)
                .values("pk")
            )
    return User.objects.filter(condition, is_active=True).order_by(
        "last_name", "first_name", "email"
    )
