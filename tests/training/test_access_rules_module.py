"""training.access: the one place that says who may preview the training, manage a training
day, record its attendance, create days, follow a volunteer, sign off and revoke."""

from __future__ import annotations

import pytest

from training import access
from training.factories import TrainingDayFactory
from training.models import TrainingDay

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(antwerpen, coach):
    return TrainingDayFactory(region=antwerpen, trainer=coach)


def test_editors_staff_and_administrators_preview_every_module(editor, staff, administrator):
    assert all(access.may_preview_everything(user) for user in (editor, staff, administrator))


def test_volunteers_and_coaches_do_not_preview_locked_modules(coordinator, coach):
    assert not access.may_preview_everything(coordinator)
    assert not access.may_preview_everything(coach)


def test_staff_of_the_days_region_manage_it_and_staff_of_another_region_do_not(
    day, staff, other_staff, administrator
):
    assert access.can_manage_day(staff, day)
    assert access.can_manage_day(administrator, day)
    assert not access.can_manage_day(other_staff, day)


def test_the_trainer_records_attendance_but_does_not_manage_the_day(day, coach, other_coach):
    assert access.can_record_attendance(coach, day)
    assert not access.can_manage_day(coach, day)
    assert not access.can_record_attendance(other_coach, day)


def test_only_staff_with_a_region_and_administrators_create_days(
    staff, administrator, coach, coordinator
):
    assert access.can_create_days(staff)
    assert access.can_create_days(administrator)
    assert not access.can_create_days(coach)
    assert not access.can_create_days(coordinator)


def test_the_day_list_is_for_staff_administrators_and_trainers(
    day, staff, administrator, coach, coordinator
):
    def given_by(user):
        return TrainingDay.objects.filter(trainer=user)

    assert access.may_list_training_days(staff, given_by(staff))
    assert access.may_list_training_days(administrator, given_by(administrator))
    assert access.may_list_training_days(coach, given_by(coach))
    assert not access.may_list_training_days(coordinator, given_by(coordinator))


def test_staff_of_the_region_and_the_current_coach_follow_a_volunteer(
    coordinator, staff, coach, administrator
):
    for user in (staff, coach, administrator):
        assert access.volunteer_visible_to(coordinator, user)
        assert access.may_sign_off(coordinator, user)


def test_another_coach_and_staff_of_another_region_do_not_follow_a_volunteer(
    coordinator, other_coach, other_staff, other_coordinator
):
    for user in (other_coach, other_staff, other_coordinator):
        assert not access.volunteer_visible_to(coordinator, user)
        assert not access.may_sign_off(coordinator, user)


def test_only_staff_of_the_holders_region_and_administrators_revoke(
    coordinator, staff, other_staff, coach, administrator
):
    assert access.may_revoke_certificate_of(coordinator, staff)
    assert access.may_revoke_certificate_of(coordinator, administrator)
    assert not access.may_revoke_certificate_of(coordinator, other_staff)
    assert not access.may_revoke_certificate_of(coordinator, coach)
