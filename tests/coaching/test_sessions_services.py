"""The session services: every rule of scheduling and changing a session on its field, the
invitations, changes and cancellations by e-mail, attendance and certificate renewal, the
summary, private notes, saved groups and the reminder the day before."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from icalendar import Calendar

from coaching.models import (
    CoachingProfile,
    IntervisionGroup,
    Invitation,
    PrivateNote,
    Reply,
    Session,
    SessionKind,
)
from coaching.sessions import services
from coaching.sessions.tasks import send_session_reminders
from people.factories import CoachAssignmentFactory, CoordinatorFactory
from people.models import OutboxMessage
from people.outbox import outbox_deliver
from training.certificates.models import RenewalActivity
from training.certificates.selectors import renewal_status
from training.factories import CertificateFactory, TrackFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English (and reverse() gives the /en/ addresses): Dutch and
    French wording belongs to the translators."""
    with translation.override("en"):
        yield


def at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """An aware moment, ``days`` from today (Brussels) at ``hour:minute``."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def deliver_all() -> None:
    for pk in OutboxMessage.objects.filter(sent_at__isnull=True).values_list("pk", flat=True):
        outbox_deliver(message_id=pk)


def schedule(coach, invitees, *, days=1, start=10, end=12, kind=SessionKind.INTERVISION, **extra):
    return services.session_schedule(
        kind=kind,
        region=coach.regions.first(),
        facilitator=coach,
        starts_at=at(days, start),
        ends_at=at(days, end),
        invitees=invitees,
        created_by=coach,
        **extra,
    )


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


@pytest.fixture
def second_coordinator(coach, antwerpen):
    user = CoordinatorFactory(
        email="second.coordinator@kring.test", first_name="Sam", regions=[antwerpen]
    )
    CoachAssignmentFactory(coordinator=user, coach=coach)
    return user


# --- The rules of a session, each on its field -----------------------------------------------


def test_a_session_that_ends_before_it_starts_is_refused_on_ends_at(coach, coordinator):
    errors = refusal(lambda: schedule(coach, [coordinator], start=12, end=10))
    assert "end after it starts" in errors["ends_at"][0]
    errors = refusal(lambda: schedule(coach, [coordinator], start=10, end=10))
    assert "ends_at" in errors


def test_a_facilitator_booked_twice_at_the_same_time_is_refused_on_starts_at(coach, coordinator):
    schedule(coach, [coordinator], start=10, end=12)
    errors = refusal(lambda: schedule(coach, [coordinator], start=11, end=13))
    assert "already has a session at this time" in errors["starts_at"][0]
    # Back to back is no overlap.
    schedule(coach, [coordinator], start=12, end=13)


def test_a_cancelled_session_frees_the_facilitators_time(coach, coordinator):
    first = schedule(coach, [coordinator])
    services.session_cancel(session=first, by=coach)
    assert schedule(coach, [coordinator]).pk != first.pk


def test_more_invitees_than_places_is_refused_on_invitees(coach, coordinator, second_coordinator):
    errors = refusal(lambda: schedule(coach, [coordinator, second_coordinator], capacity=1))
    assert "2 coordinators" in errors["invitees"][0]
    assert "1 places" in errors["invitees"][0]


def test_an_intervision_session_needs_an_invitee(coach):
    errors = refusal(lambda: schedule(coach, [], kind=SessionKind.INTERVISION))
    assert "at least one coordinator" in errors["invitees"][0]


def test_a_coaching_conversation_is_with_exactly_one_coordinator(
    coach, coordinator, second_coordinator
):
    errors = refusal(
        lambda: schedule(coach, [coordinator, second_coordinator], kind=SessionKind.COACHING)
    )
    assert "exactly one coordinator" in errors["invitees"][0]
    assert "invitees" in refusal(lambda: schedule(coach, [], kind=SessionKind.COACHING))
    assert schedule(coach, [coordinator], kind=SessionKind.COACHING).kind == "coaching"


def test_supervision_is_led_by_a_coach_or_a_supervisor(staff, coach, coordinator):
    errors = refusal(lambda: schedule(staff, [coordinator], kind=SessionKind.SUPERVISION))
    assert "supervisor" in errors["kind"][0]
    CoachingProfile.objects.create(user=staff, is_supervisor=True)
    staff.refresh_from_db()
    assert schedule(staff, [coordinator], kind=SessionKind.SUPERVISION).facilitator == staff
    assert schedule(coach, [coordinator], days=2, kind=SessionKind.SUPERVISION)


def test_a_coach_invites_only_the_coordinators_they_coach_today(
    coach, coordinator, other_coordinator
):
    errors = refusal(lambda: schedule(coach, [coordinator, other_coordinator]))
    assert "coordinators they coach" in errors["invitees"][0]
    coordinator.coach_assignments.update(ends_on=timezone.localdate())
    assert "invitees" in refusal(lambda: schedule(coach, [coordinator]))


def test_a_supervisor_invites_only_the_coordinators_of_their_regions(
    other_staff, staff, coordinator
):
    for supervisor in (staff, other_staff):
        CoachingProfile.objects.create(user=supervisor, is_supervisor=True)
    errors = refusal(lambda: schedule(other_staff, [coordinator], kind=SessionKind.SUPERVISION))
    assert "coordinators of their regions" in errors["invitees"][0]
    assert schedule(staff, [coordinator], kind=SessionKind.SUPERVISION)


def test_a_refused_session_saves_nothing(coach, coordinator, other_coordinator):
    refusal(lambda: schedule(coach, [coordinator, other_coordinator], save_group_as="Noord"))
    assert not Session.objects.exists()
    assert not Invitation.objects.exists()
    assert not IntervisionGroup.objects.exists()
    assert not OutboxMessage.objects.filter(topic__startswith="coaching.").exists()


# --- Invitations, changes, cancellations -----------------------------------------------------


def test_each_invitee_gets_an_invitation_with_the_calendar_file(
    coach, coordinator, second_coordinator
):
    second_coordinator.preferred_language = "fr"
    second_coordinator.save()
    session = schedule(coach, [coordinator, second_coordinator], place="Lokaal 3")
    assert session.invitations.count() == 2
    deliver_all()

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {coordinator.email, second_coordinator.email}
    dutch, french = by_recipient[coordinator.email], by_recipient[second_coordinator.email]
    assert "Uitnodiging" in dutch.subject or "Invitation" in dutch.subject
    assert "Lokaal 3" in dutch.body
    # No other invitee's name in anyone's e-mail.
    assert second_coordinator.first_name not in dutch.body
    assert coordinator.first_name not in french.body
    (name, content, mimetype) = dutch.attachments[0]
    assert name.endswith(".ics") and mimetype == "text/calendar"
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["uid"]) == f"session-{session.pk}@kring"


def test_changing_a_session_invites_new_tells_removed_and_informs_who_stays(
    coach, coordinator, second_coordinator, antwerpen
):
    third = CoordinatorFactory(email="third@kring.test", regions=[antwerpen])
    CoachAssignmentFactory(coordinator=third, coach=coach)
    session = schedule(coach, [coordinator, second_coordinator])
    deliver_all()
    mail.outbox.clear()

    services.session_update(
        session=session, by=coach, invitees=[coordinator, third], place="Elders"
    )
    deliver_all()

    assert set(session.invitations.values_list("coordinator_id", flat=True)) == {
        coordinator.pk,
        third.pk,
    }
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert set(subjects) == {coordinator.email, second_coordinator.email, third.email}
    assert "Gewijzigd" in subjects[coordinator.email] or "Changed" in subjects[coordinator.email]
    removed = next(m for m in mail.outbox if m.to == [second_coordinator.email])
    assert Calendar.from_ical(removed.attachments[0][1]).walk("VEVENT")[0]["status"] == (
        "CANCELLED"
    )

    # A second change reaches who stays again.
    mail.outbox.clear()
    services.session_update(session=session, by=coach, place="Nog elders")
    deliver_all()
    assert {message.to[0] for message in mail.outbox} == {coordinator.email, third.email}


def test_a_change_keeps_the_rules(coach, coordinator, other_coordinator):
    session = schedule(coach, [coordinator])
    errors = refusal(lambda: services.session_update(session=session, by=coach, ends_at=at(1, 9)))
    assert "ends_at" in errors
    errors = refusal(
        lambda: services.session_update(
            session=session, by=coach, invitees=[coordinator, other_coordinator]
        )
    )
    assert "invitees" in errors
    session.refresh_from_db()
    assert session.ends_at == at(1, 12)


def test_a_session_does_not_overlap_itself_when_changed(coach, coordinator):
    session = schedule(coach, [coordinator], start=10, end=12)
    services.session_update(session=session, by=coach, ends_at=at(1, 13))
    session.refresh_from_db()
    assert session.ends_at == at(1, 13)


def test_cancelling_tells_every_invitee_and_frees_nothing_twice(coach, coordinator):
    session = schedule(coach, [coordinator])
    deliver_all()
    mail.outbox.clear()
    services.session_cancel(session=session, by=coach)
    deliver_all()
    (message,) = mail.outbox
    assert message.to == [coordinator.email]
    with pytest.raises(ValidationError):
        services.session_cancel(session=session, by=coach)
    with pytest.raises(ValidationError):
        services.session_update(session=session, by=coach, place="X")


def test_only_the_facilitator_or_an_administrator_changes_a_session(
    coach, other_coach, administrator, coordinator
):
    session = schedule(coach, [coordinator])
    with pytest.raises(ValidationError):
        services.session_update(session=session, by=other_coach, place="X")
    with pytest.raises(ValidationError):
        services.session_cancel(session=session, by=other_coach)
    assert services.session_update(session=session, by=administrator, place="X").place == "X"


# --- Attendance and renewal ------------------------------------------------------------------


def test_attendance_before_the_session_has_ended_is_refused(coach, coordinator):
    session = schedule(coach, [coordinator])
    with pytest.raises(ValidationError) as error:
        services.attendance_record(
            session=session, attended_ids=[coordinator.pk], recorded_by=coach
        )
    assert "once the session has ended" in error.value.messages[0]
    just_before = session.ends_at - datetime.timedelta(minutes=1)
    with time_machine.travel(just_before, tick=False), pytest.raises(ValidationError):
        services.attendance_record(
            session=session, attended_ids=[coordinator.pk], recorded_by=coach
        )
    assert not Invitation.objects.filter(attended__isnull=False).exists()


def test_attendance_of_a_cancelled_session_is_refused(coach, coordinator):
    session = schedule(coach, [coordinator])
    services.session_cancel(session=session, by=coach)
    after = session.ends_at + datetime.timedelta(hours=1)
    with time_machine.travel(after, tick=False), pytest.raises(ValidationError):
        services.attendance_record(
            session=session, attended_ids=[coordinator.pk], recorded_by=coach
        )


def test_only_invitees_can_be_marked_present(coach, coordinator, other_coordinator):
    session = schedule(coach, [coordinator])
    with time_machine.travel(session.ends_at + datetime.timedelta(hours=1), tick=False):
        errors = refusal(
            lambda: services.attendance_record(
                session=session, attended_ids=[other_coordinator.pk], recorded_by=coach
            )
        )
    assert "attended_ids" in errors


def test_intervision_attendance_counts_for_renewal_and_a_correction_takes_it_back(
    coach, coordinator, second_coordinator
):
    certificate = CertificateFactory(user=coordinator, track=TrackFactory(intervision_per_year=2))
    session = schedule(coach, [coordinator, second_coordinator])
    reference = f"coaching-session-{session.pk}"
    with time_machine.travel(session.ends_at + datetime.timedelta(hours=1), tick=False):
        present = services.attendance_record(
            session=session, attended_ids=[coordinator.pk], recorded_by=coach
        )
        assert present == 1
        attended = dict(session.invitations.values_list("coordinator_id", "attended"))
        assert attended == {coordinator.pk: True, second_coordinator.pk: False}
        activity = RenewalActivity.objects.get(user=coordinator, reference=reference)
        assert activity.occurred_on == session.day
        assert not RenewalActivity.objects.filter(user=second_coordinator).exists()
        assert renewal_status(certificate=certificate).intervision_attended == 1

        # Corrected: the first was not there after all, the second was.
        services.attendance_record(
            session=session, attended_ids=[second_coordinator.pk], recorded_by=coach
        )
        assert not RenewalActivity.objects.filter(user=coordinator).exists()
        assert RenewalActivity.objects.filter(user=second_coordinator, reference=reference)
        assert renewal_status(certificate=certificate).intervision_attended == 0
    session.refresh_from_db()
    assert session.attendance_recorded_at is not None


def test_supervision_attendance_is_not_a_renewal_activity(coach, coordinator):
    session = schedule(coach, [coordinator], kind=SessionKind.SUPERVISION)
    with time_machine.travel(session.ends_at + datetime.timedelta(hours=1), tick=False):
        services.attendance_record(
            session=session, attended_ids=[coordinator.pk], recorded_by=coach
        )
    assert session.invitations.get().attended is True
    assert not RenewalActivity.objects.exists()


def test_a_session_with_attendance_recorded_can_no_longer_be_changed(coach, coordinator):
    session = schedule(coach, [coordinator])
    with time_machine.travel(session.ends_at + datetime.timedelta(hours=1), tick=False):
        services.attendance_record(session=session, attended_ids=[], recorded_by=coach)
        with pytest.raises(ValidationError):
            services.session_update(session=session, by=coach, place="X")


# --- Summary, private notes, groups ----------------------------------------------------------


def test_only_the_facilitator_writes_the_summary(coach, administrator, coordinator):
    session = schedule(coach, [coordinator])
    errors = refusal(
        lambda: services.session_summary_save(session=session, summary="X", by=administrator)
    )
    assert "summary" in errors
    services.session_summary_save(session=session, summary="  Goed gesprek.  ", by=coach)
    session.refresh_from_db()
    assert session.summary == "Goed gesprek."


def test_a_private_note_is_one_per_author_and_empty_text_deletes_it(
    coach, coordinator, other_coach
):
    session = schedule(coach, [coordinator])
    services.private_note_save(session=session, author=coach, text="Eerste")
    services.private_note_save(session=session, author=coach, text="Tweede")
    services.private_note_save(session=session, author=coordinator, text="Van mij")
    assert PrivateNote.objects.get(session=session, author=coach).text == "Tweede"
    assert PrivateNote.objects.filter(session=session).count() == 2
    assert services.private_note_save(session=session, author=coach, text="  ") is None
    assert not PrivateNote.objects.filter(session=session, author=coach).exists()
    assert "text" in refusal(
        lambda: services.private_note_save(session=session, author=other_coach, text="Nee")
    )


def test_invitees_saved_as_a_group_can_be_invited_again(coach, coordinator, second_coordinator):
    session = schedule(coach, [coordinator, second_coordinator], save_group_as=" Noord ")
    group = IntervisionGroup.objects.get(coach=coach)
    assert group.name == "Noord"
    assert session.group == group
    assert set(group.members.all()) == {coordinator, second_coordinator}
    # The same name replaces the members.
    services.intervision_group_save(
        coach=coach, name="Noord", members=[coordinator], region=group.region
    )
    assert list(group.members.all()) == [coordinator]


def test_a_group_needs_a_name_and_coordinators_the_coach_may_invite(
    coach, coordinator, other_coordinator, antwerpen
):
    errors = refusal(
        lambda: services.intervision_group_save(
            coach=coach, name="", members=[other_coordinator], region=antwerpen
        )
    )
    assert set(errors) == {"name", "members"}


def test_a_session_cannot_take_another_coachs_group(
    coach, other_coach, coordinator, other_coordinator, antwerpen
):
    theirs = services.intervision_group_save(
        coach=other_coach, name="Zuid", members=[other_coordinator], region=antwerpen
    )
    assert "group" in refusal(lambda: schedule(coach, [coordinator], group=theirs))


# --- The reminder the day before --------------------------------------------------------------


def test_the_reminder_goes_once_to_who_has_not_declined_even_when_run_twice(
    coach, coordinator, second_coordinator
):
    tomorrow = schedule(coach, [coordinator, second_coordinator], days=1)
    schedule(coach, [coordinator], days=2)  # not tomorrow: no reminder yet
    Invitation.objects.filter(session=tomorrow, coordinator=second_coordinator).update(
        reply=Reply.NOT_COMING
    )
    deliver_all()
    mail.outbox.clear()

    assert services.sessions_remind_due() == 1
    assert services.sessions_remind_due() == 0
    assert send_session_reminders() == 0
    deliver_all()

    (reminder,) = mail.outbox
    assert reminder.to == [coordinator.email]
    assert not reminder.attachments


def test_a_moved_session_is_reminded_again(coach, coordinator):
    session = schedule(coach, [coordinator], days=1)
    assert services.sessions_remind_due() == 1
    services.session_update(session=session, by=coach, starts_at=at(2, 10), ends_at=at(2, 12))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1), tick=False):
        assert services.sessions_remind_due() == 1


def test_no_reminder_for_a_cancelled_session(coach, coordinator):
    session = schedule(coach, [coordinator], days=1)
    services.session_cancel(session=session, by=coach)
    assert services.sessions_remind_due() == 0
