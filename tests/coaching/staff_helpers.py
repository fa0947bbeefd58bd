"""Shared by the staff area's coaching tests: many coordinators at once (query-count tests)."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import Group

from people.models import CoachAssignment, Region, User
from people.roles import Role


def bulk_users(count: int, region: Region, role: Role, prefix: str = "bulk") -> list[User]:
    """``count`` active users with ``role`` in ``region``, made in a handful of queries."""
    tag = uuid.uuid4().hex[:6]
    users = User.objects.bulk_create(
        [
            User(email=f"{prefix}-{tag}-{n}@kring.test", first_name=f"{prefix}{n}", last_name=tag)
            for n in range(count)
        ]
    )
    group = Group.objects.get(name=role)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user.pk, group_id=group.pk) for user in users]
    )
    User.regions.through.objects.bulk_create(
        [User.regions.through(user_id=user.pk, region_id=region.pk) for user in users]
    )
    return users


def bulk_assign(coordinators: list[User], coaches: list[User]) -> None:
    """Gives every coordinator one of ``coaches``, in turn."""
    CoachAssignment.objects.bulk_create(
        [
            CoachAssignment(coordinator=coordinator, coach=coaches[n % len(coaches)])
            for n, coordinator in enumerate(coordinators)
        ]
    )
