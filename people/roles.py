"""The roles a person can have in Kring (each a Django group of the same name), and what one
user may do: their roles and regions (``Access``), computed once per request.

This module imports no model, so ``people.models`` can build ``Region.objects.visible_to(user)``
on it; ``people.access`` adds the helpers that need the models.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connections, models, router
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
    """The roles and regions of ``user``; one query the first time per user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOBODY
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        roles: set[str] = set()
        region_ids: set[int] = set()
        for group_name, region_id in _groups_and_regions(user):
            if region_id is not None:
                region_ids.add(region_id)
            elif group_name in Role.values:
                roles.add(group_name)
        if user.is_superuser:
            roles.add(Role.ADMINISTRATOR)
        cached = Access(roles=frozenset(roles), region_ids=frozenset(region_ids))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def _groups_and_regions(user: Any) -> list[tuple[str | None, int | None]]:
    """The names of ``user``'s groups and the ids of their regions, as (name, None) and
    (None, id) rows, in one statement written out: on every logged-in request, the ORM took
    longer to build its two queries than the database to run them. Only table and column names
    from the models are formatted in; the user's id is a parameter."""
    meta = user._meta  # a request.user is a lazy object: its type is not the model
    groups = meta.get_field("groups")
    regions = meta.get_field("regions")
    group_link = groups.remote_field.through._meta
    region_link = regions.remote_field.through._meta
    group_table = groups.related_model._meta.db_table
    sql = (
        f"SELECT g.name, NULL FROM {group_table} g"  # noqa: S608 (names from the models)
        f" JOIN {group_link.db_table} l ON l.{groups.m2m_reverse_name()} = g.id"
        f" WHERE l.{groups.m2m_column_name()} = %s"
        f" UNION ALL SELECT NULL, r.{regions.m2m_reverse_name()} FROM {region_link.db_table} r"
        f" WHERE r.{regions.m2m_column_name()} = %s"
    )
    with connections[router.db_for_read(meta.model)].cursor() as cursor:
        cursor.execute(sql, [user.pk, user.pk])
        return cursor.fetchall()
