"""The coordinator's workspace through its services: the route from preparation to the
follow-up, the rules PROCESS.md names (every participant contacted beforehand, nothing of the
private time but its start and end, the plan's three checks before distribution, the follow-up a
month later, a traject closed only after it or a reason why not), read-only after distribution,
only the coordinator writing, and the follow-up's reminder sent once."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from people.factories import postcode
from people.models import OutboxMessage
from people.outbox import outbox_deliver
from trajects.factories import RegistrationFactory
from trajects.intake.services import registration_accept, registration_intake_start
from trajects.models import (
    Conference,
    FollowUp,
    Outcome,
    Participant,
    ParticipantState,
    Phase,
    Plan,
    Relation,
    Step,
    StepKind,
    Traject,
)
from trajects.traject import services as traject_services
from trajects.workspace import reminders, services

pytestmark = pytest.mark.django_db

CHECKS = {
    "safe": "yes",
    "safe_note": "Grandmother takes the children on Wednesdays.",
    "legal": "yes",
    "legal_note": "Nothing against the law.",
    "workable": "adjusted",
    "workable_note": "The uncle drives only at weekends.",
}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def traject(staff, coordinator, antwerpen):
    """A traject in preparation with the ``coordinator`` persona (matching is tested apart)."""
    registration = RegistrationFactory(
        postcode=postcode("2000"), created_at=timezone.now() - datetime.timedelta(days=5)
    )
    registration_intake_start(registration=registration, by=staff)
    traject = registration_accept(registration=registration, by=staff)
    Traject.objects.filter(pk=traject.pk).update(
        coordinator=coordinator, phase=Phase.PREPARATION, started_at=timezone.now()
    )
    return Traject.objects.get(pk=traject.pk)


def held(traject, coordinator) -> Conference:
    services.conference_plan(
        traject=traject,
        by=coordinator,
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        place="Het buurthuis",
    )
    return services.conference_held(
        traject=traject,
        by=coordinator,
        private_time_start=datetime.time(15, 0),
        private_time_end=datetime.time(16, 10),
    )


def planned(traject, coordinator) -> Plan:
    held(traject, coordinator)
    return services.plan_save(
        traject=traject,
        by=coordinator,
        actions=[{"what": "Children to grandmother on Wednesdays", "who": "Grandmother"}],
        checks=CHECKS,
        reconvener="The aunt",
    )


def phase(traject) -> str:
    return Traject.objects.get(pk=traject.pk).phase


def test_the_whole_route_from_preparation_to_closed(traject, coordinator, time_machine):
    services.checklist_set(traject=traject, by=coordinator, item="meet_core_person", done=True)
    services.question_save(
        traject=traject, by=coordinator, agreed_question="How do the children get to school?"
    )
    aunt = services.participant_add(
        traject=traject, by=coordinator, name="Aunt", relation=Relation.FAMILY
    )
    for state in (ParticipantState.CONTACTED, ParticipantState.CONFIRMED):
        services.participant_set_state(participant=aunt, by=coordinator, state=state)

    planned(traject, coordinator)
    assert phase(traject) == Phase.PLAN_MADE
    services.participant_set_state(
        participant=aunt, by=coordinator, state=ParticipantState.ATTENDED
    )
    services.plan_distribute(traject=traject, by=coordinator, distributed_to="Everyone present")
    assert phase(traject) == Phase.PLAN_DISTRIBUTED
    follow_up = FollowUp.objects.get(traject=traject)

    time_machine.move_to(
        timezone.make_aware(datetime.datetime.combine(follow_up.due_on, datetime.time(10))),
        tick=False,
    )
    services.follow_up_record(traject=traject, by=coordinator, outcome=Outcome.PARTLY, note="")

    assert phase(traject) == Phase.CLOSED
    phases = list(
        Step.objects.filter(registration=traject.registration, kind=StepKind.PHASE).values_list(
            "phase", flat=True
        )
    )
    assert phases == [
        Phase.CONFERENCE_PLANNED,
        Phase.PLAN_MADE,
        Phase.PLAN_DISTRIBUTED,
        Phase.FOLLOW_UP_DONE,
        Phase.CLOSED,
    ]


def test_the_follow_up_is_due_a_month_after_the_distribution(traject, coordinator, time_machine):
    time_machine.move_to(timezone.make_aware(datetime.datetime(2027, 1, 31, 12)), tick=False)
    traject.registration.created_at = timezone.make_aware(datetime.datetime(2027, 1, 2, 9))
    traject.registration.save(update_fields=["created_at"])
    planned(traject, coordinator)

    services.plan_distribute(traject=traject, by=coordinator, distributed_to="The network")

    assert FollowUp.objects.get(traject=traject).due_on == datetime.date(2027, 2, 28)


def test_a_conference_before_the_registration_is_refused_next_to_its_date(traject, coordinator):
    with pytest.raises(ValidationError) as refused:
        services.conference_plan(
            traject=traject,
            by=coordinator,
            starts_at=traject.registration.created_at - datetime.timedelta(days=1),
            place="Het buurthuis",
        )

    assert "before the registration" in refused.value.message_dict["starts_at"][0]
    assert not Conference.objects.exists()
    assert phase(traject) == Phase.PREPARATION


def test_the_conference_is_not_held_while_a_confirmed_participant_was_never_contacted(
    traject, coordinator
):
    services.conference_plan(
        traject=traject,
        by=coordinator,
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        place="Het buurthuis",
    )
    neighbour = services.participant_add(
        traject=traject, by=coordinator, name="Neighbour", relation=Relation.FRIEND_OR_NEIGHBOUR
    )
    # Confirmed without the contact beforehand (as an import or an old row could have it).
    Participant.objects.filter(pk=neighbour.pk).update(state=ParticipantState.CONFIRMED)

    with pytest.raises(ValidationError, match="contacted beforehand"):
        services.conference_held(traject=traject, by=coordinator)

    assert Conference.objects.get(traject=traject).held_at is None


def test_participants_move_one_state_at_a_time_and_attend_only_a_held_conference(
    traject, coordinator
):
    aunt = services.participant_add(
        traject=traject, by=coordinator, name="Aunt", relation=Relation.FAMILY
    )
    with pytest.raises(ValidationError):
        services.participant_set_state(
            participant=aunt, by=coordinator, state=ParticipantState.CONFIRMED
        )
    aunt = services.participant_set_state(
        participant=aunt, by=coordinator, state=ParticipantState.CONTACTED
    )
    assert aunt.contacted_at is not None
    aunt = services.participant_set_state(
        participant=aunt, by=coordinator, state=ParticipantState.CONFIRMED
    )
    with pytest.raises(ValidationError, match="held"):
        services.participant_set_state(
            participant=aunt, by=coordinator, state=ParticipantState.ATTENDED
        )


def test_private_time_keeps_only_its_start_and_end(traject, coordinator):
    conference = held(traject, coordinator)

    assert (conference.private_time_start, conference.private_time_end) == (
        datetime.time(15, 0),
        datetime.time(16, 10),
    )
    text_fields = {
        field.name
        for field in Conference._meta.get_fields()
        if field.get_internal_type() in ("TextField", "CharField")
    }
    assert text_fields == {"place", "language", "practical"}


def test_the_plan_needs_content_and_is_distributed_only_with_its_three_checks(traject, coordinator):
    held(traject, coordinator)
    with pytest.raises(ValidationError) as empty:
        services.plan_save(traject=traject, by=coordinator, actions=[])
    assert "document" in empty.value.message_dict
    assert phase(traject) == Phase.CONFERENCE_PLANNED

    services.plan_save(
        traject=traject,
        by=coordinator,
        document=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"),
        document_type="pdf",
        checks={"safe": "yes", "safe_note": "Safe.", "legal": "yes", "legal_note": ""},
        reconvener="The aunt",
    )
    assert phase(traject) == Phase.PLAN_MADE
    plan = Plan.objects.get(traject=traject)
    assert plan.document.name.startswith("plans/") and "plan.pdf" not in plan.document.name

    with pytest.raises(ValidationError, match="three checks"):
        services.plan_distribute(traject=traject, by=coordinator, distributed_to="All")
    assert phase(traject) == Phase.PLAN_MADE


def test_after_distribution_only_the_follow_up_can_be_recorded(traject, coordinator):
    planned(traject, coordinator)
    services.plan_distribute(traject=traject, by=coordinator, distributed_to="All")

    with pytest.raises(ValidationError, match="distributed"):
        services.participant_add(
            traject=traject, by=coordinator, name="Late", relation=Relation.FAMILY
        )
    with pytest.raises(ValidationError, match="distributed"):
        services.checklist_set(traject=traject, by=coordinator, item="practical", done=True)
    with pytest.raises(ValidationError, match="a month after"):
        services.follow_up_record(traject=traject, by=coordinator, outcome=Outcome.FULLY)


def test_a_follow_up_before_the_distribution_is_refused(traject, coordinator):
    planned(traject, coordinator)

    with pytest.raises(ValidationError):
        services.follow_up_record(traject=traject, by=coordinator, outcome=Outcome.FULLY)

    assert not FollowUp.objects.exists()


def test_a_traject_closes_without_follow_up_only_with_a_reason(traject, coordinator):
    planned(traject, coordinator)
    services.plan_distribute(traject=traject, by=coordinator, distributed_to="All")

    with pytest.raises(ValidationError):
        services.traject_close_without_follow_up(traject=traject, by=coordinator, reason=" ")
    assert phase(traject) == Phase.PLAN_DISTRIBUTED

    services.traject_close_without_follow_up(
        traject=traject, by=coordinator, reason="The family moved abroad."
    )
    assert phase(traject) == Phase.CLOSED
    assert FollowUp.objects.get(traject=traject).not_done_reason == "The family moved abroad."


def test_only_the_trajects_coordinator_writes(traject, other_coordinator, staff):
    for somebody in (other_coordinator, staff):
        with pytest.raises(ValidationError, match="Only the traject's coordinator"):
            services.participant_add(
                traject=traject, by=somebody, name="X", relation=Relation.FAMILY
            )
    assert not Participant.objects.exists()


def test_the_follow_up_reminder_goes_out_once_on_its_day(traject, coordinator, time_machine):
    planned(traject, coordinator)
    services.plan_distribute(traject=traject, by=coordinator, distributed_to="All")
    due_on = FollowUp.objects.get(traject=traject).due_on

    def at(day, hour):
        time_machine.move_to(
            timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour))), tick=False
        )

    at(due_on - datetime.timedelta(days=1), 12)
    assert reminders.follow_ups_remind_due() == 0
    at(due_on, 8)
    assert reminders.follow_ups_remind_due() == 0
    at(due_on, 9)
    assert reminders.follow_ups_remind_due() == 1
    assert reminders.follow_ups_remind_due() == 0

    coordinator.preferred_language = "en"
    coordinator.save(update_fields=["preferred_language"])
    message = OutboxMessage.objects.get(topic=reminders.TOPIC_FOLLOW_UP)
    assert outbox_deliver(message_id=message.pk)
    [email] = mail.outbox
    assert email.to == [coordinator.email]
    assert email.subject == f"{traject.reference}: time for the follow-up"
    assert f"/portaal/trajecten/{traject.reference}/" in email.body
    assert traject.registration.core_name not in email.body


def test_a_refused_plan_leaves_no_file_behind(traject, coordinator, staff):
    from django.core.files.storage import storages

    held(traject, coordinator)
    traject_services.traject_pause(traject=traject, by=staff)
    storage = storages["private"]
    before = set(storage.listdir("plans")[1]) if storage.exists("plans") else set()

    with pytest.raises(ValidationError, match="paused"):
        services.plan_save(
            traject=traject,
            by=coordinator,
            document=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan %%EOF"),
            document_type="pdf",
        )

    after = set(storage.listdir("plans")[1]) if storage.exists("plans") else set()
    assert after == before
    assert not Plan.objects.filter(traject=traject).exists()


def test_plan_checks_accept_only_the_offered_answers(traject, coordinator):
    held(traject, coordinator)

    with pytest.raises(ValidationError, match="choices offered"):
        services.plan_save(
            traject=traject,
            by=coordinator,
            actions=[{"what": "A", "who": "B"}],
            checks={"safe": "maybe"},
        )
    with pytest.raises(ValidationError, match="choices offered"):
        services.plan_save(
            traject=traject,
            by=coordinator,
            actions=[{"what": "A", "who": "B"}],
            checks={"phase": "x"},
        )
