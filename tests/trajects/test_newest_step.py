"""``Traject.newest_step_at``, the moment of the registration's newest step, kept on the traject's
row so that the dashboard reads "no step for ``STALL_DAYS`` days" from the row: kept by
``step_record`` (every service's step), set again by ``traject_newest_step_refresh`` where steps
are moved in time (the demo data), filled by the migration and by ``seed_scale``; and, over many
histories and moments, the stored moment answers "stalled" exactly as asking the steps does (the
query the dashboard ran before, kept here as the reference)."""

from __future__ import annotations

import datetime
import importlib
import random

import pytest
from django.apps import apps
from django.db.models import Exists, Max, OuterRef, Q

from people.factories import CoordinatorFactory
from tests.trajects.test_figures import (
    BRUSSELS,
    accepted,
    at,
    certified_coordinator,
    moment,
    registered,
)
from trajects.figures.selectors import (
    ACTIVE_PHASES,
    FOLLOW_UP_WAIT_DAYS,
    STALL_DAYS,
    _risk_flags,
    trajects_at_risk,
)
from trajects.intake.services import registration_intake_start
from trajects.matching.services import proposal_decline, proposal_make
from trajects.models import DeclineReason, Phase, Step, StepKind, StopReason, Traject
from trajects.traject.services import (
    step_record,
    traject_advance,
    traject_newest_step_refresh,
    traject_pause,
    traject_resume,
    traject_stop,
)

pytestmark = pytest.mark.django_db

ROUTE = (Phase.PREPARATION, Phase.CONFERENCE_PLANNED, Phase.PLAN_MADE, Phase.PLAN_DISTRIBUTED)


def newest_steps() -> dict[int, datetime.datetime | None]:
    """Each traject's newest step, asked of the steps."""
    return dict(
        Traject.objects.annotate(newest=Max("registration__steps__at")).values_list("pk", "newest")
    )


def stored() -> dict[int, datetime.datetime | None]:
    return dict(Traject.objects.values_list("pk", "newest_step_at"))


def reference_stalled(now: datetime.datetime) -> Q:
    """ "Stalled" as the dashboard asked it of the steps before ``newest_step_at``."""

    def steps_since(days: int):
        return Step.objects.filter(
            registration_id=OuterRef("registration_id"),
            at__gte=now - datetime.timedelta(days=days),
        )

    return Q(paused_at__isnull=True) & (
        (~Q(phase=Phase.PLAN_DISTRIBUTED) & ~Q(Exists(steps_since(STALL_DAYS))))
        | (
            Q(phase=Phase.PLAN_DISTRIBUTED)
            & ~Q(Exists(steps_since(FOLLOW_UP_WAIT_DAYS + STALL_DAYS)))
        )
    )


def test_every_step_moves_the_trajects_moment_forward(staff):
    traject = accepted(staff, moment("2026-03-05"))
    traject.refresh_from_db()
    assert traject.newest_step_at == moment("2026-03-05")

    with at(moment("2026-03-20", 9, 30)):
        traject_pause(traject=traject, by=staff)
    traject.refresh_from_db()
    assert traject.newest_step_at == moment("2026-03-20", 9, 30)

    # A step written with an older moment (a slower transaction beside it) leaves it.
    with at(moment("2026-03-19")):
        step_record(registration_id=traject.registration_id, kind=StepKind.RESUMED, by=staff)
    traject.refresh_from_db()
    assert traject.newest_step_at == moment("2026-03-20", 9, 30)
    assert stored() == newest_steps()


def test_a_step_of_a_registration_without_traject_writes_no_traject(staff):
    other = accepted(staff, moment("2026-03-02"))
    registration = registered(moment("2026-03-02"))
    with at(moment("2026-04-01")):
        registration_intake_start(registration=registration, by=staff)
    other.refresh_from_db()
    assert other.newest_step_at == moment("2026-03-02")


def test_refresh_sets_the_moment_again_after_steps_moved(staff):
    moved = accepted(staff, moment("2026-03-02"))
    left = accepted(staff, moment("2026-03-03"))
    Step.objects.filter(registration=moved.registration).update(at=moment("2026-01-10"))
    Step.objects.filter(registration=left.registration).update(at=moment("2026-01-11"))

    assert traject_newest_step_refresh(registration_ids=[moved.registration_id]) == 1
    assert stored() == {moved.pk: moment("2026-01-10"), left.pk: moment("2026-03-03")}

    Step.objects.filter(registration=moved.registration).delete()
    assert traject_newest_step_refresh() == 2
    assert stored() == {moved.pk: None, left.pk: moment("2026-01-11")}


def test_the_migration_fills_every_traject(staff):
    first = accepted(staff, moment("2026-03-02"))
    with at(moment("2026-03-09")):
        traject_pause(traject=first, by=staff)
    accepted(staff, moment("2026-03-04"))
    Traject.objects.update(newest_step_at=None)

    migration = importlib.import_module("trajects.migrations.0010_traject_newest_step_at")
    migration.fill_newest_step_at(apps, None)

    assert stored() == newest_steps()
    assert stored()[first.pk] == moment("2026-03-09")


def _history(staff, antwerpen, rng: random.Random, start: datetime.datetime) -> None:
    """One traject accepted at ``start``, then a few moves days apart, each through its
    service: paused and resumed, proposals declined, phases of the route, stopped."""
    traject = accepted(staff, start)
    when = start
    for _move in range(rng.randint(0, 5)):
        when += datetime.timedelta(days=rng.randint(1, 30), minutes=rng.randint(0, 600))
        traject.refresh_from_db()
        if traject.phase not in ACTIVE_PHASES:
            return
        choice = rng.choice(("pause", "advance", "advance", "propose", "stop"))
        with at(when):
            if traject.paused_at is not None or choice == "pause":
                (traject_resume if traject.paused_at else traject_pause)(traject=traject, by=staff)
            elif choice == "propose" and traject.phase == Phase.MATCHING:
                coordinator = certified_coordinator(when, regions=[antwerpen])
                proposal = proposal_make(traject=traject, coordinator=coordinator, by=staff)
                proposal_decline(proposal=proposal, by=coordinator, reason=DeclineReason.OTHER)
            elif choice == "stop":
                traject_stop(traject=traject, by=staff, reason=StopReason.SITUATION_CHANGED)
            elif traject.phase in (Phase.MATCHING, *ROUTE[:-1]):
                if traject.phase == Phase.MATCHING:
                    Traject.objects.filter(pk=traject.pk).update(coordinator=CoordinatorFactory())
                    traject.refresh_from_db()
                to = ROUTE[ROUTE.index(traject.phase) + 1] if traject.phase in ROUTE else ROUTE[0]
                traject_advance(traject=traject, to=to, by=staff)


def test_the_stored_moment_says_stalled_as_the_steps_do(staff, antwerpen):
    rng = random.Random(14)
    for n in range(14):
        _history(
            staff, antwerpen, rng, moment("2026-01-05") + datetime.timedelta(days=5 * n, hours=n)
        )
    assert stored() == newest_steps()

    # Each traject's moments where "stalled" turns (either wait), a microsecond either side,
    # and days around the clock changes of 2026 (29 March, 25 October).
    moments = {
        moment("2026-03-29", 1, 30),
        moment("2026-03-29", 3, 30),
        datetime.datetime(
            2026, 10, 25, 2, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
        ),
        datetime.datetime(2026, 10, 25, 2, 30, tzinfo=BRUSSELS),
    }
    for last in stored().values():
        for days in (STALL_DAYS, FOLLOW_UP_WAIT_DAYS + STALL_DAYS):
            turn = last + datetime.timedelta(days=days)
            moments |= {
                turn - datetime.timedelta(microseconds=1),
                turn,
                turn + datetime.timedelta(microseconds=1),
            }

    active = Traject.objects.filter(phase__in=ACTIVE_PHASES)
    seen = set()
    for now in sorted(moments):
        flags = _risk_flags(now)
        stalled = set(active.filter(flags["stalled"]).values_list("pk", flat=True))
        assert stalled == set(active.filter(reference_stalled(now)).values_list("pk", flat=True)), (
            now
        )
        others = Q()
        for name in ("past_promise", "answer_overdue", "matching_stalled", "follow_up_overdue"):
            others |= flags[name]
        at_risk = list(trajects_at_risk(user=staff, now=now).values_list("pk", "stalled"))
        expected = active.filter(others | reference_stalled(now)).order_by(
            "registration__created_at", "pk"
        )
        assert [pk for pk, _stalled in at_risk] == list(expected.values_list("pk", flat=True))
        assert {pk for pk, flag in at_risk if flag} == stalled
        seen |= {(pk, pk in stalled) for pk in active.values_list("pk", flat=True)}
    # Not vacuous: trajects seen both stalled and not, in several phases, paused ones too.
    both = {pk for pk, flag in seen if flag} & {pk for pk, flag in seen if not flag}
    assert len(both) >= 5
    assert len(set(active.values_list("phase", flat=True))) >= 3
    assert Traject.objects.filter(paused_at__isnull=False).exists()
