"""People's models: the rules the database itself holds, and the seeded regions and postcodes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from people.factories import CoachFactory, CoordinatorFactory, UserFactory
from people.models import CoachAssignment, Place, Postcode, Region, User
from people.roles import Role

pytestmark = pytest.mark.django_db

POSTCODES_JSON = Path(__file__).resolve().parents[2] / "people" / "data" / "belgium-postcodes.json"

# bpost's ranges for Flanders and the Brussels-Capital Region, written out independently of
# people/regions.py so that the test does not check the code against itself.
FLANDERS_AND_BRUSSELS = [(1000, 1299), (1500, 3999), (8000, 9999)]
EXPECTED_REGION = {
    "1000": "brussel-halle-vilvoorde",  # Brussel
    "1500": "brussel-halle-vilvoorde",  # Halle
    "1800": "brussel-halle-vilvoorde",  # Vilvoorde
    "2000": "antwerpen",
    "2300": "antwerpen",  # Turnhout
    "3000": "vlaams-brabant",  # Leuven
    "3500": "limburg",  # Hasselt
    "3790": "limburg",  # Voeren
    "8000": "west-vlaanderen",  # Brugge
    "8500": "west-vlaanderen",  # Kortrijk
    "9000": "oost-vlaanderen",  # Gent
}


def in_flanders_or_brussels(code: str) -> bool:
    return any(first <= int(code) <= last for first, last in FLANDERS_AND_BRUSSELS)


# --- Coach assignments: what the database holds ---------------------------------------------------


def test_database_refuses_a_second_active_coach(coordinator, other_coach):
    with pytest.raises(IntegrityError), transaction.atomic():
        CoachAssignment.objects.create(coordinator=coordinator, coach=other_coach)

    assert CoachAssignment.objects.active().filter(coordinator=coordinator).count() == 1


def test_database_allows_ended_assignments_beside_the_active_one(coordinator, other_coach):
    CoachAssignment.objects.create(
        coordinator=coordinator,
        coach=other_coach,
        starts_on=date(2024, 1, 1),
        ends_on=date(2024, 12, 31),
    )
    CoachAssignment.objects.create(
        coordinator=coordinator,
        coach=other_coach,
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 6, 30),
    )

    assert CoachAssignment.objects.filter(coordinator=coordinator).count() == 3
    assert CoachAssignment.objects.active().filter(coordinator=coordinator).count() == 1


def test_database_refuses_a_coach_coaching_themselves(antwerpen):
    both = UserFactory(roles=[Role.COACH, Role.COORDINATOR], regions=[antwerpen])

    with pytest.raises(IntegrityError), transaction.atomic():
        CoachAssignment.objects.create(coordinator=both, coach=both)


def test_database_refuses_an_assignment_ending_before_it_starts(coordinator, coach):
    assignment = CoachAssignment.objects.get(coordinator=coordinator)
    assignment.starts_on = date(2026, 3, 1)
    assignment.ends_on = date(2026, 2, 28)

    with pytest.raises(IntegrityError), transaction.atomic():
        assignment.save()


def test_assignment_on_a_day_covers_start_but_not_end(coordinator, other_coach):
    CoachAssignment.objects.filter(coordinator=coordinator).delete()
    old = CoachAssignment.objects.create(
        coordinator=coordinator,
        coach=other_coach,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 2, 1),
    )

    assert list(CoachAssignment.objects.on(date(2026, 1, 1))) == [old]
    assert list(CoachAssignment.objects.on(date(2026, 1, 31))) == [old]
    assert not CoachAssignment.objects.on(date(2026, 2, 1)).exists()
    assert not CoachAssignment.objects.on(date(2025, 12, 31)).exists()


def test_deleting_a_coach_with_assignments_is_refused(coordinator, coach):
    """History must survive: a coach with assignments cannot be deleted (deactivate instead)."""
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        coach.delete()


# --- Users ------------------------------------------------------------------------------------------


def test_email_is_unique_ignoring_case(db):
    UserFactory(email="jan.peeters@kring.test")

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="Jan.Peeters@Kring.TEST")


def test_create_user_stores_email_in_lower_case(db):
    user = User.objects.create_user(email="An.Janssens@Kring.TEST", password="x")

    assert user.email == "an.janssens@kring.test"


def test_user_is_found_by_email_ignoring_case(coordinator):
    assert User.objects.get_by_natural_key("COORDINATOR@kring.test") == coordinator


def test_user_without_email_cannot_be_created(db):
    with pytest.raises(ValueError, match="e-mail"):
        User.objects.create_user(email="")


def test_user_clean_normalises_email(db):
    user = User(email="Piet@Example.ORG")
    user.clean()

    assert user.email == "piet@example.org"


def test_superuser_is_staff_and_superuser(db):
    user = User.objects.create_superuser(email="root@kring.test", password="x")

    assert user.is_staff and user.is_superuser


def test_role_querysets_leave_out_inactive_people(antwerpen):
    active = CoachFactory(regions=[antwerpen])
    CoachFactory(regions=[antwerpen], is_active=False)
    coordinator = CoordinatorFactory(regions=[antwerpen])

    assert list(User.objects.coaches()) == [active]
    assert list(User.objects.coordinators()) == [coordinator]


# --- Roles, regions, postcodes ----------------------------------------------------------------


def test_the_five_role_groups_exist(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "coordinator",
        "coach",
        "regional_staff",
        "editor",
        "administrator",
    }
    assert {str(role) for role in Role} == {
        "coordinator",
        "coach",
        "regional_staff",
        "editor",
        "administrator",
    }


def test_editors_and_administrators_may_open_the_wagtail_admin(db):
    for name in ("editor", "administrator"):
        group = Group.objects.get(name=name)
        assert group.permissions.filter(
            content_type__app_label="wagtailadmin", codename="access_admin"
        ).exists(), name
    for name in ("coordinator", "coach", "regional_staff"):
        assert not Group.objects.get(name=name).permissions.exists(), name


def test_the_six_regions_exist(db):
    assert set(Region.objects.values_list("code", flat=True)) == {
        "antwerpen",
        "brussel-halle-vilvoorde",
        "limburg",
        "oost-vlaanderen",
        "vlaams-brabant",
        "west-vlaanderen",
    }


def test_every_belgian_postcode_is_mapped_to_a_region(db):
    expected = {row["zipcode"] for row in json.loads(POSTCODES_JSON.read_text(encoding="utf-8"))}
    expected.discard("0612")  # bpost's code for Saint Nicholas's letters: no place

    stored = dict(Postcode.objects.values_list("code", "region__code"))

    assert len(expected) > 1100
    assert set(stored) == expected
    assert all(stored.values())


def test_flemish_and_brussels_postcodes_are_in_the_service_area(db):
    wrong = [
        (p.code, p.outside_service_area)
        for p in Postcode.objects.all()
        if p.outside_service_area == in_flanders_or_brussels(p.code)
    ]

    assert wrong == []
    assert Postcode.objects.in_service_area().filter(code="9000").exists()


@pytest.mark.parametrize("code", ["1300", "4000", "5000", "6000", "6700", "7000"])
def test_walloon_postcodes_are_outside_the_service_area(db, code):
    postcode = Postcode.objects.get(code=code)

    assert postcode.outside_service_area
    assert postcode.region_id is not None  # the nearest region still refers the family on


@pytest.mark.parametrize(("code", "region"), sorted(EXPECTED_REGION.items()))
def test_postcode_maps_to_its_province(db, code, region):
    assert Postcode.objects.get(code=code).region.code == region


def test_postcodes_carry_their_place_names(db):
    names = set(Place.objects.filter(postcode__code="1000").values_list("name", flat=True))

    assert {"Brussel", "Bruxelles"} <= names  # Dutch and French spellings
    assert Place.objects.filter(postcode__code="2000").exists()


def test_database_refuses_a_postcode_that_is_not_four_digits(antwerpen):
    with pytest.raises(IntegrityError), transaction.atomic():
        Postcode.objects.create(code="012", region=antwerpen)
