"""Reads for the registrant's status page: where a registration stands, as six plain steps.

One query per page, whatever happened to the registration: the link, its registration's
status, its traject's phase, its region's contact and the timeline's facts the page needs come
in one ``SELECT`` (``status_for_token``). Only those columns are loaded: nobody's name, the
question or the municipality never reach the page, not even unused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.regions import contact_for
from training.certificates.selectors import add_months
from trajects.models.registrations import RegistrationStatus
from trajects.status.models import StatusLink, token_well_formed
from trajects.traject.models import Phase, Step, StepKind

# A link stops working this many months after the question ended: a traject closed or
# stopped, a registration not accepted, withdrawn or a duplicate (counted from that last step).
STATUS_LINK_MONTHS_AFTER_END = 6

# The steps the registrant sees, in order (keys used by the template for its sentences).
RECEIVED = "received"
IN_INTAKE = "in_intake"
COORDINATOR_FOUND = "coordinator_found"
CONFERENCE_PLANNED = "conference_planned"
PLAN_MADE = "plan_made"
CLOSED = "closed"
STEPS: tuple[tuple[str, object], ...] = (
    (RECEIVED, _("Received")),
    (IN_INTAKE, _("In intake")),
    (COORDINATOR_FOUND, _("Coordinator found")),
    (CONFERENCE_PLANNED, _("Conference planned")),
    (PLAN_MADE, _("Plan made")),
    (CLOSED, _("Closed")),
)
STEP_KEYS = tuple(key for key, _label in STEPS)

# Where a traject's phase puts it on the registrant's list. Matching stays "in intake": the
# question is accepted and a coordinator is being sought (the page's sentence says so).
PHASE_STEP = {
    Phase.MATCHING: IN_INTAKE,
    Phase.PREPARATION: COORDINATOR_FOUND,
    Phase.CONFERENCE_PLANNED: CONFERENCE_PLANNED,
    Phase.PLAN_MADE: PLAN_MADE,
    Phase.PLAN_DISTRIBUTED: PLAN_MADE,
    Phase.FOLLOW_UP_DONE: PLAN_MADE,
    Phase.CLOSED: CLOSED,
}
# Registrations that end without a traject, and a stopped traject: the page says "closed" and
# asks the registrant to contact the region; never the reason.
ENDED_WITHOUT_TRAJECT = frozenset(
    {RegistrationStatus.NOT_ACCEPTED, RegistrationStatus.WITHDRAWN, RegistrationStatus.DUPLICATE}
)

# A step's state on the page.
DONE = "done"
CURRENT = "current"
NOT_REACHED = "not_reached"
TO_COME = "to_come"


@dataclass(frozen=True)
class StatusStep:
    key: str
    label: object
    state: str

    @property
    def is_current(self) -> bool:
        return self.state == CURRENT


@dataclass(frozen=True)
class Status:
    """What the status page shows: no names, no question, no reference, no municipality.

    ``situation`` picks the page's sentence of what happens next: a step's key, ``"matching"``
    (accepted, a coordinator is sought) or ``"ended"`` (closed without a plan: contact us).
    """

    steps: list[StatusStep]
    situation: str
    changed_at: datetime
    contact_email: str
    contact_phone: str
    works_until: date | None

    @property
    def current(self) -> StatusStep:
        return next(step for step in self.steps if step.is_current)


def _steps(current: str, reached: set[str] | None = None) -> list[StatusStep]:
    """The six steps with ``current`` marked; before it, what was reached is done (``reached``
    None: everything before it), the rest not reached; after it, what is still to come."""
    index = STEP_KEYS.index(current)
    steps = []
    for position, (key, label) in enumerate(STEPS):
        if position == index:
            state = CURRENT
        elif position > index:
            state = TO_COME
        elif reached is None or key in reached:
            state = DONE
        else:
            state = NOT_REACHED
        steps.append(StatusStep(key=key, label=label, state=state))
    return steps


def _links():
    """Live links with the facts the page needs, and nothing else of the registration."""
    steps = Step.objects.filter(registration_id=OuterRef("registration_id"))
    return (
        StatusLink.objects.live()
        .select_related("registration__region", "registration__traject")
        .only(
            "token",
            "revoked_at",
            "registration__status",
            "registration__created_at",
            "registration__region__email",
            "registration__region__phone",
            "registration__traject__registration",
            "registration__traject__phase",
            "registration__traject__phase_since",
            "registration__traject__started_at",
        )
        .annotate(
            last_step_at=Subquery(steps.order_by("-at").values("at")[:1]),
            intake_reached=Exists(steps.filter(kind=StepKind.INTAKE_STARTED)),
            conference_reached=Exists(steps.filter(phase=Phase.CONFERENCE_PLANNED)),
            plan_reached=Exists(
                steps.filter(
                    phase__in=[Phase.PLAN_MADE, Phase.PLAN_DISTRIBUTED, Phase.FOLLOW_UP_DONE]
                )
            ),
        )
    )


def status_for_token(*, token: str, now: datetime | None = None) -> Status | None:
    """The status behind ``token``; None for an unknown, malformed, revoked or expired token
    (the page answers each with the same 404). One query; a malformed token looks up a token
    that never exists, so every answer costs the same."""
    now = now or timezone.now()
    lookup = token if token_well_formed(token) else ""
    link = _links().filter(token=lookup).first()
    if link is None or not lookup:
        return None
    registration = link.registration
    traject = getattr(registration, "traject", None)
    changed_at = max(
        moment
        for moment in (
            registration.created_at,
            link.last_step_at,
            traject.phase_since if traject is not None else None,
        )
        if moment is not None
    )

    ended = registration.status in ENDED_WITHOUT_TRAJECT or (
        traject is not None and traject.phase in (Phase.CLOSED, Phase.STOPPED)
    )
    works_until = (
        add_months(timezone.localdate(changed_at), STATUS_LINK_MONTHS_AFTER_END) if ended else None
    )
    if works_until is not None and timezone.localdate(now) > works_until:
        return None

    if registration.status in ENDED_WITHOUT_TRAJECT or (
        traject is not None and traject.phase == Phase.STOPPED
    ):
        reached = {RECEIVED}
        if link.intake_reached or registration.status in (
            RegistrationStatus.ACCEPTED,
            RegistrationStatus.NOT_ACCEPTED,
        ):
            reached.add(IN_INTAKE)
        if traject is not None and traject.started_at is not None:
            reached.add(COORDINATOR_FOUND)
        if link.conference_reached:
            reached.add(CONFERENCE_PLANNED)
        if link.plan_reached:
            reached.add(PLAN_MADE)
        situation, steps = "ended", _steps(CLOSED, reached)
    elif registration.status == RegistrationStatus.NEW:
        situation, steps = RECEIVED, _steps(RECEIVED)
    elif traject is None:  # in intake (or accepted a moment before its traject is read)
        situation, steps = IN_INTAKE, _steps(IN_INTAKE)
    elif traject.phase == Phase.MATCHING:
        situation, steps = "matching", _steps(IN_INTAKE)
    else:
        current = PHASE_STEP[traject.phase]
        situation, steps = current, _steps(current)

    contact = contact_for(registration.region)
    return Status(
        steps=steps,
        situation=situation,
        changed_at=changed_at,
        contact_email=contact["contact_email"],
        contact_phone=contact["contact_phone"],
        works_until=works_until,
    )
