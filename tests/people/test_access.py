"""people/access.py: one place to ask a user's roles and regions, and who coaches whom."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from people.access import NOBODY, access_for, coordinators_of, current_coach, require_role
from people.factories import CoordinatorFactory, UserFactory
from people.models import CoachAssignment, User
from people.roles import Role
from people.services import coach_assign, coach_assignment_end

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    """The same person as a new object, as the next request would load them."""
    return User.objects.get(pk=user.pk)


# --- Roles and regions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "roles", "regions"),
    [
        ("coordinator", {"coordinator"}, {"antwerpen"}),
        ("coach", {"coach"}, {"antwerpen"}),
        ("staff", {"regional_staff"}, {"antwerpen"}),
        ("other_staff", {"regional_staff"}, {"limburg"}),
        ("editor", {"editor"}, set()),
        ("administrator", {"administrator"}, set()),
    ],
)
def test_access_for_returns_roles_and_regions(personas, persona, roles, regions):
    from people.models import Region

    access = access_for(fresh(personas[persona]))

    assert access.roles == roles
    assert access.region_ids == set(
        Region.objects.filter(code__in=regions).values_list("id", flat=True)
    )


def test_a_person_can_have_several_roles_and_regions(antwerpen, limburg):
    user = UserFactory(roles=[Role.COACH, Role.COORDINATOR], regions=[antwerpen, limburg])

    access = access_for(fresh(user))

    assert access.roles == {"coach", "coordinator"}
    assert access.region_ids == {antwerpen.pk, limburg.pk}
    assert access.has(Role.COACH) and access.has(Role.REGIONAL_STAFF, Role.COORDINATOR)
    assert not access.has(Role.REGIONAL_STAFF)


def test_superuser_is_an_administrator_without_the_group(db):
    user = UserFactory(is_superuser=True, is_staff=True)

    assert access_for(fresh(user)).is_administrator


def test_groups_that_are_not_roles_are_ignored(db):
    from django.contrib.auth.models import Group

    user = UserFactory(roles=[Role.EDITOR])
    user.groups.add(Group.objects.get_or_create(name="Moderators")[0])  # Wagtail's group

    assert access_for(fresh(user)).roles == {"editor"}


def test_a_request_user_has_the_same_access_as_the_user(antwerpen, limburg):
    """A request's user is a lazy object in front of the user (AuthenticationMiddleware)."""
    from django.utils.functional import SimpleLazyObject

    user = UserFactory(roles=[Role.REGIONAL_STAFF], regions=[antwerpen, limburg])

    access = access_for(SimpleLazyObject(lambda: fresh(user)))

    assert access.roles == {"regional_staff"}
    assert access.region_ids == {antwerpen.pk, limburg.pk}


def test_anonymous_and_inactive_users_have_no_access(antwerpen):
    inactive = UserFactory(roles=[Role.REGIONAL_STAFF], regions=[antwerpen], is_active=False)

    assert access_for(AnonymousUser()) is NOBODY
    assert access_for(fresh(inactive)) is NOBODY
    assert not NOBODY.has(*Role.values)


def test_access_for_costs_one_query_then_none(coordinator, django_assert_num_queries):
    user = fresh(coordinator)

    with django_assert_num_queries(1):
        first = access_for(user)
    with django_assert_num_queries(0):
        for _ in range(5):
            assert access_for(user) is first


def test_require_role_answers_404_to_other_roles(personas):
    assert require_role(fresh(personas["coach"]), Role.COACH).has(Role.COACH)
    assert require_role(fresh(personas["administrator"]), Role.COACH).is_administrator
    for name in ("coordinator", "staff", "editor"):
        with pytest.raises(Http404):
            require_role(fresh(personas[name]), Role.COACH)
    with pytest.raises(Http404):
        require_role(AnonymousUser(), Role.COORDINATOR)


# --- Who coaches whom -------------------------------------------------------------------------------


def test_coach_sees_only_their_own_coordinators(coach, other_coach, coordinator, other_coordinator):
    assert list(coordinators_of(coach)) == [coordinator]
    assert list(coordinators_of(other_coach)) == [other_coordinator]


def test_coordinators_of_leaves_out_ended_assignments(coach, other_coach, coordinator):
    assignment = CoachAssignment.objects.get(coordinator=coordinator)
    coach_assignment_end(assignment=assignment, ends_on=assignment.starts_on)

    assert list(coordinators_of(coach)) == []


def test_coordinators_of_follows_a_change_of_coach(
    coach, other_coach, coordinator, other_coordinator
):
    coach_assign(coordinator=coordinator, coach=other_coach)

    assert list(coordinators_of(coach)) == []
    assert set(coordinators_of(other_coach)) == {coordinator, other_coordinator}


def test_coordinators_of_leaves_out_inactive_coordinators(coach, coordinator):
    User.objects.filter(pk=coordinator.pk).update(is_active=False)

    assert list(coordinators_of(coach)) == []


def test_coordinators_of_lists_each_coordinator_once(antwerpen, coach, other_coach):
    """History rows (ended assignments to the same coach) must not duplicate a coordinator."""
    newcomer = CoordinatorFactory(regions=[antwerpen])
    CoachAssignment.objects.create(
        coordinator=newcomer, coach=coach, starts_on=date(2025, 1, 1), ends_on=date(2025, 6, 1)
    )
    coach_assign(coordinator=newcomer, coach=coach, starts_on=date(2025, 9, 1))

    assert list(coordinators_of(coach).filter(pk=newcomer.pk)) == [newcomer]


def test_current_coach_is_the_active_one(coach, other_coach, coordinator):
    assert current_coach(coordinator) == coach

    coach_assign(coordinator=coordinator, coach=other_coach)
    assert current_coach(coordinator) == other_coach

    coach_assignment_end(assignment=CoachAssignment.objects.active().get(coordinator=coordinator))
    assert current_coach(coordinator) is None
