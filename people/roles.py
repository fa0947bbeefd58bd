"""The roles a person can have in Kring (each a Django group of the same name), and what one
user may do: their roles and regions (``Access``), computed once per request.

This module imports no model, so ``people.models`` can build ``Region.objects.visible_to(user)``
on it; ``people.access`` adds the helpers that need the models.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator (volunteer)")
    COACH = "coach", _("Coach")
    REGIONAL_STAFF = "regional_staff", _("Regional staff member")
    EDITOR = "editor", _("Editor")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that work with personal data of families and volunteers.
CASE_ROLES = frozenset({Role.COORDINATOR, Role.COACH, Role.REGIONAL_STAFF})
# Roles that may open the Wagtail admin (content only, never personal data).
CMS_ROLES = frozenset({Role.EDITOR, Role.ADMINISTRATOR})


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

    @property
    def sees_several_regions(self) -> bool:
        """Whether lists should show (and filter by) a region: administrators see every region."""
        return self.is_administrator or len(self.region_ids) > 1


NOBODY = Access(roles=frozenset(), region_ids=frozenset())


def access_for(user: Any) -> Access:
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
