"""coaching.staff.services.coach_assign and coach_capacity_set: every refusal with its message on
the right field, the hand-over of one coach to another, the over-capacity confirmation, and the
e-mails to the coordinator and both coaches."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from coaching.models import CoachingProfile
from coaching.staff import services
from coaching.staff.services import coach_assign, coach_capacity_set
from people.factories import CoachFactory, CoordinatorFactory, UserFactory
from people.models import CoachAssignment, OutboxMessage
from people.outbox import outbox_deliver
from people.roles import Role

pytestmark = pytest.mark.django_db

TOPICS = (
    services.TOPIC_ASSIGNED_COORDINATOR,
    services.TOPIC_ASSIGNED_NEW_COACH,
    services.TOPIC_ASSIGNED_OLD_COACH,
)


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English: Dutch and French wording belongs to the translators."""
    with translation.override("en"):
        yield


def today() -> datetime.date:
    return timezone.localdate()


def deliver_assignment_mail() -> None:
    for message in OutboxMessage.objects.filter(topic__in=TOPICS, sent_at__isnull=True):
        assert outbox_deliver(message_id=message.pk)


def refusal(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


@pytest.fixture
def newcomer(antwerpen):
    return CoordinatorFactory(
        email="newcomer@kring.test", first_name="Nina", last_name="Nieuw", regions=[antwerpen]
    )


@pytest.fixture
def limburg_coach(limburg):
    return CoachFactory(email="limburg.coach@kring.test", first_name="Lien", regions=[limburg])


def assign(**kwargs):
    kwargs.setdefault("starts_on", today())
    return coach_assign(**kwargs)


# --- Assigning and reassigning -------------------------------------------------------------------


def test_a_coordinator_without_a_coach_gets_one_with_who_assigned_recorded(newcomer, coach, staff):
    assignment = assign(coordinator=newcomer, coach=coach, assigned_by=staff)

    assert assignment.is_active
    assert assignment.coach == coach
    assert assignment.assigned_by == staff
    assert assignment.starts_on == today()
    assert assignment.over_capacity is False


def test_the_old_assignment_ends_the_day_the_new_one_starts(coordinator, coach, other_coach, staff):
    old = CoachAssignment.objects.get(coordinator=coordinator, coach=coach)
    starts_on = today() + datetime.timedelta(days=10)

    new = assign(
        coordinator=coordinator,
        coach=other_coach,
        starts_on=starts_on,
        handover_note="Werkt graag 's avonds.",
        assigned_by=staff,
    )

    old.refresh_from_db()
    assert old.ends_on == starts_on == new.starts_on
    assert new.is_active and new.handover_note == "Werkt graag 's avonds."
    assert list(CoachAssignment.objects.active().filter(coordinator=coordinator)) == [new]


def test_the_new_coach_may_start_the_same_day_as_the_current_one(
    coordinator, coach, other_coach, staff
):
    old = CoachAssignment.objects.get(coordinator=coordinator)

    assign(coordinator=coordinator, coach=other_coach, starts_on=old.starts_on, assigned_by=staff)

    old.refresh_from_db()
    assert old.ends_on == old.starts_on


def test_administrators_assign_in_every_region(limburg, limburg_coach, administrator):
    limburger = CoordinatorFactory(regions=[limburg])

    assignment = assign(coordinator=limburger, coach=limburg_coach, assigned_by=administrator)

    assert assignment.assigned_by == administrator


# --- Refusals ------------------------------------------------------------------------------------


def test_reassignment_to_the_same_coach_is_refused_on_the_coach_field(coordinator, coach, staff):
    with pytest.raises(ValidationError) as excinfo:
        assign(coordinator=coordinator, coach=coach, assigned_by=staff)

    assert refusal(excinfo) == {"coach": [f"{coach} already coaches this coordinator."]}


def test_someone_who_is_not_a_coach_is_refused_on_the_coach_field(newcomer, staff, antwerpen):
    not_a_coach = CoordinatorFactory(first_name="Nico", regions=[antwerpen])

    with pytest.raises(ValidationError) as excinfo:
        assign(coordinator=newcomer, coach=not_a_coach, assigned_by=staff)

    assert refusal(excinfo) == {"coach": [f"{not_a_coach} is not a coach."]}


def test_an_inactive_coach_is_refused(newcomer, coach, staff):
    coach.is_active = False
    coach.save(update_fields=["is_active"])

    with pytest.raises(ValidationError) as excinfo:
        assign(coordinator=newcomer, coach=coach, assigned_by=staff)

    assert "coach" in refusal(excinfo)


def test_a_coach_outside_the_staff_members_regions_is_refused(newcomer, limburg_coach, staff):
    with pytest.raises(ValidationError) as excinfo:
        assign(coordinator=newcomer, coach=limburg_coach, assigned_by=staff)

    assert refusal(excinfo) == {
        "coach": [f"{limburg_coach} does not coach in one of your regions."]
    }


def test_a_coordinator_outside_the_staff_members_regions_is_refused(
    newcomer, limburg_coach, other_staff
):
    with pytest.raises(ValidationError) as excinfo:
        assign(coordinator=newcomer, coach=limburg_coach, assigned_by=other_staff)

    assert refusal(excinfo) == {"coordinator": ["This coordinator is not in one of your regions."]}


def test_someone_who_is_not_staff_cannot_assign(newcomer, coach, other_coach):
    with pytest.raises(ValidationError) as excinfo:
        assign(coordinator=newcomer, coach=coach, assigned_by=other_coach)

    assert "coordinator" in refusal(excinfo)


def test_a_coordinator_cannot_coach_themselves(staff, antwerpen):
    both = UserFactory(roles=[Role.COORDINATOR, Role.COACH], regions=[antwerpen])

    with pytest.raises(ValidationError) as excinfo:
        assign(coordinator=both, coach=both, assigned_by=staff)

    assert refusal(excinfo) == {"coach": ["A coordinator cannot coach themselves."]}


def test_a_start_before_the_current_coachs_start_is_refused_on_the_date(
    coordinator, other_coach, staff
):
    current = CoachAssignment.objects.get(coordinator=coordinator)
    CoachAssignment.objects.filter(pk=current.pk).update(starts_on=today())

    with pytest.raises(ValidationError) as excinfo:
        assign(
            coordinator=coordinator,
            coach=other_coach,
            starts_on=today() - datetime.timedelta(days=1),
            assigned_by=staff,
        )

    assert list(refusal(excinfo)) == ["starts_on"]
    assert "cannot start before the current coach did" in refusal(excinfo)["starts_on"][0]


def test_a_hand_over_note_without_a_reassignment_is_refused(newcomer, coach, staff):
    with pytest.raises(ValidationError) as excinfo:
        assign(coordinator=newcomer, coach=coach, handover_note="Let op.", assigned_by=staff)

    assert refusal(excinfo) == {
        "handover_note": ["A hand-over note goes with a reassignment only."]
    }


def test_a_coach_at_capacity_is_refused_without_confirmation(newcomer, coordinator, coach, staff):
    CoachingProfile.objects.create(user=coach, capacity=1)

    with pytest.raises(ValidationError) as excinfo:
        assign(coordinator=newcomer, coach=coach, assigned_by=staff)

    assert refusal(excinfo) == {
        "coach": [
            f"Coach {coach} already supports 1 coordinators, their capacity is 1. "
            "Tick 'assign anyway' to confirm."
        ]
    }
    assert excinfo.value.error_dict["coach"][0].code == services.OVER_CAPACITY


def test_a_coach_without_a_profile_has_the_default_capacity(antwerpen, coach, staff):
    for _ in range(8):
        assign(coordinator=CoordinatorFactory(regions=[antwerpen]), coach=coach, assigned_by=staff)

    with pytest.raises(ValidationError):
        assign(coordinator=CoordinatorFactory(regions=[antwerpen]), coach=coach, assigned_by=staff)


def test_the_over_capacity_confirmation_is_recorded(newcomer, coordinator, coach, staff):
    CoachingProfile.objects.create(user=coach, capacity=1)

    assignment = assign(
        coordinator=newcomer, coach=coach, assigned_by=staff, confirm_over_capacity=True
    )

    assert assignment.over_capacity is True
    assert assignment.assigned_by == staff


def test_a_confirmation_below_capacity_records_nothing_special(newcomer, coach, staff):
    assignment = assign(
        coordinator=newcomer, coach=coach, assigned_by=staff, confirm_over_capacity=True
    )

    assert assignment.over_capacity is False


def test_a_refusal_saves_nothing(coordinator, coach, other_coach, staff):
    CoachingProfile.objects.create(user=other_coach, capacity=0)
    before = list(CoachAssignment.objects.values_list("pk", "ends_on"))

    with pytest.raises(ValidationError):
        assign(coordinator=coordinator, coach=other_coach, assigned_by=staff)

    assert list(CoachAssignment.objects.values_list("pk", "ends_on")) == before
    assert not OutboxMessage.objects.filter(topic__in=TOPICS).exists()


# --- E-mails -------------------------------------------------------------------------------------


def test_a_reassignment_mails_the_coordinator_and_both_coaches(
    coordinator, coach, other_coach, staff
):
    assign(
        coordinator=coordinator,
        coach=other_coach,
        handover_note="Belt liever dan te mailen.",
        assigned_by=staff,
    )
    assert mail.outbox == []  # after commit, through the outbox

    deliver_assignment_mail()

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_recipient) == sorted([coordinator.email, coach.email, other_coach.email])
    assert str(other_coach) in by_recipient[coordinator.email].body
    assert "/portaal/" in by_recipient[coordinator.email].body
    new_coach_mail = by_recipient[other_coach.email].body
    assert str(coordinator) in new_coach_mail
    assert f"/staf/vrijwilligers/{coordinator.pk}/" in new_coach_mail
    # The hand-over note is for the new coach alone.
    assert "Belt liever dan te mailen." in new_coach_mail
    assert "Belt liever" not in by_recipient[coordinator.email].body
    assert "Belt liever" not in by_recipient[coach.email].body
    assert str(coordinator) in by_recipient[coach.email].body


def test_a_first_assignment_mails_the_coordinator_and_the_new_coach(newcomer, coach, staff):
    assign(coordinator=newcomer, coach=coach, assigned_by=staff)

    deliver_assignment_mail()

    assert sorted(message.to[0] for message in mail.outbox) == sorted([newcomer.email, coach.email])


def test_each_mail_is_in_its_recipients_language(coordinator, coach, other_coach, staff):
    coordinator.preferred_language = "fr"
    coordinator.save(update_fields=["preferred_language"])
    other_coach.preferred_language = "en"
    other_coach.save(update_fields=["preferred_language"])

    assign(coordinator=coordinator, coach=other_coach, assigned_by=staff)
    deliver_assignment_mail()

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert "/fr/" in by_recipient[coordinator.email].body
    assert "/en/" in by_recipient[other_coach.email].body
    assert by_recipient[other_coach.email].subject == "A coordinator has been assigned to you"
    assert "/fr/" not in by_recipient[coach.email].body
    assert "/en/" not in by_recipient[coach.email].body


def test_the_mails_carry_ids_only_in_the_outbox(coordinator, other_coach, staff):
    new = assign(coordinator=coordinator, coach=other_coach, assigned_by=staff)

    rows = set(OutboxMessage.objects.filter(topic__in=TOPICS).values_list("topic", "object_id"))

    old = CoachAssignment.objects.get(coordinator=coordinator, ends_on__isnull=False)
    assert rows == {
        (services.TOPIC_ASSIGNED_COORDINATOR, new.pk),
        (services.TOPIC_ASSIGNED_NEW_COACH, new.pk),
        (services.TOPIC_ASSIGNED_OLD_COACH, old.pk),
    }


# --- Capacity ------------------------------------------------------------------------------------


def test_setting_a_capacity_makes_the_coachs_profile(coach, staff):
    profile = coach_capacity_set(coach=coach, capacity=12, set_by=staff)

    assert CoachingProfile.objects.get(user=coach).capacity == 12 == profile.capacity


def test_setting_a_capacity_again_updates_the_profile(coach, staff):
    CoachingProfile.objects.create(user=coach, capacity=3, weekly_digest=False)

    coach_capacity_set(coach=coach, capacity=5, set_by=staff)

    profile = CoachingProfile.objects.get(user=coach)
    assert (profile.capacity, profile.weekly_digest) == (5, False)


@pytest.mark.parametrize("capacity", [0, 51])
def test_a_capacity_outside_1_to_50_is_refused(coach, staff, capacity):
    with pytest.raises(ValidationError) as excinfo:
        coach_capacity_set(coach=coach, capacity=capacity, set_by=staff)

    assert refusal(excinfo) == {"capacity": ["A capacity is between 1 and 50."]}
    assert not CoachingProfile.objects.filter(user=coach).exists()


def test_the_capacity_of_a_coach_of_another_region_is_refused(coach, other_staff):
    with pytest.raises(ValidationError) as excinfo:
        coach_capacity_set(coach=coach, capacity=5, set_by=other_staff)

    assert list(refusal(excinfo)) == ["coach"]
