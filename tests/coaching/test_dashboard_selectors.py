"""The coach's dashboard rows (``coaching.dashboard.selectors.coach_dashboard``): each flag
present and absent around its threshold, with the clock moved; the current traject, its phase,
days in phase and the three-week clock; the order (what needs the coach first); only the
coordinators the coach coaches today; and the same number of queries for 5 and 40
coordinators."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from coaching.dashboard.selectors import Flag, coach_dashboard, upcoming_sessions
from coaching.models import Contact, ContactKind, Invitation, Reply, Session, SessionKind
from coaching.selectors import minimums_of, yearly_minimums
from people.factories import CoachAssignmentFactory, CoordinatorFactory, region
from people.models import User
from tests.trajects.test_figures import (
    BRUSSELS,
    accepted,
    at,
    conference_held,
    plan_distributed,
    plan_made,
)
from training.certificates.models import Certificate
from training.certificates.services import certificate_issue
from training.factories import CertificateFactory, TrackFactory
from trajects.matching.models import Proposal, ProposalState
from trajects.models import Phase, Traject
from trajects.traject.services import traject_advance
from trajects.workspace.models import FollowUp

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=BRUSSELS)  # a Monday
TODAY = NOW.date()
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _english():
    """Labels are checked in English: Dutch and French wording belongs to the translators."""
    with translation.override("en"):
        yield


# --- Building blocks (also used by the other dashboard tests) -----------------------------------


def coached(coach: User, **fields) -> User:
    """A new coordinator in Antwerpen whom ``coach`` coaches from a year ago."""
    coordinator = CoordinatorFactory(regions=[region("antwerpen")], **fields)
    CoachAssignmentFactory(coordinator=coordinator, coach=coach, starts_on=TODAY - 365 * DAY)
    return coordinator


def waiting_traject(coordinator: User, staff: User, registered_at: datetime.datetime) -> Traject:
    """A traject registered (and accepted) at ``registered_at``, its coordinator set but not
    started: the three-week clock runs."""
    traject = accepted(staff, registered_at)
    Traject.objects.filter(pk=traject.pk).update(coordinator=coordinator)
    traject.refresh_from_db()
    return traject


def started_traject(coordinator: User, staff: User, started_at: datetime.datetime) -> Traject:
    """A traject accepted four days before ``started_at`` and started then (its last step)."""
    traject = waiting_traject(coordinator, staff, started_at - 4 * DAY)
    with at(started_at):
        return traject_advance(traject=traject, to=Phase.PREPARATION, by=staff)


def distributed_traject(coordinator: User, staff: User, when: datetime.datetime) -> Traject:
    """Through the workspace up to the plan distributed at ``when`` (the follow-up is due a
    month later)."""
    traject = started_traject(coordinator, staff, when - 18 * DAY)
    conference_held(traject, when - 9 * DAY, when - 5 * DAY)
    plan_made(traject, when - 5 * DAY + datetime.timedelta(hours=1))
    plan_distributed(traject, when)
    return traject


def contact(coach: User, coordinator: User, day: datetime.date) -> Contact:
    return Contact.objects.create(
        coach=coach, coordinator=coordinator, occurred_on=day, kind=ContactKind.CALL
    )


def certified(
    coordinator: User, *, valid_until: datetime.date, intervision: int = 0, supervision: int = 0
):
    track = TrackFactory(
        code=f"dashboard-{intervision}-{supervision}",
        intervision_per_year=intervision,
        supervision_per_year=supervision,
    )
    return CertificateFactory(
        user=coordinator, track=track, issued_on=TODAY - 300 * DAY, valid_until=valid_until
    )


def attended(coordinator: User, facilitator: User, kind: str, day: datetime.date) -> Session:
    starts_at = datetime.datetime.combine(day, datetime.time(14), tzinfo=BRUSSELS)
    session = Session.objects.create(
        kind=kind,
        region=region("antwerpen"),
        facilitator=facilitator,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
    )
    Invitation.objects.create(
        session=session, coordinator=coordinator, reply=Reply.COMING, attended=True
    )
    return session


def row_of(coach: User, coordinator: User, today: datetime.date = TODAY):
    [row] = [
        row for row in coach_dashboard(coach=coach, today=today) if row.coordinator == coordinator
    ]
    return row


def flags_on(coach: User, coordinator: User, today: datetime.date) -> tuple[str, ...]:
    with at(datetime.datetime.combine(today, datetime.time(12), tzinfo=BRUSSELS)):
        return row_of(coach, coordinator, today).flags


# --- The rows -----------------------------------------------------------------------------------


def test_only_the_coordinators_the_coach_coaches_today_are_listed(
    coach, coordinator, other_coordinator
):
    ended = coached(coach)
    ended.coach_assignments.update(ends_on=TODAY - DAY)

    rows = coach_dashboard(coach=coach, today=TODAY)

    assert [row.coordinator for row in rows] == [coordinator]


def test_a_row_shows_the_current_traject_its_phase_and_days_in_phase(coach, staff):
    coordinator = coached(coach)
    traject = started_traject(coordinator, staff, NOW - 6 * DAY)

    with at(NOW):
        row = row_of(coach, coordinator)

    assert row.traject == traject
    assert row.reference == traject.reference
    assert row.phase == Phase.PREPARATION
    assert row.phase_label == "Preparation"
    assert row.days_in_phase == 6
    assert row.start_due_on is None  # started: the clock has stopped


def test_a_coordinator_without_a_traject_has_a_row_without_one(coach, coordinator):
    row = row_of(coach, coordinator)

    assert row.traject is None
    assert row.reference == ""
    assert row.days_in_phase is None


def test_an_ended_traject_is_not_the_current_one(coach, staff):
    coordinator = coached(coach)
    traject = started_traject(coordinator, staff, NOW - 6 * DAY)
    Traject.objects.filter(pk=traject.pk).update(phase=Phase.STOPPED, stop_reason="other")

    assert row_of(coach, coordinator).traject is None


def test_the_three_week_clock_counts_down_to_the_promise(coach, staff):
    coordinator = coached(coach)
    traject = waiting_traject(coordinator, staff, NOW - 10 * DAY)

    with at(NOW):
        row = row_of(coach, coordinator)

    assert row.start_due_on == traject.start_due_on(TODAY) == TODAY + 11 * DAY
    assert row.promise_days_left == 11


# --- Each flag, present and absent --------------------------------------------------------------


def test_no_step_for_14_days_is_flagged_from_the_14th_day(coach, staff):
    coordinator = coached(coach)
    started_traject(coordinator, staff, NOW - 14 * DAY)

    assert Flag.NO_STEP in flags_on(coach, coordinator, TODAY)
    assert Flag.NO_STEP not in flags_on(coach, coordinator, TODAY - DAY)


def test_no_step_waits_45_days_once_the_plan_is_distributed(coach, staff):
    coordinator = coached(coach)
    distributed_traject(coordinator, staff, NOW - 45 * DAY)

    assert Flag.NO_STEP in flags_on(coach, coordinator, TODAY)
    assert Flag.NO_STEP not in flags_on(coach, coordinator, TODAY - DAY)


def test_a_paused_traject_is_not_flagged_as_without_a_step(coach, staff):
    coordinator = coached(coach)
    traject = started_traject(coordinator, staff, NOW - 20 * DAY)
    Traject.objects.filter(pk=traject.pk).update(paused_at=NOW - 20 * DAY)

    assert Flag.NO_STEP not in flags_on(coach, coordinator, TODAY)


def test_a_follow_up_due_before_today_and_not_recorded_is_overdue(coach, staff):
    coordinator = coached(coach)
    traject = distributed_traject(coordinator, staff, NOW - 40 * DAY)
    due_on = FollowUp.objects.get(traject=traject).due_on

    assert Flag.FOLLOW_UP_OVERDUE in flags_on(coach, coordinator, due_on + DAY)
    assert Flag.FOLLOW_UP_OVERDUE not in flags_on(coach, coordinator, due_on)


def test_a_follow_up_closed_with_a_reason_is_not_overdue(coach, staff):
    coordinator = coached(coach)
    traject = distributed_traject(coordinator, staff, NOW - 40 * DAY)
    follow_up = FollowUp.objects.get(traject=traject)
    FollowUp.objects.filter(pk=follow_up.pk).update(not_done_reason="The family moved.")

    assert Flag.FOLLOW_UP_OVERDUE not in flags_on(coach, coordinator, follow_up.due_on + DAY)


def test_the_promise_is_at_risk_within_3_days_of_its_end_and_after(coach, staff):
    coordinator = coached(coach)
    traject = waiting_traject(coordinator, staff, NOW - 30 * DAY)
    due = traject.start_due_on(TODAY)

    assert Flag.PROMISE_AT_RISK not in flags_on(coach, coordinator, due - 4 * DAY)
    assert Flag.PROMISE_AT_RISK in flags_on(coach, coordinator, due - 3 * DAY)
    assert Flag.PROMISE_AT_RISK in flags_on(coach, coordinator, due + 5 * DAY)


def test_a_proposal_waiting_for_the_coordinators_answer_puts_the_promise_at_risk(coach, staff):
    """A traject starts when the coordinator accepts: while a proposal waits for their answer,
    its three-week clock is theirs, and their coach can nudge them."""
    coordinator = coached(coach)
    traject = accepted(staff, NOW - 30 * DAY)
    Proposal.objects.create(
        traject=traject,
        coordinator=coordinator,
        proposed_by=staff,
        answer_due_at=NOW + 2 * DAY,
    )
    due = traject.start_due_on(TODAY)

    assert Flag.PROMISE_AT_RISK not in flags_on(coach, coordinator, due - 4 * DAY)
    assert Flag.PROMISE_AT_RISK in flags_on(coach, coordinator, due - 3 * DAY)
    with at(NOW):
        assert row_of(coach, coordinator).start_due_on == due


def test_a_declined_proposal_leaves_no_promise_at_risk(coach, staff):
    coordinator = coached(coach)
    traject = accepted(staff, NOW - 30 * DAY)
    Proposal.objects.create(
        traject=traject,
        coordinator=coordinator,
        proposed_by=staff,
        answer_due_at=NOW + 2 * DAY,
        state=ProposalState.DECLINED,
    )

    assert Flag.PROMISE_AT_RISK not in flags_on(coach, coordinator, traject.start_due_on(TODAY))


def test_an_overdue_follow_up_is_flagged_while_the_coordinator_works_on_another_traject(
    coach, staff
):
    coordinator = coached(coach)
    distributed = distributed_traject(coordinator, staff, NOW - 40 * DAY)
    current = started_traject(coordinator, staff, NOW - 2 * DAY)
    due_on = FollowUp.objects.get(traject=distributed).due_on

    with at(NOW):
        assert row_of(coach, coordinator, due_on + DAY).traject == current
    assert Flag.FOLLOW_UP_OVERDUE in flags_on(coach, coordinator, due_on + DAY)


def test_a_started_traject_has_no_promise_at_risk(coach, staff):
    coordinator = coached(coach)
    started_traject(coordinator, staff, NOW - 2 * DAY)  # registered 6 days ago, started

    assert Flag.PROMISE_AT_RISK not in flags_on(coach, coordinator, TODAY + 30 * DAY)


def test_a_certificate_expiring_within_60_days_is_flagged(coach):
    soon, later = coached(coach), coached(coach)
    certified(soon, valid_until=TODAY + 60 * DAY)
    certified(later, valid_until=TODAY + 61 * DAY)

    assert Flag.CERTIFICATE_EXPIRING in flags_on(coach, soon, TODAY)
    assert Flag.CERTIFICATE_EXPIRING not in flags_on(coach, later, TODAY)
    row = row_of(coach, soon)
    assert row.certificate_state == "expiring"
    assert row.certificate_valid_until == TODAY + 60 * DAY


def test_intervision_or_supervision_below_the_tracks_minimum_is_flagged(coach, other_coach):
    coordinator = coached(coach)
    certified(coordinator, valid_until=TODAY + 400 * DAY, intervision=2, supervision=1)
    attended(coordinator, coach, SessionKind.INTERVISION, TODAY - 30 * DAY)
    attended(coordinator, coach, SessionKind.INTERVISION, TODAY - 20 * DAY)

    assert Flag.BELOW_MINIMUM in flags_on(coach, coordinator, TODAY)  # no supervision yet

    attended(coordinator, other_coach, SessionKind.SUPERVISION, TODAY - 10 * DAY)

    assert Flag.BELOW_MINIMUM not in flags_on(coach, coordinator, TODAY)
    counts = row_of(coach, coordinator).counts
    assert (counts.intervision, counts.intervision_required) == (2, 2)
    assert (counts.supervision, counts.supervision_required) == (1, 1)


def test_no_contact_for_30_days_or_never_is_flagged(coach, other_coach):
    never, recent, long_ago = coached(coach), coached(coach), coached(coach)
    contact(coach, recent, TODAY - 29 * DAY)
    contact(coach, long_ago, TODAY - 30 * DAY)
    contact(other_coach, never, TODAY)  # another coach's contact is not this coach's

    assert Flag.NO_CONTACT in flags_on(coach, never, TODAY)
    assert Flag.NO_CONTACT not in flags_on(coach, recent, TODAY)
    assert Flag.NO_CONTACT in flags_on(coach, long_ago, TODAY)
    assert row_of(coach, recent).last_contact == TODAY - 29 * DAY


def test_a_coordinator_with_nothing_wrong_has_no_flags(coach, staff):
    coordinator = coached(coach)
    started_traject(coordinator, staff, NOW - 2 * DAY)
    certified(coordinator, valid_until=TODAY + 400 * DAY, intervision=0)
    contact(coach, coordinator, TODAY - DAY)

    assert flags_on(coach, coordinator, TODAY) == ()


# --- The order ----------------------------------------------------------------------------------


def test_rows_are_sorted_by_what_needs_the_coach_first(coach, staff):
    calm = coached(coach, first_name="Anna")
    contact(coach, calm, TODAY)
    only_contact = coached(coach, first_name="Bert")
    at_risk = coached(coach, first_name="Cas")
    waiting_traject(at_risk, staff, NOW - 25 * DAY)
    # The same flags (no step, no contact): the longer in their phase first.
    shorter, longer = coached(coach, first_name="Dirk"), coached(coach, first_name="Els")
    started_traject(shorter, staff, NOW - 15 * DAY)
    started_traject(longer, staff, NOW - 20 * DAY)

    with at(NOW):
        rows = coach_dashboard(coach=coach, today=TODAY)

    assert [row.coordinator for row in rows] == [at_risk, longer, shorter, only_contact, calm]


# --- Sessions -----------------------------------------------------------------------------------


def test_upcoming_sessions_are_the_coachs_own_with_their_replies(
    coach, other_coach, coordinator, other_coordinator
):
    past = attended(coordinator, coach, SessionKind.INTERVISION, TODAY - 3 * DAY)
    starts_at = NOW + 2 * DAY
    session = Session.objects.create(
        kind=SessionKind.INTERVISION,
        region=region("antwerpen"),
        facilitator=coach,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
    )
    Invitation.objects.create(session=session, coordinator=coordinator, reply=Reply.COMING)
    Invitation.objects.create(
        session=session, coordinator=other_coordinator, reply=Reply.NOT_COMING
    )
    Invitation.objects.create(session=session, coordinator=coached(coach))
    Session.objects.create(
        kind=SessionKind.SUPERVISION,
        region=region("antwerpen"),
        facilitator=other_coach,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
    )

    [upcoming] = upcoming_sessions(coach=coach, now=NOW)

    assert upcoming.session == session != past
    assert (upcoming.coming, upcoming.not_coming, upcoming.no_reply) == (1, 1, 1)


# --- The query budget ---------------------------------------------------------------------------


def coordinators_with_everything(coach: User, staff: User, count: int) -> None:
    track = TrackFactory(code="budget", intervision_per_year=2)
    for index in range(count):
        coordinator = coached(coach)
        if index % 2 == 0:
            started_traject(coordinator, staff, NOW - (index + 1) * DAY)
        certificate_issue(user=coordinator, track=track, issued_on=TODAY - 100 * DAY)
        contact(coach, coordinator, TODAY - index * DAY)
        attended(coordinator, coach, SessionKind.INTERVISION, TODAY - 5 * DAY)


def queries_for(coach: User) -> int:
    with CaptureQueriesContext(connection) as queries:
        rows = coach_dashboard(coach=coach, today=TODAY)
    assert rows
    return len(queries)


def test_the_dashboard_takes_the_same_queries_for_5_and_40_coordinators(
    coach, other_coach, staff, django_assert_num_queries
):
    with at(NOW):
        coordinators_with_everything(coach, staff, 5)
        coordinators_with_everything(other_coach, staff, 40)

        with django_assert_num_queries(5):
            assert len(coach_dashboard(coach=coach, today=TODAY)) == 5
        with django_assert_num_queries(5):
            assert len(coach_dashboard(coach=other_coach, today=TODAY)) == 40
        assert queries_for(coach) == queries_for(other_coach)


def test_the_minimums_read_from_the_certificates_are_the_databases(coach):
    """``minimums_of`` (the dashboard's, from the certificates it reads anyway) gives what
    ``yearly_minimums`` counts in the database: the highest of the valid certificates'
    tracks; an expired or revoked certificate asks nothing."""
    two = coached(coach)
    certified(two, valid_until=TODAY + 30 * DAY, intervision=4, supervision=1)
    certified(two, valid_until=TODAY + 90 * DAY, intervision=2, supervision=3)
    certified(two, valid_until=TODAY - DAY, intervision=9, supervision=9)  # expired
    revoked = certified(two, valid_until=TODAY + 90 * DAY, intervision=8, supervision=8)
    Certificate.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    none = coached(coach)
    certificates = {
        user.pk: list(Certificate.objects.filter(user=user).select_related("track"))
        for user in (two, none)
    }
    in_database = yearly_minimums([two.pk, none.pk], TODAY)
    assert minimums_of(certificates[two.pk], TODAY) == in_database[two.pk] == (4, 3)
    assert minimums_of(certificates[none.pk], TODAY) == (0, 0)
    assert none.pk not in in_database
    assert row_of(coach, two).counts.intervision_required == 4
    assert row_of(coach, two).counts.supervision_required == 3
