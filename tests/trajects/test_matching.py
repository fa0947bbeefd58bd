"""Matching: the ranked shortlist of coordinators for a traject (and why each has their place),
its query budget, proposing a coordinator, their answer within 48 hours (accept, decline,
no answer), staff withdrawing a proposal, and the e-mails that carry no family data."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format

from people.factories import CoachFactory, CoordinatorFactory, StaffFactory, postcode
from people.models import OutboxMessage, Place, User
from people.outbox import outbox_deliver
from training.certificates.selectors import add_months
from training.certificates.services import certificate_issue, certificate_revoke
from training.factories import TrackFactory
from trajects.factories import RegistrationFactory
from trajects.intake.services import registration_accept, registration_intake_start
from trajects.matching import services
from trajects.matching.selectors import NEARBY_KM, candidate, distance_km, shortlist
from trajects.models import (
    DeclineReason,
    Exclusion,
    Phase,
    Proposal,
    ProposalState,
    Step,
    StepKind,
    StopReason,
    Traject,
)
from trajects.traject.services import traject_pause, traject_stop

pytestmark = pytest.mark.django_db

SECRET_NAME = "Samira El Amrani"
SECRET_QUESTION = "Vertrouwelijke vraag over de kinderen van Samira"
SECRET_MUNICIPALITY = "Berchem"


@pytest.fixture(autouse=True)
def _english():
    """The reasons and refusals are checked in English: Dutch and French wording belongs to the
    translators."""
    with translation.override("en"):
        yield


# --- Helpers --------------------------------------------------------------------------------


def certified(
    *,
    regions=None,
    at: str | None = None,
    languages=("nl",),
    last_name: str = "",
    **fields,
) -> User:
    """A coordinator with a valid certificate of a track that qualifies for matching, living at
    postcode ``at`` (none by default), working in ``regions`` (none by default)."""
    if last_name:
        fields["last_name"] = last_name
    user = CoordinatorFactory(
        regions=regions or [],
        postcode=postcode(at) if at else None,
        languages=list(languages),
        **fields,
    )
    certificate_issue(
        user=user,
        track=TrackFactory(code="matching-basis"),
        issued_on=timezone.localdate() - timedelta(days=30),
    )
    return user


def new_traject(staff, at: str = "2000", **registration_fields) -> Traject:
    """A traject looking for a coordinator, from a registration at postcode ``at``."""
    registration = RegistrationFactory(postcode=postcode(at), **registration_fields)
    registration_intake_start(registration=registration, by=staff)
    return registration_accept(registration=registration, by=staff)


def give_traject(coordinator, staff, *, phase=Phase.PREPARATION, started_at=None) -> Traject:
    """Another family's traject with ``coordinator`` (busy in preparation by default)."""
    other = new_traject(staff)
    Traject.objects.filter(pk=other.pk).update(
        coordinator=coordinator, phase=phase, started_at=started_at or timezone.now()
    )
    return other


def ranked(traject) -> list[User]:
    return [row.coordinator for row in shortlist(traject=traject)]


def row_of(traject, coordinator):
    return next(row for row in shortlist(traject=traject) if row.coordinator == coordinator)


def texts(row) -> list[str]:
    return [reason.text for reason in row.reasons]


def outbox(topic: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(topic=topic))


def deliver(topic: str, proposal) -> None:
    message = OutboxMessage.objects.get(topic=topic, object_id=proposal.pk)
    assert outbox_deliver(message_id=message.pk)


@pytest.fixture
def traject(staff, antwerpen):
    """A traject in Antwerpen (2000), conference in Dutch."""
    return new_traject(staff)


# --- The shortlist's order ------------------------------------------------------------------
# In each comparison the coordinator expected second is made first and named "Aerts", so
# neither the name nor the id (the last tie-breakers) could have put the other one first.


def test_who_may_be_proposed_comes_before_who_may_not(traject, staff, antwerpen, limburg):
    busy = certified(regions=[antwerpen], at="2000", languages=["nl"], last_name="Aerts")
    give_traject(busy, staff)
    free = certified(regions=[limburg], at="9000", languages=["fr"], last_name="Zegers")

    rows = shortlist(traject=traject)

    assert [row.coordinator for row in rows] == [free, busy]
    assert rows[0].eligible and rows[0].refusal is None
    assert not rows[1].eligible


def test_the_traject_region_comes_first(traject, antwerpen, limburg):
    elsewhere = certified(regions=[limburg], at="2000", last_name="Aerts")
    here = certified(regions=[antwerpen], at="2000", last_name="Zegers")

    rows = shortlist(traject=traject)

    assert [row.coordinator for row in rows] == [here, elsewhere]
    assert "Works in the region" in texts(rows[0])
    assert "Works in another region" in texts(rows[1])


def test_the_conference_language_comes_before_distance_and_waiting(staff, antwerpen):
    traject = new_traject(staff, conference_language="fr")
    # Near and never had a traject, but no French.
    dutch_only = certified(regions=[antwerpen], at="2100", languages=["nl"], last_name="Aerts")
    # Far and busy not long ago, but speaks French.
    french = certified(regions=[antwerpen], at="2300", languages=["nl", "fr"], last_name="Zegers")
    give_traject(french, staff, phase=Phase.CLOSED, started_at=timezone.now() - timedelta(days=3))

    rows = shortlist(traject=traject)

    assert [row.coordinator for row in rows] == [french, dutch_only]
    assert "Speaks French" in texts(rows[0])
    assert "Does not speak French" in texts(rows[1])


def test_nearby_comes_before_far_even_when_far_waited_longer(traject, staff, antwerpen):
    far = certified(regions=[antwerpen], at="2300", last_name="Aerts")  # Turnhout, ~40 km
    unknown = certified(regions=[antwerpen], last_name="Baert")  # no postcode
    near = certified(regions=[antwerpen], at="2800", last_name="Zegers")  # Mechelen, ~22 km
    give_traject(near, staff, phase=Phase.CLOSED, started_at=timezone.now() - timedelta(days=3))

    rows = shortlist(traject=traject)

    assert rows[0].coordinator == near
    assert {row.coordinator for row in rows[1:]} == {far, unknown}
    assert rows[0].distance_km <= NEARBY_KM < row_of(traject, far).distance_km
    near_reason = next(r for r in rows[0].reasons if r.text.startswith("About"))
    assert near_reason.ok is True
    assert row_of(traject, unknown).distance_km is None
    assert "Distance unknown (no postcode)" in texts(row_of(traject, unknown))


def test_among_equals_who_went_longest_without_a_traject_comes_first(traject, staff, antwerpen):
    recent = certified(regions=[antwerpen], at="2000", last_name="Aerts")
    long_ago = certified(regions=[antwerpen], at="2000", last_name="Baert")
    never = certified(regions=[antwerpen], at="2000", last_name="Zegers")
    give_traject(recent, staff, phase=Phase.CLOSED, started_at=timezone.now() - timedelta(days=20))
    give_traject(
        long_ago, staff, phase=Phase.CLOSED, started_at=timezone.now() - timedelta(days=400)
    )

    rows = shortlist(traject=traject)

    assert [row.coordinator for row in rows] == [never, long_ago, recent]
    assert all(row.eligible for row in rows)
    assert "Has not had a traject yet" in texts(rows[0])
    assert any(text.startswith("Last traject started on") for text in texts(rows[2]))


def test_among_equals_the_nearest_comes_first(traject, antwerpen):
    schoten = certified(regions=[antwerpen], at="2900", last_name="Aerts")  # ~8 km
    berchem = certified(regions=[antwerpen], at="2600", last_name="Zegers")  # ~3 km

    assert ranked(traject) == [berchem, schoten]


# --- What keeps a coordinator off the list of who may be proposed -----------------------------


def _busy(traject, coordinator, staff):
    give_traject(coordinator, staff)


def _asked_elsewhere(traject, coordinator, staff):
    services.proposal_make(traject=new_traject(staff), coordinator=coordinator, by=staff)


def _on_break(traject, coordinator, staff):
    services.availability_set(
        coordinator=coordinator, available_from=timezone.localdate() + timedelta(days=1)
    )


def _excluded(traject, coordinator, staff):
    services.exclusion_record(traject=traject, coordinator=coordinator, by=staff)


def _declined(traject, coordinator, staff):
    proposal = services.proposal_make(traject=traject, coordinator=coordinator, by=staff)
    services.proposal_decline(proposal=proposal, by=coordinator, reason=DeclineReason.NO_TIME)


def _expired(traject, coordinator, staff):
    proposal = services.proposal_make(traject=traject, coordinator=coordinator, by=staff)
    assert services.proposals_expire(now=proposal.answer_due_at) == 1


@pytest.mark.parametrize(
    ("block", "refusal"),
    [
        (_busy, "Busy with a traject"),
        (_asked_elsewhere, "Waiting to answer about another traject"),
        (_on_break, "On a break until {tomorrow}"),
        (_excluded, "Excluded for this family"),
        (_declined, "Said no to this traject before"),
        (_expired, "Said no to this traject before"),
    ],
    ids=["busy", "asked-elsewhere", "on-break", "excluded", "declined", "expired"],
)
def test_a_blocked_coordinator_comes_after_the_eligible_ones_with_the_reason(
    traject, staff, antwerpen, limburg, block, refusal
):
    # The blocked one would be first on every other count.
    blocked = certified(regions=[antwerpen], at="2000", languages=["nl"], last_name="Aerts")
    other = certified(regions=[limburg], at="9000", languages=["fr"], last_name="Zegers")
    block(traject, blocked, staff)

    rows = shortlist(traject=traject)

    assert [row.coordinator for row in rows] == [other, blocked]
    assert rows[0].eligible
    assert not rows[1].eligible
    tomorrow = date_format(timezone.localdate() + timedelta(days=1), "DATE_FORMAT")
    assert rows[1].refusal == refusal.format(tomorrow=tomorrow)
    assert candidate(traject=traject, coordinator=blocked).refusal == rows[1].refusal


def test_a_break_that_ends_today_or_earlier_does_not_block(traject, antwerpen):
    today = certified(regions=[antwerpen], available_from=timezone.localdate())
    before = certified(regions=[antwerpen], available_from=timezone.localdate() - timedelta(1))
    back = certified(regions=[antwerpen], available_from=timezone.localdate() + timedelta(9))
    services.availability_set(coordinator=back, available_from=None)

    rows = shortlist(traject=traject)

    assert {row.coordinator for row in rows} == {today, before, back}
    assert all(row.eligible for row in rows)


def test_a_traject_that_is_over_does_not_keep_its_coordinator_busy(traject, staff, antwerpen):
    done = certified(regions=[antwerpen])
    give_traject(done, staff, phase=Phase.PLAN_DISTRIBUTED)

    assert row_of(traject, done).eligible


def test_coordinators_without_a_valid_certificate_are_not_listed(traject, staff, antwerpen):
    valid = certified(regions=[antwerpen])
    CoordinatorFactory(regions=[antwerpen])  # never certified
    track = TrackFactory(code="matching-basis")
    expired = CoordinatorFactory(regions=[antwerpen])
    certificate_issue(
        user=expired,
        track=track,
        issued_on=add_months(timezone.localdate() - timedelta(days=1), -track.validity_months),
    )
    revoked = CoordinatorFactory(regions=[antwerpen])
    certificate_revoke(
        certificate=certificate_issue(user=revoked, track=track),
        revoked_by=staff,
        reason="Gedragscode niet nageleefd.",
    )
    other_track = CoordinatorFactory(regions=[antwerpen])
    certificate_issue(user=other_track, track=TrackFactory(qualifies_for_matching=False))
    coach = CoachFactory(regions=[antwerpen])  # a certificate, but not a coordinator
    certificate_issue(user=coach, track=track)

    assert ranked(traject) == [valid]
    assert candidate(traject=traject, coordinator=expired).refusal == "No valid certificate"


# --- Distance -----------------------------------------------------------------------------


def place(code: str) -> tuple[float, float]:
    found = Place.objects.filter(postcode__code=code, latitude__isnull=False).order_by("pk")
    first = found.first()
    assert first is not None, f"no coordinates for {code}"
    return float(first.latitude), float(first.longitude)


def test_antwerpen_and_gent_are_about_50_km_apart():
    antwerpen, gent = place("2000"), place("9000")

    assert 49 < distance_km(antwerpen, gent) < 52
    assert distance_km(antwerpen, gent) == pytest.approx(distance_km(gent, antwerpen))
    assert distance_km(antwerpen, antwerpen) == 0
    assert distance_km(antwerpen, None) is None
    assert distance_km(None, gent) is None


def test_the_shortlist_gives_the_distance_from_the_family(traject, antwerpen):
    in_gent = certified(regions=[antwerpen], at="9000")

    row = row_of(traject, in_gent)

    assert 49 < row.distance_km < 52
    reason = next(r for r in row.reasons if r.text.startswith("About"))
    assert reason.text == f"About {round(row.distance_km)} km away"
    assert reason.ok is False


# --- Query budget ----------------------------------------------------------------------------


def test_the_shortlist_makes_the_same_number_of_queries_for_5_and_40_coordinators(
    staff, antwerpen, limburg
):
    traject = new_traject(staff)
    places = ["2000", "2100", "2300", "9000", None]
    made = 0

    def add(count: int) -> None:
        nonlocal made
        for _ in range(count):
            user = certified(
                regions=[antwerpen if made % 2 else limburg],
                at=places[made % len(places)],
                languages=["nl", "fr"] if made % 3 else ["ar"],
            )
            if made % 7 == 1:
                give_traject(user, staff)  # busy
            elif made % 7 == 2:
                give_traject(user, staff, phase=Phase.CLOSED)  # had a traject
            elif made % 7 == 3:
                services.exclusion_record(traject=traject, coordinator=user, by=staff)
            elif made % 7 == 4:
                services.proposal_make(traject=new_traject(staff), coordinator=user, by=staff)
            made += 1

    def count() -> tuple[int, int]:
        fresh = Traject.objects.get(pk=traject.pk)
        with CaptureQueriesContext(connection) as queries:
            rows = shortlist(traject=fresh)
        return len(queries), len(rows)

    add(5)
    small, listed = count()
    assert listed == 5
    add(35)
    large, listed = count()
    assert listed == 40
    assert large == small
    assert small <= 4


# --- Proposing --------------------------------------------------------------------------------


@pytest.fixture
def free(antwerpen):
    """A certified coordinator of Antwerpen who may be proposed now, reading Dutch mail."""
    return certified(regions=[antwerpen], at="2000", preferred_language="nl")


def test_proposing_asks_the_coordinator_for_48_hours_and_records_the_step(traject, staff, free):
    proposal = services.proposal_make(
        traject=traject, coordinator=free, by=staff, note="  Past goed.  "
    )

    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PENDING
    assert proposal.traject == traject
    assert proposal.coordinator == free
    assert proposal.proposed_by == staff
    assert proposal.note == "Past goed."
    assert proposal.answer_due_at == proposal.proposed_at + timedelta(hours=48)
    step = Step.objects.get(kind=StepKind.PROPOSED)
    assert step.registration_id == traject.registration_id
    assert step.coordinator == free
    assert step.by == staff
    assert step.phase == Phase.MATCHING
    (message,) = outbox(services.TOPIC_PROPOSED)
    assert message.topic == "trajects.proposal_made"
    assert message.object_id == proposal.pk
    traject.refresh_from_db()
    assert traject.phase == Phase.MATCHING
    assert traject.coordinator is None


def assert_nothing_proposed() -> None:
    assert not Proposal.objects.exists()
    assert not Step.objects.filter(kind=StepKind.PROPOSED).exists()
    assert not outbox(services.TOPIC_PROPOSED)


def test_a_traject_with_a_coordinator_or_that_ended_is_not_proposed(traject, staff, free):
    started = give_traject(certified(), staff)
    traject_stop(traject=traject, by=staff, reason=StopReason.SITUATION_CHANGED)

    for ended in (started, traject):
        with pytest.raises(ValidationError, match="has a coordinator or has ended"):
            services.proposal_make(traject=ended, coordinator=free, by=staff)
    assert_nothing_proposed()


def test_a_paused_traject_is_not_proposed(traject, staff, free):
    traject_pause(traject=traject, by=staff)

    with pytest.raises(ValidationError, match="paused: resume it first"):
        services.proposal_make(traject=traject, coordinator=free, by=staff)
    assert_nothing_proposed()


def test_a_traject_with_a_pending_proposal_is_not_proposed_again(traject, staff, free, antwerpen):
    first = services.proposal_make(traject=traject, coordinator=free, by=staff)

    with pytest.raises(ValidationError, match="has been asked already"):
        services.proposal_make(traject=traject, coordinator=certified(), by=staff)
    with pytest.raises(ValidationError, match="has been asked already"):
        services.proposal_make(traject=traject, coordinator=free, by=staff)
    assert list(Proposal.objects.all()) == [first]


def test_a_busy_coordinator_is_not_proposed(traject, staff, free):
    give_traject(free, staff)

    with pytest.raises(ValidationError) as error:
        services.proposal_make(traject=traject, coordinator=free, by=staff)

    assert error.value.messages == ["This coordinator cannot be proposed now: busy with a traject."]
    assert_nothing_proposed()


def test_a_coordinator_without_a_valid_certificate_is_not_proposed(traject, staff, antwerpen):
    uncertified = CoordinatorFactory(regions=[antwerpen])

    with pytest.raises(ValidationError, match="cannot be proposed now: no valid certificate"):
        services.proposal_make(traject=traject, coordinator=uncertified, by=staff)
    assert_nothing_proposed()


def test_a_coordinator_excluded_for_the_family_is_not_proposed(traject, staff, free):
    services.exclusion_record(traject=traject, coordinator=free, by=staff)

    with pytest.raises(ValidationError, match="excluded for this family"):
        services.proposal_make(traject=traject, coordinator=free, by=staff)
    assert_nothing_proposed()


# --- Accepting ------------------------------------------------------------------------------


@pytest.fixture
def proposal(traject, staff, free):
    return services.proposal_make(traject=traject, coordinator=free, by=staff)


def test_accepting_starts_the_traject_with_the_coordinator(proposal, traject, free):
    started = services.proposal_accept(proposal=proposal, by=free)

    traject.refresh_from_db()
    proposal.refresh_from_db()
    assert started == traject
    assert traject.phase == Phase.PREPARATION
    assert traject.coordinator == free
    assert traject.started_at is not None
    assert traject.phase_since == traject.started_at
    assert proposal.state == ProposalState.ACCEPTED
    assert proposal.answered_at == traject.started_at
    step = Step.objects.get(kind=StepKind.PROPOSAL_ACCEPTED)
    assert (step.by, step.coordinator, step.phase) == (free, free, Phase.PREPARATION)
    assert [m.object_id for m in outbox(services.TOPIC_ANSWERED)] == [proposal.pk]
    # Now busy: on another family's shortlist they wait at the bottom.
    assert row_of(new_traject(proposal.proposed_by), free).refusal == "Busy with a traject"


def test_only_the_coordinator_asked_may_accept(proposal, traject, antwerpen):
    someone_else = certified(regions=[antwerpen])

    with pytest.raises(ValidationError, match="made to someone else"):
        services.proposal_accept(proposal=proposal, by=someone_else)

    traject.refresh_from_db()
    proposal.refresh_from_db()
    assert traject.phase == Phase.MATCHING
    assert traject.coordinator is None
    assert proposal.state == ProposalState.PENDING


def test_a_proposal_may_be_accepted_until_just_before_48_hours(proposal, free, time_machine):
    time_machine.move_to(proposal.answer_due_at - timedelta(minutes=1), tick=False)

    traject = services.proposal_accept(proposal=proposal, by=free)

    assert traject.phase == Phase.PREPARATION


@pytest.mark.parametrize("late", [timedelta(0), timedelta(minutes=1), timedelta(days=3)])
def test_a_proposal_cannot_be_accepted_after_48_hours(proposal, traject, free, time_machine, late):
    time_machine.move_to(proposal.answer_due_at + late, tick=False)

    with pytest.raises(ValidationError, match="no longer open"):
        services.proposal_accept(proposal=proposal, by=free)
    with pytest.raises(ValidationError, match="no longer open"):
        services.proposal_decline(proposal=proposal, by=free, reason=DeclineReason.NO_TIME)

    traject.refresh_from_db()
    assert traject.phase == Phase.MATCHING


@pytest.mark.parametrize("change", ["paused", "stopped"])
def test_a_traject_paused_or_stopped_after_the_proposal_cannot_be_accepted(
    proposal, traject, staff, free, change
):
    if change == "paused":
        traject_pause(traject=traject, by=staff)
    else:
        traject_stop(traject=traject, by=staff, reason=StopReason.SITUATION_CHANGED)

    with pytest.raises(ValidationError, match="no longer waits for a coordinator"):
        services.proposal_accept(proposal=proposal, by=free)

    traject.refresh_from_db()
    assert traject.coordinator is None
    assert Proposal.objects.get().state == ProposalState.PENDING


def test_an_answered_proposal_cannot_be_answered_again(proposal, free):
    services.proposal_decline(proposal=proposal, by=free, reason=DeclineReason.NO_TIME)

    with pytest.raises(ValidationError, match="no longer open"):
        services.proposal_accept(proposal=proposal, by=free)
    with pytest.raises(ValidationError, match="no longer open"):
        services.proposal_decline(proposal=proposal, by=free, reason=DeclineReason.OTHER)

    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DECLINED
    assert proposal.decline_reason == DeclineReason.NO_TIME
    assert Traject.objects.get(pk=proposal.traject_id).phase == Phase.MATCHING


def test_an_accepted_proposal_cannot_be_accepted_twice(proposal, free):
    services.proposal_accept(proposal=proposal, by=free)

    with pytest.raises(ValidationError, match="no longer open"):
        services.proposal_accept(proposal=proposal, by=free)
    assert Step.objects.filter(kind=StepKind.PROPOSAL_ACCEPTED).count() == 1


def test_accepting_while_busy_with_another_traject_is_refused_by_the_database(
    proposal, traject, staff, free
):
    # Staff gave the coordinator another traject after the proposal was made.
    give_traject(free, staff)

    with pytest.raises(ValidationError, match="already have an active traject"):
        services.proposal_accept(proposal=proposal, by=free)

    traject.refresh_from_db()
    proposal.refresh_from_db()
    assert traject.phase == Phase.MATCHING
    assert traject.coordinator is None
    assert proposal.state == ProposalState.PENDING
    assert not Step.objects.filter(kind=StepKind.PROPOSAL_ACCEPTED).exists()
    assert not outbox(services.TOPIC_ANSWERED)


# --- Declining -----------------------------------------------------------------------------


def test_declining_records_the_reason_and_lets_staff_ask_someone_else(
    proposal, traject, staff, free, antwerpen
):
    services.proposal_decline(
        proposal=proposal, by=free, reason=DeclineReason.NO_TIME, note="  Verhuis.  "
    )

    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DECLINED
    assert proposal.answered_at is not None
    assert proposal.decline_reason == DeclineReason.NO_TIME
    assert proposal.note == "Verhuis."
    step = Step.objects.get(kind=StepKind.PROPOSAL_DECLINED)
    assert (step.by, step.coordinator, step.phase) == (free, free, Phase.MATCHING)
    assert [m.object_id for m in outbox(services.TOPIC_ANSWERED)] == [proposal.pk]
    assert not Exclusion.objects.exists()
    # The traject is free for another proposal, but not to the one who said no.
    with pytest.raises(ValidationError, match="said no to this traject before"):
        services.proposal_make(traject=traject, coordinator=free, by=staff)
    services.proposal_make(traject=traject, coordinator=certified(regions=[antwerpen]), by=staff)
    # Saying no to one family leaves them free for the others.
    assert row_of(new_traject(staff), free).eligible


def test_declining_for_a_conflict_of_interest_keeps_the_coordinator_off_this_family(
    proposal, traject, staff, free
):
    services.proposal_decline(proposal=proposal, by=free, reason=DeclineReason.CONFLICT_OF_INTEREST)

    exclusion = Exclusion.objects.get()
    assert exclusion.registration_id == traject.registration_id
    assert exclusion.coordinator == free
    assert exclusion.recorded_by == free
    assert row_of(traject, free).refusal == "Excluded for this family"
    assert row_of(new_traject(staff), free).eligible


@pytest.mark.parametrize("reason", ["", "bored", "NO_TIME"])
def test_declining_needs_a_known_reason(proposal, free, reason):
    with pytest.raises(ValidationError, match="Choose why you decline"):
        services.proposal_decline(proposal=proposal, by=free, reason=reason)

    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PENDING


def test_only_the_coordinator_asked_may_decline(proposal, staff):
    with pytest.raises(ValidationError, match="made to someone else"):
        services.proposal_decline(
            proposal=proposal, by=staff, reason=DeclineReason.CONFLICT_OF_INTEREST
        )

    assert Proposal.objects.get().state == ProposalState.PENDING
    assert not Exclusion.objects.exists()


# --- Withdrawing ---------------------------------------------------------------------------


def test_withdrawing_frees_the_traject_and_the_coordinator(proposal, traject, staff, free):
    withdrawn = services.proposal_withdraw(traject=traject, by=staff, note="Vergissing.")

    assert withdrawn.pk == proposal.pk
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.WITHDRAWN
    assert proposal.answered_at is not None
    step = Step.objects.get(kind=StepKind.PROPOSAL_WITHDRAWN)
    assert (step.by, step.coordinator, step.note) == (staff, free, "Vergissing.")
    # A withdrawal is not the coordinator's no: they may be asked again.
    assert row_of(traject, free).eligible
    again = services.proposal_make(traject=traject, coordinator=free, by=staff)
    assert again.is_pending
    with pytest.raises(ValidationError, match="no longer open"):
        services.proposal_accept(proposal=proposal, by=free)


def test_withdrawing_without_a_pending_proposal_is_refused(traject, staff):
    with pytest.raises(ValidationError, match="No coordinator is waiting"):
        services.proposal_withdraw(traject=traject, by=staff)


# --- No answer in time ---------------------------------------------------------------------


def test_proposals_expire_after_48_hours_once(staff, antwerpen, time_machine):
    start = timezone.now()
    first = services.proposal_make(traject=new_traject(staff), coordinator=certified(), by=staff)
    time_machine.move_to(start + timedelta(hours=24), tick=False)
    later = services.proposal_make(traject=new_traject(staff), coordinator=certified(), by=staff)

    time_machine.move_to(first.answer_due_at - timedelta(seconds=1), tick=False)
    assert services.proposals_expire() == 0

    time_machine.move_to(first.answer_due_at + timedelta(minutes=1), tick=False)
    assert services.proposals_expire() == 1
    assert services.proposals_expire() == 0

    first.refresh_from_db()
    later.refresh_from_db()
    assert first.state == ProposalState.EXPIRED
    assert first.answered_at == timezone.now()
    assert later.state == ProposalState.PENDING
    (step,) = Step.objects.filter(kind=StepKind.PROPOSAL_EXPIRED)
    assert step.by is None
    assert step.coordinator == first.coordinator
    assert step.registration_id == first.traject.registration_id
    assert [m.object_id for m in outbox(services.TOPIC_ANSWERED)] == [first.pk]
    with pytest.raises(ValidationError, match="no longer open"):
        services.proposal_accept(proposal=first, by=first.coordinator)


def test_a_task_run_expires_due_proposals(proposal, time_machine):
    from trajects.tasks import expire_proposals

    time_machine.move_to(proposal.answer_due_at + timedelta(minutes=15), tick=False)

    assert expire_proposals() == 1
    assert Proposal.objects.get().state == ProposalState.EXPIRED


# --- E-mails --------------------------------------------------------------------------------


@pytest.fixture
def family_traject(staff, antwerpen):
    """A traject whose registration holds details that no matching mail may carry."""
    return new_traject(
        staff,
        at="2600",
        core_name=SECRET_NAME,
        registrant_name="Hilde Peeters",
        municipality=SECRET_MUNICIPALITY,
        question=SECRET_QUESTION,
    )


def assert_no_family_data(message) -> None:
    text = message.subject + message.body
    for secret in (SECRET_NAME, "Samira", SECRET_QUESTION, SECRET_MUNICIPALITY, "Hilde"):
        assert secret not in text


def only_link(message) -> str:
    (link,) = re.findall(r"https?://\S+", message.body)
    return link


def test_the_coordinator_mail_links_to_the_answer_page_and_holds_no_family_data(
    family_traject, staff, free
):
    proposal = services.proposal_make(traject=family_traject, coordinator=free, by=staff)

    with translation.override("nl"):
        deliver(services.TOPIC_PROPOSED, proposal)

    (message,) = mail.outbox
    assert message.to == [free.email]
    assert only_link(message) == f"http://testserver/portaal/trajecten/voorstel/{proposal.pk}/"
    assert_no_family_data(message)
    assert family_traject.reference not in message.subject + message.body


@pytest.mark.parametrize(
    ("language", "active", "prefix"),
    [("fr", "nl", "/fr"), ("en", "nl", "/en"), ("nl", "en", "")],
    ids=["fr-from-a-dutch-worker", "en-from-a-dutch-worker", "nl-while-english-is-active"],
)
def test_the_coordinator_mail_and_its_link_are_in_the_coordinators_language(
    family_traject, staff, free, language, active, prefix
):
    """The worker delivers with some language active (the site's default, or the English of
    the request that caused it); the coordinator reads the mail, and the page its link opens,
    in their own."""
    free.preferred_language = language
    free.save()
    proposal = services.proposal_make(traject=family_traject, coordinator=free, by=staff)

    with translation.override(active):
        deliver(services.TOPIC_PROPOSED, proposal)

    (message,) = mail.outbox
    with translation.override(language):
        due = date_format(timezone.localtime(proposal.answer_due_at), "DATETIME_FORMAT")
    assert due in message.body  # Django's own month names: no project catalog needed
    assert only_link(message) == (
        f"http://testserver{prefix}/portaal/trajecten/voorstel/{proposal.pk}/"
    )
    assert_no_family_data(message)


def test_a_proposal_withdrawn_before_its_mail_left_sends_none(proposal, traject, staff):
    services.proposal_withdraw(traject=traject, by=staff)

    deliver(services.TOPIC_PROPOSED, proposal)

    assert mail.outbox == []


@pytest.mark.parametrize(
    "answer",
    [
        lambda p: services.proposal_accept(proposal=p, by=p.coordinator),
        lambda p: services.proposal_decline(
            proposal=p,
            by=p.coordinator,
            reason=DeclineReason.CONFLICT_OF_INTEREST,
            note="Ik ken Samira van de school.",
        ),
        lambda p: services.proposals_expire(now=p.answer_due_at),
    ],
    ids=["accepted", "declined", "expired"],
)
def test_the_staff_mail_on_an_answer_goes_to_the_proposer_with_the_reference_and_a_link(
    family_traject, staff, free, answer
):
    staff.preferred_language = "nl"
    staff.save()
    proposal = services.proposal_make(traject=family_traject, coordinator=free, by=staff)
    answer(proposal)

    with translation.override("nl"):  # as in the worker
        deliver(services.TOPIC_ANSWERED, proposal)

    (message,) = mail.outbox
    assert message.to == [staff.email]
    reference = family_traject.reference
    assert reference in message.subject + message.body
    assert only_link(message) == f"http://testserver/staf/trajecten/{reference}/"
    assert_no_family_data(message)
    assert "school" not in message.body  # the decline note is read in the staff area
    assert free.get_full_name() not in message.subject + message.body


@pytest.mark.parametrize(
    ("language", "active", "prefix"),
    [("fr", "nl", "/fr"), ("nl", "en", "")],
    ids=["fr-from-a-dutch-worker", "nl-while-english-is-active"],
)
def test_the_staff_mail_link_is_in_the_proposers_language(
    family_traject, staff, free, language, active, prefix
):
    staff.preferred_language = language
    staff.save()
    proposal = services.proposal_make(traject=family_traject, coordinator=free, by=staff)
    services.proposal_accept(proposal=proposal, by=free)

    with translation.override(active):
        deliver(services.TOPIC_ANSWERED, proposal)

    (message,) = mail.outbox
    assert only_link(message) == (
        f"http://testserver{prefix}/staf/trajecten/{family_traject.reference}/"
    )


def test_the_staff_mail_goes_to_the_regions_contact_when_the_proposer_has_left(
    family_traject, staff, free, antwerpen
):
    contact = StaffFactory(email="contact.antwerpen@kring.test", regions=[antwerpen])
    antwerpen.contact = contact
    antwerpen.save()
    proposal = services.proposal_make(traject=family_traject, coordinator=free, by=staff)
    services.proposal_accept(proposal=proposal, by=free)
    staff.is_active = False
    staff.save()

    deliver(services.TOPIC_ANSWERED, proposal)

    (message,) = mail.outbox
    assert message.to == [contact.email]
    assert family_traject.reference in message.subject + message.body


def test_no_staff_mail_while_the_proposal_is_pending(proposal):
    assert not services.proposal_answered_send(proposal_id=proposal.pk)
    assert mail.outbox == []
