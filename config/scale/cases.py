"""Registrations, their trajects in every phase, the steps and the workspace rows."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone
from faker import Faker

from config.scale.rows import Crowd, Made, Sizes, bulk, phone, scale_token
from people.models import Region, User
from trajects import demo as trajects_demo
from trajects.models import (
    ChildrenInvolved,
    OrganisationType,
    ReferenceSequence,
    RegistrantType,
    Registration,
    RegistrationStatus,
    WishedStart,
)
from trajects.traject.models import COORDINATOR_BUSY, Phase, Step, StepKind, StopReason, Traject
from trajects.workspace.models import Check, Conference, FollowUp, Outcome, Plan

_DAYS_BACK = 730
_SETTLED_PHASES = [
    (Phase.CLOSED, 66),
    (Phase.STOPPED, 12),
    (Phase.FOLLOW_UP_DONE, 4),
    (Phase.PLAN_DISTRIBUTED, 6),
    (Phase.MATCHING, 4),
    (Phase.PREPARATION, 3),
    (Phase.CONFERENCE_PLANNED, 3),
    (Phase.PLAN_MADE, 2),
]
_ROUTE: list[str] = [
    Phase.PREPARATION,
    Phase.CONFERENCE_PLANNED,
    Phase.PLAN_MADE,
    Phase.PLAN_DISTRIBUTED,
    Phase.FOLLOW_UP_DONE,
    Phase.CLOSED,
]


def _status(days_ago: float, rng: random.Random) -> str:
    if days_ago < 5:
        return RegistrationStatus.NEW
    if days_ago < 14:
        return rng.choice([RegistrationStatus.NEW, RegistrationStatus.IN_INTAKE])
    return rng.choices(
        [
            RegistrationStatus.ACCEPTED,
            RegistrationStatus.NOT_ACCEPTED,
            RegistrationStatus.WITHDRAWN,
            RegistrationStatus.IN_INTAKE,
        ],
        weights=[80, 9, 9, 2],
    )[0]


def _phase(days_ago: float, rng: random.Random) -> str:
    if days_ago < 30:
        return rng.choice([Phase.MATCHING, Phase.PREPARATION, Phase.PREPARATION])
    if days_ago < 90:
        return rng.choice(
            [Phase.PREPARATION, Phase.CONFERENCE_PLANNED, Phase.PLAN_MADE, Phase.PLAN_DISTRIBUTED]
        )
    phases, weights = zip(*_SETTLED_PHASES, strict=True)
    return rng.choices(phases, weights=weights)[0]


def _registration_row(
    n: int, region: Region, crowd: Crowd, rng: random.Random, faker: Faker, created_at
) -> Registration:
    postcode_id, municipality = rng.choice(crowd.places[region.pk])
    kind = rng.choices(
        [RegistrantType.PROFESSIONAL, RegistrantType.FAMILY_OR_FRIEND, RegistrantType.CORE_PERSON],
        weights=[6, 3, 2],
    )[0]
    core_name = faker.name()
    row = Registration(
        submission_token=scale_token(n),
        created_at=created_at,
        language="nl",
        registrant_type=kind,
        registrant_name=core_name if kind == RegistrantType.CORE_PERSON else faker.name(),
        registrant_email=f"aanmelder{n + 1}@example.org",
        registrant_phone=phone(rng),
        core_name=core_name,
        postcode_id=postcode_id,
        municipality=municipality,
        core_phone=phone(rng),
        languages=["nl"],
        conference_language="nl",
        children_involved=rng.choice(ChildrenInvolved.values),
        question=rng.choice(trajects_demo.QUESTIONS),
        wished_start=rng.choice(WishedStart.values),
        core_person_agrees=True,
        privacy_acknowledged=True,
        region=region,
    )
    if kind == RegistrantType.PROFESSIONAL:
        organisation = rng.choice(list(OrganisationType))
        row.organisation_type = organisation
        row.organisation_name = f"{trajects_demo.ORGANISATIONS[organisation]} {municipality}"
    return row


class _Timeline:
    """The steps of one registration, each some days after the one before (never later than
    now), as the services would have written them."""

    def __init__(self, row: Registration, *, by: User, now, into: list[Step]) -> None:
        self.row, self.by, self.now, self.steps = row, by, now, into
        self.moment = row.created_at

    def __call__(self, kind: str, days: float, *, phase: str = "", coordinator=None) -> None:
        self.moment = min(self.moment + datetime.timedelta(days=days), self.now)
        self.steps.append(
            Step(
                registration=self.row,
                kind=kind,
                phase=phase,
                by=self.by,
                at=self.moment,
                coordinator=coordinator,
            )
        )


def seed_registrations(
    sizes: Sizes, crowd: Crowd, rng: random.Random, faker: Faker, now, made: Made
) -> None:
    count = sizes.registrations
    planned: list[tuple[Registration, str, float]] = []
    for n in range(count):
        days_ago = _DAYS_BACK * (count - n) / count
        created_at = now - datetime.timedelta(days=days_ago, hours=rng.randint(0, 9))
        region = crowd.regions[rng.randrange(len(crowd.regions))]
        row = _registration_row(n, region, crowd, rng, faker, created_at)
        status = _status(days_ago, rng)
        row.status = status
        planned.append((row, status, days_ago))

    # References in order of arrival, after whatever each year's sequence gave out already.
    last = dict(ReferenceSequence.objects.values_list("year", "last"))
    for row, _st, _days in planned:
        year = timezone.localdate(row.created_at).year
        last[year] = last.get(year, 0) + 1
        row.reference = f"EKC-{year}-{last[year]:04d}"
    for year, number in last.items():
        ReferenceSequence.objects.update_or_create(year=year, defaults={"last": number})
    bulk(Registration, [row for row, _s, _d in planned], made)

    staff = crowd.personas["staff"]
    busy: set[int] = set()  # coordinators working on a traject now
    # The persona coordinator's own: one in preparation (their current one), the rest closed.
    persona = crowd.personas["coordinator"]
    first = crowd.regions[0]
    persona_closed = 0
    # Their current traject: the newest accepted registration's, in preparation.
    persona_row = next(
        (row for row, status, _d in reversed(planned) if status == RegistrationStatus.ACCEPTED),
        None,
    )
    trajects: list[Traject] = []
    steps: list[Step] = []
    for row, status, days_ago in planned:
        step = _Timeline(row, by=staff, now=now, into=steps)
        if status == RegistrationStatus.NEW:
            continue
        if status == RegistrationStatus.WITHDRAWN:
            step(StepKind.WITHDRAWN, 2)
            continue
        step(StepKind.INTAKE_STARTED, 1)
        if status == RegistrationStatus.NOT_ACCEPTED:
            step(StepKind.DECLINED, 3)
        if status != RegistrationStatus.ACCEPTED:
            continue
        step(StepKind.ACCEPTED, 3)
        accepted_at = step.moment
        phase = _phase(days_ago, rng)
        region_coordinators = crowd.coordinators[row.region_id]
        coordinator = None
        if row is persona_row:
            coordinator, phase = persona, Phase.PREPARATION
        elif row.region_id == first.pk and phase == Phase.CLOSED and persona_closed < 5:
            coordinator, persona_closed = persona, persona_closed + 1
        elif phase != Phase.MATCHING and region_coordinators:
            free = [c for c in region_coordinators if c.pk not in busy and c is not persona]
            if phase in COORDINATOR_BUSY and not free:
                phase = Phase.CLOSED
            pool = free if phase in COORDINATOR_BUSY else region_coordinators[1:] or free
            coordinator = rng.choice(pool) if pool else None
            if coordinator is None and phase != Phase.STOPPED:
                phase = Phase.MATCHING
        if coordinator is not None and phase in COORDINATOR_BUSY:
            busy.add(coordinator.pk)
        started_at = None
        if coordinator is not None:
            step(StepKind.PROPOSED, 2, coordinator=coordinator)
            step(StepKind.PROPOSAL_ACCEPTED, 1, coordinator=coordinator)
            started_at = step.moment
        if phase == Phase.STOPPED:
            route = _ROUTE[: rng.randint(0, 2)] if coordinator is not None else []
        else:
            route = _ROUTE[: _ROUTE.index(phase) + 1] if phase in _ROUTE else []
        for passed in route:
            step(StepKind.PHASE, rng.uniform(3, 14), phase=passed)
        if phase == Phase.STOPPED:
            step(StepKind.STOPPED, 2, phase=Phase.STOPPED)
        trajects.append(
            Traject(
                registration=row,
                region_id=row.region_id,
                phase=phase,
                phase_since=step.moment,
                created_at=accepted_at,
                newest_step_at=step.moment,  # the timeline's newest step (``step_record``'s)
                started_at=started_at,
                coordinator=coordinator,
                stop_reason=rng.choice(StopReason.values) if phase == Phase.STOPPED else "",
            )
        )
    bulk(Traject, trajects, made)
    bulk(Step, steps, made)
    _workspace(trajects, rng, now, made)


def _workspace(trajects: list[Traject], rng: random.Random, now, made: Made) -> None:
    """The conference, plan and follow-up of the trajects that got that far."""
    held = {Phase.PLAN_MADE, Phase.PLAN_DISTRIBUTED, Phase.FOLLOW_UP_DONE, Phase.CLOSED}
    distributed = {Phase.PLAN_DISTRIBUTED, Phase.FOLLOW_UP_DONE, Phase.CLOSED}
    conferences, plans, follow_ups = [], [], []
    for traject in trajects:
        if traject.phase not in held and traject.phase != Phase.CONFERENCE_PLANNED:
            continue
        starts = traject.phase_since - datetime.timedelta(days=20)
        if traject.phase == Phase.CONFERENCE_PLANNED:
            starts = now + datetime.timedelta(days=rng.randint(3, 20))
        conferences.append(
            Conference(
                traject=traject,
                starts_at=starts,
                place="Ontmoetingscentrum De Kring",
                held_at=starts if traject.phase in held else None,
            )
        )
        if traject.phase not in held:
            continue
        plans.append(
            Plan(
                traject=traject,
                safe=Check.YES,
                safe_note="Afspraken over opvang zijn gemaakt.",
                legal=Check.YES,
                legal_note="Niets gaat tegen een maatregel in.",
                workable=Check.AFTER_ADJUSTING,
                workable_note="Vervoer verdeeld over twee buren.",
                reconvener="Tante",
                distributed_to="Alle deelnemers" if traject.phase in distributed else "",
                distributed_at=starts + datetime.timedelta(days=3)
                if traject.phase in distributed
                else None,
            )
        )
        if traject.phase in distributed:
            done = traject.phase in (Phase.FOLLOW_UP_DONE, Phase.CLOSED)
            follow_ups.append(
                FollowUp(
                    traject=traject,
                    due_on=(starts + datetime.timedelta(days=33)).date(),
                    outcome=rng.choice(Outcome.values) if done else "",
                    done_at=starts + datetime.timedelta(days=35) if done else None,
                )
            )
    bulk(Conference, conferences, made)
    bulk(Plan, plans, made)
    bulk(FollowUp, follow_ups, made)
