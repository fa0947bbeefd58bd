"""Reads of the coordinator's workspace in the portal, each with a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from trajects.traject.models import ACTIVE, Phase, Step, Traject, TrajectQuerySet
from trajects.traject.selectors import timeline
from trajects.workspace.models import (
    ChecklistItem,
    ChecklistTick,
    Conference,
    FollowUp,
    Participant,
    ParticipantState,
    Plan,
    PlanAction,
    Preparation,
)
from trajects.workspace.services import NEXT_STATES, WORKING

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The route as the coordinator walks it (matching is done before the traject is theirs).
ROUTE: list[str] = [
    Phase.PREPARATION,
    Phase.CONFERENCE_PLANNED,
    Phase.PLAN_MADE,
    Phase.PLAN_DISTRIBUTED,
    Phase.FOLLOW_UP_DONE,
    Phase.CLOSED,
]
# The order in which a participant's next states are offered.
STATE_ORDER = [
    ParticipantState.CONTACTED,
    ParticipantState.CONFIRMED,
    ParticipantState.ATTENDED,
    ParticipantState.DECLINED,
]


def workspace_trajects(*, user) -> tuple[list[Traject], list[Traject]]:
    """The coordinator's trajects: (current, ended), newest first."""
    trajects = list(
        Traject.objects.for_coordinator(user)
        .select_related("registration")
        .order_by("-started_at", "-pk")
    )
    current = [traject for traject in trajects if traject.phase in ACTIVE]
    ended = [traject for traject in trajects if traject.phase not in ACTIVE]
    return current, ended


def workspace_queryset(*, user) -> TrajectQuerySet:
    """The coordinator's own trajects, with what one traject's workspace holds one-to-one."""
    return Traject.objects.for_coordinator(user).select_related(
        "registration",
        "registration__postcode",
        "region",
        "preparation",
        "conference",
        "plan",
        "follow_up",
    )


def plan_document_queryset(*, user) -> TrajectQuerySet:
    """Trajects whose plan's document ``user`` may read: their own as coordinator, and
    (read-only) those staff of the region, administrators and the coordinator's coach see."""
    return (
        Traject.objects.for_coordinator(user)
        | Traject.objects.visible_to(user)
        | Traject.objects.for_coach(user)
    ).select_related("registration", "plan")


def _one(traject: Traject, name: str):
    """A one-to-one row of the traject (read with ``select_related``), or None."""
    try:
        return getattr(traject, name)
    except ObjectDoesNotExist:
        return None


def plan_of(traject: Traject) -> Plan | None:
    return _one(traject, "plan")


@dataclass
class Workspace:
    """One traject's workspace: what it holds and what its coordinator can do in its phase.
    The phases mirror the services' (which check them again under a lock)."""

    traject: Traject
    preparation: Preparation | None
    ticks: set[str]
    participants: list[Participant]
    conference: Conference | None
    plan: Plan | None
    actions: list[PlanAction]
    follow_up: FollowUp | None
    steps: list[Step] = field(default_factory=list)

    @property
    def phase(self) -> str:
        return self.traject.phase

    @property
    def route(self) -> list[tuple[str, StrOrPromise, str]]:
        """The route's phases from the preparation on, each "done", "current" or "to come"."""
        phases = [choice for choice in Phase.choices if choice[0] in ROUTE]
        position = ROUTE.index(self.phase) if self.phase in ROUTE else -1
        return [
            (
                value,
                label,
                "done" if index < position else "current" if index == position else "to_come",
            )
            for index, (value, label) in enumerate(phases)
        ]

    @property
    def checklist(self) -> list[tuple[str, StrOrPromise, bool]]:
        return [(value, label, value in self.ticks) for value, label in ChecklistItem.choices]

    @property
    def conference_held(self) -> bool:
        return self.conference is not None and self.conference.held_at is not None

    @property
    def conference_to_come(self) -> bool:
        return (
            self.conference is not None
            and self.conference.held_at is None
            and self.conference.starts_at > timezone.now()
        )

    @property
    def can_prepare(self) -> bool:
        """The checklist, the question and the participants: until the plan is distributed."""
        return self.phase in WORKING

    @property
    def can_plan_conference(self) -> bool:
        return (
            self.phase in (Phase.PREPARATION, Phase.CONFERENCE_PLANNED) and not self.conference_held
        )

    @property
    def can_mark_held(self) -> bool:
        return (
            self.phase == Phase.CONFERENCE_PLANNED
            and self.conference is not None
            and not self.conference_held
            and not self.conference_to_come
        )

    @property
    def can_record_plan(self) -> bool:
        return self.phase in (Phase.CONFERENCE_PLANNED, Phase.PLAN_MADE) and self.conference_held

    @property
    def can_distribute(self) -> bool:
        return self.phase == Phase.PLAN_MADE

    @property
    def can_follow_up(self) -> bool:
        return self.phase == Phase.PLAN_DISTRIBUTED

    @property
    def distributed(self) -> bool:
        return self.plan is not None and self.plan.distributed_at is not None

    def next_states(self, participant: Participant) -> list[tuple[str, str]]:
        """The states ``participant`` may move to now; "attended" once the conference was
        held."""
        allowed = NEXT_STATES.get(participant.state, set())
        labels = dict(ParticipantState.choices)
        return [
            (state.value, str(labels[state]))
            for state in STATE_ORDER
            if state in allowed and (state != ParticipantState.ATTENDED or self.conference_held)
        ]


def workspace_detail(*, traject: Traject) -> Workspace:
    """Everything on one traject's workspace page, in a fixed number of queries whatever the
    number of participants, actions and steps (``traject`` from ``workspace_queryset``)."""
    plan = _one(traject, "plan")
    return Workspace(
        traject=traject,
        preparation=_one(traject, "preparation"),
        ticks=set(ChecklistTick.objects.filter(traject=traject).values_list("item", flat=True)),
        participants=list(Participant.objects.filter(traject=traject)),
        conference=_one(traject, "conference"),
        plan=plan,
        actions=list(PlanAction.objects.filter(plan=plan)) if plan is not None else [],
        follow_up=_one(traject, "follow_up"),
        steps=list(timeline(registration_id=traject.registration_id)),
    )
