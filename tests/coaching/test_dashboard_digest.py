"""The coach's weekly digest: due on Monday from 07:00 Brussels time and not before, sent once
per coach and week however often (or late) beat runs, not to a coach who switched it off or
coaches nobody; the e-mail lists the flags and the week's sessions with links, names
coordinators by first name and initial, holds no family details, and is in the coach's
language."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from coaching.dashboard.digest import (
    TOPIC_DIGEST,
    digest_email_send,
    digest_week_of,
    weekly_digests_send,
)
from coaching.dashboard.services import coaching_profile_digest_set
from coaching.dashboard.tasks import send_weekly_digests
from coaching.models import Invitation, Reply, Session, SessionKind, WeeklyDigest
from people.factories import CoachFactory, region
from people.models import OutboxMessage
from people.outbox import outbox_deliver
from tests.coaching.test_dashboard_selectors import (
    BRUSSELS,
    DAY,
    coached,
    waiting_traject,
)
from tests.trajects.test_figures import at

pytestmark = pytest.mark.django_db

MONDAY_7 = datetime.datetime(2026, 6, 15, 7, 0, tzinfo=BRUSSELS)
MINUTE = datetime.timedelta(minutes=1)


def digests() -> list[WeeklyDigest]:
    return list(WeeklyDigest.objects.order_by("coach_id"))


def messages_of(digest: WeeklyDigest) -> int:
    return OutboxMessage.objects.filter(topic=TOPIC_DIGEST, object_id=digest.pk).count()


# --- When -------------------------------------------------------------------------------------


def test_the_week_of_a_moment_is_its_monday_from_seven_in_brussels():
    assert digest_week_of(MONDAY_7 - MINUTE) is None
    assert digest_week_of(MONDAY_7) == MONDAY_7.date()
    assert digest_week_of(MONDAY_7 + 3 * DAY) == MONDAY_7.date()
    sunday_night = datetime.datetime(2026, 6, 21, 23, 59, tzinfo=BRUSSELS)
    assert digest_week_of(sunday_night) == MONDAY_7.date()
    # 05:30 UTC on Monday is 07:30 in Brussels (summer time): due.
    assert digest_week_of(datetime.datetime(2026, 6, 15, 5, 30, tzinfo=datetime.UTC)) == (
        MONDAY_7.date()
    )
    # In winter 06:30 UTC is 07:30 in Brussels; 05:59 UTC is 06:59: not yet.
    assert digest_week_of(datetime.datetime(2026, 12, 7, 5, 59, tzinfo=datetime.UTC)) is None


def test_no_digest_goes_out_on_monday_before_seven(coach, coordinator):
    assert weekly_digests_send(now=MONDAY_7 - MINUTE) == 0

    assert digests() == []


def test_each_coach_with_coordinators_gets_one_digest_at_seven_on_monday(
    coach, coordinator, other_coach, other_coordinator
):
    assert weekly_digests_send(now=MONDAY_7) == 2

    assert [(d.coach, d.week_of) for d in digests()] == [
        (coach, MONDAY_7.date()),
        (other_coach, MONDAY_7.date()),
    ]
    assert all(d.sent_at == MONDAY_7 and messages_of(d) == 1 for d in digests())


def test_the_digest_goes_once_when_beat_runs_twice(coach, coordinator):
    assert weekly_digests_send(now=MONDAY_7) == 1
    assert weekly_digests_send(now=MONDAY_7) == 0
    assert weekly_digests_send(now=MONDAY_7 + 15 * MINUTE) == 0

    [digest] = digests()
    assert messages_of(digest) == 1


def test_a_digest_claimed_before_a_restart_is_not_sent_again(coach, coordinator):
    weekly_digests_send(now=MONDAY_7)
    WeeklyDigest.objects.update(sent_at=MONDAY_7)  # what a worker left behind

    assert weekly_digests_send(now=MONDAY_7 + DAY) == 0


def test_a_beat_that_was_down_at_seven_catches_up_later_that_week(coach, coordinator):
    assert weekly_digests_send(now=MONDAY_7 + 2 * DAY + 3 * 60 * MINUTE) == 1
    assert weekly_digests_send(now=MONDAY_7 + 6 * DAY) == 0  # Sunday: this week's went

    assert weekly_digests_send(now=MONDAY_7 + 7 * DAY) == 1  # next Monday: next week's
    assert [d.week_of for d in digests()] == [MONDAY_7.date(), MONDAY_7.date() + 7 * DAY]


def test_a_coach_who_switched_it_off_gets_no_digest(
    coach, coordinator, other_coach, other_coordinator
):
    coaching_profile_digest_set(coach=coach, weekly_digest=False)

    assert weekly_digests_send(now=MONDAY_7) == 1

    assert [d.coach for d in digests()] == [other_coach]


def test_a_coach_without_coordinators_gets_no_digest(coach, coordinator):
    CoachFactory(email="idle.coach@kring.test")

    weekly_digests_send(now=MONDAY_7)

    assert [d.coach for d in digests()] == [coach]


def test_the_task_sends_the_weeks_digests(coach, coordinator):
    with at(MONDAY_7 + MINUTE):
        assert send_weekly_digests.delay().get() == 1


# --- What it says -------------------------------------------------------------------------------


@pytest.fixture
def week(coach, coordinator, staff):
    """On Monday 15 June 2026: the ``coordinator`` persona (never contacted), one whose promise
    is at risk, and an intervision session on Wednesday with one reply."""
    with at(MONDAY_7 - DAY):
        at_risk = coached(coach, first_name="Rita", last_name="Risico")
        traject = waiting_traject(at_risk, staff, MONDAY_7 - 20 * DAY)
        starts_at = datetime.datetime(2026, 6, 17, 19, 0, tzinfo=BRUSSELS)
        session = Session.objects.create(
            kind=SessionKind.INTERVISION,
            region=region("antwerpen"),
            facilitator=coach,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
        )
        Invitation.objects.create(session=session, coordinator=coordinator, reply=Reply.COMING)
        Invitation.objects.create(session=session, coordinator=at_risk)
        later = Session.objects.create(
            kind=SessionKind.INTERVISION,
            region=region("antwerpen"),
            facilitator=coach,
            starts_at=starts_at + 7 * DAY,
            ends_at=starts_at + 7 * DAY + datetime.timedelta(hours=2),
        )
    return {"traject": traject, "session": session, "later": later, "at_risk": at_risk}


def delivered(now: datetime.datetime = MONDAY_7) -> mail.EmailMessage:
    with at(now):
        weekly_digests_send(now=now)
        [message] = OutboxMessage.objects.filter(topic=TOPIC_DIGEST)
        assert outbox_deliver(message_id=message.pk)
    [email] = mail.outbox
    return email


def test_the_digest_lists_the_flags_and_the_flagged_coordinators(coach, coordinator, week):
    coach.preferred_language = "en"
    coach.save()

    email = delivered()

    assert email.to == [coach.email]
    assert email.subject == "Your coaching week of 15/06/2026"
    body = email.body
    assert "you coach 2 coordinators" in body
    assert "- Promise at risk: 1" in body
    assert "- No contact for 30 days: 2" in body
    assert "* Rita R.: Promise at risk, No step for 14 days, No contact for 30 days" in body
    assert f"* {coordinator.first_name} {coordinator.last_name[0]}.: No contact for 30 days" in body
    assert "http://testserver/en/coach/" in body


def test_the_digest_lists_the_weeks_sessions_with_links(coach, week):
    coach.preferred_language = "en"
    coach.save()

    body = delivered().body

    assert f"http://testserver/en/coach/sessies/{week['session'].pk}/" in body
    assert "Wednesday 17 June, 19:00–21:00: Intervision (1 coming, 1 without a reply)" in body
    assert f"/coach/sessies/{week['later'].pk}/" not in body  # next week's


def test_the_digest_holds_no_family_details(coach, week):
    body = delivered().body
    registration = week["traject"].registration

    for detail in (
        registration.core_name,
        registration.registrant_name,
        registration.registrant_email,
        registration.core_phone,
        registration.question,
        registration.reference,
    ):
        assert detail not in body
    assert "Risico" not in body  # a colleague by first name and initial only


def test_the_digest_is_in_the_coachs_language(coach, week):
    coach.preferred_language = "fr"
    coach.save()

    email = delivered()

    assert email.body.startswith("Bonjour,")
    assert "http://testserver/fr/coach/" in email.body
    assert "mercredi 17 juin, 19:00" in email.body


def test_a_digest_switched_off_before_delivery_is_not_sent(coach, week):
    with at(MONDAY_7):
        weekly_digests_send(now=MONDAY_7)
    coaching_profile_digest_set(coach=coach, weekly_digest=False)
    [digest] = digests()

    assert digest_email_send(digest_id=digest.pk) is False
    assert mail.outbox == []
