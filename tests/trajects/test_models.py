"""Registration: its reference, who may see it, and what the database refuses to store."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from people.factories import postcode
from trajects.factories import RegistrationFactory
from trajects.models import (
    START_PROMISE_DAYS,
    RegistrantType,
    Registration,
    format_reference,
)
from trajects.services import reference_next

pytestmark = pytest.mark.django_db


def test_reference_reads_ekc_year_and_four_digits():
    assert format_reference(2026, 42) == "EKC-2026-0042"
    assert format_reference(2027, 1) == "EKC-2027-0001"


def test_reference_numbers_count_up_per_year_and_start_again_in_a_new_year():
    assert [reference_next(year=2026) for _ in range(3)] == [
        "EKC-2026-0001",
        "EKC-2026-0002",
        "EKC-2026-0003",
    ]
    assert reference_next(year=2027) == "EKC-2027-0001"
    assert reference_next(year=2026) == "EKC-2026-0004"


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("staff", {"antwerpen"}),
        ("other_staff", {"limburg"}),
        ("administrator", {"antwerpen", "limburg"}),
        ("coordinator", set()),
        ("coach", set()),
        ("editor", set()),
        ("anonymous", set()),
    ],
)
def test_registrations_are_visible_to_staff_of_their_region_and_administrators_only(
    personas, persona, sees, antwerp_registration, limburg_registration
):
    from django.contrib.auth.models import AnonymousUser

    user = personas[persona] or AnonymousUser()

    visible = Registration.objects.visible_to(user)

    assert {registration.region.code for registration in visible} == sees


def test_staff_member_of_two_regions_sees_both(
    staff, limburg, antwerp_registration, limburg_registration
):
    staff.regions.add(limburg)
    staff = type(staff).objects.get(pk=staff.pk)  # access is cached per user object

    assert Registration.objects.visible_to(staff).count() == 2


def test_database_refuses_a_registration_without_the_core_persons_agreement(antwerpen):
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(core_person_agrees=False)


def test_database_refuses_a_registration_without_privacy_acknowledgement(antwerpen):
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(privacy_acknowledged=False)


def test_database_refuses_a_professional_without_organisation_or_email(antwerpen):
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(registrant_type=RegistrantType.PROFESSIONAL)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(
            registrant_type=RegistrantType.PROFESSIONAL,
            organisation_type="caw",
            organisation_name="CAW",
            registrant_email="",
        )


def test_database_refuses_an_organisation_for_a_citizen(antwerpen):
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(registrant_type=RegistrantType.FAMILY_OR_FRIEND, organisation_name="X")


def test_database_refuses_a_core_person_without_phone_or_email(antwerpen):
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(core_phone="", core_email="")


def test_database_refuses_two_registrations_with_one_submission_token(antwerpen):
    first = RegistrationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(submission_token=first.submission_token)


def test_days_since_registration_is_measured_against_the_three_week_promise(antwerpen):
    fresh = RegistrationFactory()
    old = RegistrationFactory(created_at=timezone.now() - timedelta(days=START_PROMISE_DAYS + 1))

    assert fresh.days_since_registration == 0
    assert not fresh.past_start_promise
    assert fresh.start_due_on == timezone.localdate() + timedelta(days=21)
    assert old.days_since_registration == 22
    assert old.past_start_promise


def test_region_follows_from_a_limburg_postcode(limburg):
    registration = RegistrationFactory(postcode=postcode("3500"))

    assert registration.region.code == "limburg"
