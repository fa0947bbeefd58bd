"""The demo's older trajects, taken the whole way through the services: matched to a certified
coordinator of their region, prepared with participants, the conference planned and held, the
plan recorded with its three checks, distributed and followed up, some stopped. Their steps are
then dated over the weeks after the registration, so the figures and the dashboard have
history to show. Used by ``trajects.demo``; it imports nothing of it.
"""

from __future__ import annotations

import datetime
import random

from django.core.exceptions import ValidationError
from django.utils import timezone
from faker import Faker

from people.models import User
from trajects.matching import services as matching
from trajects.matching.models import Proposal
from trajects.models.registrations import Registration
from trajects.traject import services as traject_services
from trajects.traject.models import Phase, Step, StepKind, StopReason, Traject
from trajects.workspace import services as workspace
from trajects.workspace.models import (
    ChecklistItem,
    Conference,
    FollowUp,
    Outcome,
    ParticipantState,
    Plan,
    Relation,
)

# Per region, in turn: how far each older traject got, and how many days ago it registered.
STAGES = [
    ("closed", 340),
    ("closed", 300),
    ("stopped", 270),
    ("closed", 240),
    ("closed", 210),
    ("closed", 180),
    ("closed", 150),
    ("stopped", 120),
    ("closed", 100),
    ("stopped", 80),
    ("distributed", 64),
    ("distributed", 52),
    ("plan_made", 40),
    ("conference_planned", 24),
]
CHECKS = {
    "safe": "yes",
    "safe_note": "Niemand blijft alleen met de kinderen zonder afspraak.",
    "legal": "yes",
    "legal_note": "Niets in het plan gaat tegen een maatregel in.",
    "workable": "adjusted",
    "workable_note": "De rit naar school werd verdeeld over twee buren.",
}
ACTIONS = [
    ("De kinderen gaan woensdag naar oma", "Oma"),
    ("Elke vrijdag belt de tante even", "Tante"),
    ("Hulp bij de administratie", "Buurman"),
]


def _coordinator_for(traject: Traject, staff: User, prefer: User | None = None) -> User | None:
    """Proposes ``prefer``, then the region's coordinators in turn (the demo's certified ones
    are numbered 4 to 10) until one may be asked, and lets them accept."""
    region = traject.region
    candidates = list(User.objects.coordinators().filter(regions=region).order_by("-email"))
    if prefer is not None:
        candidates.insert(0, prefer)
    for coordinator in candidates:
        try:
            proposal = matching.proposal_make(traject=traject, coordinator=coordinator, by=staff)
        except ValidationError:
            continue
        matching.proposal_accept(proposal=proposal, by=coordinator)
        return coordinator
    return None


def take_through(
    registration: Registration,
    traject: Traject,
    stage: str,
    rng: random.Random,
    faker: Faker,
    *,
    prefer: User | None = None,
) -> None:
    """Takes a just accepted traject as far as ``stage`` through the services (with ``prefer``
    as its coordinator when they may be asked), then dates it."""
    staff = registration.region.contact
    if staff is None:
        return
    coordinator = _coordinator_for(traject, staff, prefer)
    if coordinator is None:
        return  # no certified coordinator in this demo (trajects' own tests): it waits
    for item in list(ChecklistItem)[: rng.randint(4, 7)]:
        workspace.checklist_set(traject=traject, by=coordinator, item=item, done=True)
    workspace.question_save(
        traject=traject, by=coordinator, agreed_question=registration.question.split(".")[0]
    )
    if stage == "stopped":
        traject_services.traject_stop(
            traject=traject, by=staff, reason=StopReason.NETWORK_TOO_SMALL
        )
        _date(registration, rng)
        return
    people = [
        workspace.participant_add(
            traject=traject, by=coordinator, name=faker.name(), relation=relation, reach="—"
        )
        for relation in (Relation.FAMILY, Relation.FAMILY, Relation.FRIEND_OR_NEIGHBOUR)
    ]
    for person in people:
        for state in (ParticipantState.CONTACTED, ParticipantState.CONFIRMED):
            workspace.participant_set_state(participant=person, by=coordinator, state=state)
    # The conference still to come for a traject that has only planned it.
    days = 30 if stage == "conference_planned" else rng.randint(14, 20)
    starts_at = registration.created_at + datetime.timedelta(days=days, hours=3)
    workspace.conference_plan(
        traject=traject, by=coordinator, starts_at=starts_at, place="Het buurthuis"
    )
    if stage == "conference_planned" or starts_at > timezone.now():
        _date(registration, rng)
        return
    workspace.conference_held(
        traject=traject,
        by=coordinator,
        private_time_start=datetime.time(15, 0),
        private_time_end=datetime.time(16, 15),
    )
    workspace.plan_save(
        traject=traject,
        by=coordinator,
        actions=[{"what": what, "who": who} for what, who in ACTIONS],
        checks=CHECKS,
        reconvener="De tante",
    )
    if stage != "plan_made":
        workspace.plan_distribute(
            traject=traject, by=coordinator, distributed_to="Iedereen die er was"
        )
    if stage == "closed":
        # Its month has passed in the demo's history: the follow-up is due.
        FollowUp.objects.filter(traject=traject).update(due_on=timezone.localdate())
        workspace.follow_up_record(
            traject=traject, by=coordinator, outcome=rng.choice(list(Outcome)), note=""
        )
    _date(registration, rng)


# Days after the previous step each kind of step comes, at the least and at the most.
GAPS: dict[str, tuple[int, int]] = {
    StepKind.INTAKE_STARTED: (1, 2),
    StepKind.ACCEPTED: (1, 3),
    StepKind.PROPOSED: (1, 8),
    StepKind.PROPOSAL_ACCEPTED: (0, 1),
    StepKind.STOPPED: (10, 20),
}
PHASE_GAPS: dict[str, tuple[int, int]] = {
    Phase.PLAN_DISTRIBUTED: (3, 9),
    Phase.FOLLOW_UP_DONE: (30, 31),
    Phase.CLOSED: (0, 0),
}


def _date(registration: Registration, rng: random.Random) -> None:
    """Dates the steps (and the rows that carry the same moments) over the weeks after the
    registration; the conference keeps the moment it was planned for."""
    traject = Traject.objects.get(registration=registration)
    conference = Conference.objects.filter(traject=traject).first()
    now = timezone.now()
    moment = registration.created_at
    for step in Step.objects.filter(registration=registration).order_by("at", "pk"):
        if step.kind == StepKind.PHASE and step.phase == Phase.CONFERENCE_PLANNED:
            low, high = (2, 5)
        elif step.kind == StepKind.PHASE and step.phase == Phase.PLAN_MADE and conference:
            moment = conference.starts_at + datetime.timedelta(hours=2)
            low = high = 0
        elif step.kind == StepKind.PHASE:
            low, high = PHASE_GAPS.get(step.phase, (1, 3))
        else:
            low, high = GAPS.get(step.kind, (0, 1))
        moment = min(moment + datetime.timedelta(days=rng.randint(low, high), hours=1), now)
        Step.objects.filter(pk=step.pk).update(at=moment)
        if step.kind == StepKind.ACCEPTED:
            Traject.objects.filter(pk=traject.pk).update(created_at=moment)
        elif step.kind == StepKind.PROPOSED:
            Proposal.objects.filter(traject=traject).update(
                proposed_at=moment, answer_due_at=moment + datetime.timedelta(hours=48)
            )
        elif step.kind == StepKind.PROPOSAL_ACCEPTED:
            Traject.objects.filter(pk=traject.pk).update(started_at=moment)
            Proposal.objects.filter(traject=traject).update(answered_at=moment)
        elif step.kind == StepKind.PHASE and step.phase == Phase.PLAN_MADE and conference:
            Conference.objects.filter(pk=conference.pk).update(held_at=moment)
        elif step.kind == StepKind.PHASE and step.phase == Phase.PLAN_DISTRIBUTED:
            Plan.objects.filter(traject=traject).update(distributed_at=moment)
            FollowUp.objects.filter(traject=traject, done_at__isnull=True).update(
                due_on=timezone.localdate(moment) + datetime.timedelta(days=30)
            )
        elif step.kind == StepKind.PHASE and step.phase == Phase.CLOSED:
            FollowUp.objects.filter(traject=traject).update(
                due_on=timezone.localdate(moment), done_at=moment
            )
    Traject.objects.filter(pk=traject.pk).update(phase_since=moment)
    traject_services.traject_newest_step_refresh(registration_ids=[registration.pk])
