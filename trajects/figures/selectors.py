"""Reads of the staff's region dashboard (``/staf/``) and figures (``/staf/rapport/``).

Everything is counted in the database (``Count`` with a filter, ``Exists``, subqueries), so each
page makes the same number of queries whatever the number of trajects; a median is found by
counting the rows, ordering them and reading the middle one or two with ``OFFSET``. Days are
whole calendar days in Brussels time, counted in the database (``DaysBetween``) the same way
on SQLite and PostgreSQL.

Scope: always ``Traject.objects.visible_to(user)`` / ``Registration.objects.visible_to(user)``
first, then the region chosen: a region outside the user's cannot add a row.
docs/architecture.md ("The region dashboard and the figures") says how each number is defined.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField as BooleanOutput
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import TruncDate, TruncMonth
from django.db.models.lookups import GreaterThan, In, LessThan
from django.utils import timezone

from people.models import Region, User
from training.certificates.selectors import coordinators_with_valid_certificate
from trajects.matching.models import Proposal, ProposalState
from trajects.models.registrations import (
    START_PROMISE_DAYS,
    Registration,
    RegistrationStatus,
)
from trajects.traject.models import (
    ACTIVE,
    COORDINATOR_BUSY,
    Phase,
    Step,
    StepKind,
    StopReason,
    Traject,
    TrajectQuerySet,
)
from trajects.workspace.models import FollowUp, Outcome

# A traject without any step for this many days is at risk (unless it is paused).
STALL_DAYS = 14
# Once the plan is distributed a traject waits a month for its follow-up by design: it is at
# risk only when no step came within that month (at most 31 days) and ``STALL_DAYS`` more.
FOLLOW_UP_WAIT_DAYS = 31
# How many rows each list of the dashboard shows (the counts are always whole).
AT_RISK_SHOWN = 100
WAITING_SHOWN = 50
FREE_SHOWN = 10
# The active phases in the order of the route.
ACTIVE_PHASES: tuple[str, ...] = tuple(phase for phase in Phase.values if phase in ACTIVE)
WAITING_STATUSES = (RegistrationStatus.NEW, RegistrationStatus.IN_INTAKE)
# What the dashboard shows of a traject at risk (``Traject.start_due_on`` included) and of a
# registration waiting: the rows are read with these fields only.
AT_RISK_FIELDS = (
    "pk",
    "phase",
    "started_at",
    "paused_at",
    "paused_days",
    "registration",
    "registration__reference",
    "registration__created_at",
    "region",
    "region__code",
    "region__name",
)
WAITING_FIELDS = (
    "pk",
    "reference",
    "status",
    "created_at",
    "region",
    "region__code",
    "region__name",
)


class DaysBetween(Func):
    """Whole days from the date ``start`` to the date ``end`` (``end - start``), an integer:
    ``date - date`` on PostgreSQL, the difference of Julian days on SQLite."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(ROUND(JULIANDAY(%(expressions)s)) AS INTEGER)",
            arg_joiner=") - JULIANDAY(",
            **extra_context,
        )


def local_date(name: str) -> TruncDate:
    """The day (Brussels time) of the moment in field ``name``."""
    return TruncDate(name, tzinfo=timezone.get_current_timezone())


def day_start(day: datetime.date) -> datetime.datetime:
    """The first moment of ``day`` in Brussels time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _flag(condition: Q | Combinable) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanOutput())


def _regions(user, region: Region | None) -> QuerySet[Region]:
    regions = Region.objects.visible_to(user)
    return regions.filter(pk=region.pk) if region is not None else regions


def _trajects(user, region: Region | None, registrant_type: str = "") -> TrajectQuerySet:
    trajects = Traject.objects.visible_to(user)
    if region is not None:
        trajects = trajects.filter(region=region)
    if registrant_type:
        trajects = trajects.filter(registration__registrant_type=registrant_type)
    return trajects


def _registrations(user, region: Region | None, registrant_type: str = ""):
    registrations = Registration.objects.visible_to(user)
    if region is not None:
        registrations = registrations.filter(region=region)
    if registrant_type:
        registrations = registrations.filter(registrant_type=registrant_type)
    return registrations


# --- The dashboard ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseCount:
    phase: str
    label: str
    count: int


@dataclass
class Dashboard:
    phases: list[PhaseCount]
    paused: int
    at_risk: list[Traject]
    at_risk_total: int
    waiting: list[Registration]
    waiting_total: int
    free: list[User]
    free_total: int

    @property
    def active_total(self) -> int:
        return sum(row.count for row in self.phases) + self.paused


def phase_counts(*, user, region: Region | None = None) -> tuple[list[PhaseCount], int]:
    """The active trajects per phase (not paused), and the paused ones apart. One query."""
    counts = _trajects(user, region).aggregate(
        paused=Count("pk", filter=Q(phase__in=ACTIVE_PHASES, paused_at__isnull=False)),
        **{
            f"phase_{phase}": Count("pk", filter=Q(phase=phase, paused_at__isnull=True))
            for phase in ACTIVE_PHASES
        },
    )
    labels = dict(Phase.choices)
    rows = [
        PhaseCount(phase=phase, label=str(labels[phase]), count=counts[f"phase_{phase}"])
        for phase in ACTIVE_PHASES
    ]
    return rows, counts["paused"]


def trajects_at_risk(
    *, user, region: Region | None = None, now: datetime.datetime | None = None
) -> TrajectQuerySet:
    """Active trajects that need staff's attention, oldest registration first, each with the
    flags that say why (``past_promise``, ``answer_overdue``, ``matching_stalled``,
    ``stalled``, ``follow_up_overdue``):

    - past the three-week promise and not started (``Traject.past_start_promise``: the days
      paused before the start, the current pause included, do not count);
    - a coordinator was asked and the answer is overdue;
    - in matching, the last coordinator asked declined or did not answer, and nobody is asked now;
    - not paused, and no step for ``STALL_DAYS`` days; with the plan distributed, for the
      month the follow-up waits (``FOLLOW_UP_WAIT_DAYS``) and ``STALL_DAYS`` more;
    - the plan is distributed and its follow-up (``FollowUp.due_on``, annotated as
      ``follow_up_due_on``) was due before today, neither done nor closed with a reason.
    """
    now = now or timezone.now()
    flags = _risk_flags(now)
    return _with_risk_flags(_at_risk(user, region, flags), flags).select_related(
        "registration", "region"
    )


def _at_risk(user, region: Region | None, flags: dict[str, Any]) -> TrajectQuerySet:
    """The active trajects in scope with any reason (``flags["at_risk"]``), oldest registration
    first, without annotations: what ``trajects_at_risk`` and the dashboard both list."""
    return (
        _trajects(user, region)
        .filter(phase__in=ACTIVE_PHASES)
        .filter(flags["at_risk"])
        .order_by("registration__created_at", "pk")
    )


def _with_risk_flags(trajects: TrajectQuerySet, flags: dict[str, Any]) -> TrajectQuerySet:
    """``trajects`` with the values and flags of ``trajects_at_risk`` (``_risk_flags``)."""
    return trajects.annotate(
        promise_days=flags["promise_days"],
        has_pending=flags["has_pending"],
        last_proposal_state=flags["last_proposal_state"],
        follow_up_due_on=flags["follow_up_due_on"],
    ).annotate(**{name: _flag(flags[name]) for name in RISKS})


def _trajects_at_risk_shown(
    *, user, region: Region | None, now: datetime.datetime
) -> tuple[list[Traject], int]:
    """The first ``AT_RISK_SHOWN`` of ``trajects_at_risk`` and how many there are, in two
    queries: the keys of the first and the total (a window count), the conditions evaluated
    once for each active traject and no annotation; then those trajects with their flags."""
    flags = _risk_flags(now)
    first = list(
        _at_risk(user, region, flags)
        .annotate(rows_total=Window(Count("pk")))
        .values_list("pk", "rows_total")[:AT_RISK_SHOWN]
    )
    if not first:
        return [], 0
    shown = (
        _with_risk_flags(Traject.objects.filter(pk__in=[pk for pk, _total in first]), flags)
        .select_related("registration", "region")
        .only(*AT_RISK_FIELDS)
        .order_by("registration__created_at", "pk")
    )
    return list(shown), first[0][1]


# The reasons a traject is at risk, the names of ``trajects_at_risk``'s flags.
RISKS = ("past_promise", "answer_overdue", "matching_stalled", "stalled", "follow_up_overdue")


def _risk_flags(now: datetime.datetime) -> dict[str, Any]:
    """The expressions of ``trajects_at_risk``: the values it annotates, each reason (a
    condition, ``RISKS``) and ``at_risk`` (any reason). The conditions name no annotation, so
    a filter on ``at_risk`` needs none; each starts with what costs least (a column) and
    evaluates its subqueries and day counts only where that holds."""
    today = timezone.localdate(now)
    pending = Proposal.objects.pending().filter(traject=OuterRef("pk"))
    last_proposal = Proposal.objects.filter(traject=OuterRef("pk")).order_by("-proposed_at", "-pk")
    open_follow_up = FollowUp.objects.filter(
        traject=OuterRef("pk"), done_at__isnull=True, not_done_reason=""
    )

    def no_step_since(days: int) -> Q:
        """No step of the registration for ``days`` days, read from the traject's own row
        (``Traject.newest_step_at``, the newest ``Step.at``)."""
        return Q(newest_step_at__isnull=True) | Q(
            newest_step_at__lt=now - datetime.timedelta(days=days)
        )

    pausing_now = Case(
        When(
            paused_at__isnull=False,
            then=DaysBetween(Value(today, output_field=DateField()), local_date("paused_at")),
        ),
        default=Value(0),
        output_field=IntegerField(),
    )
    # Days since the registration that count against the promise.
    promise_days = (
        DaysBetween(Value(today, output_field=DateField()), local_date("registration__created_at"))
        - F("paused_days")
        - pausing_now
    )
    last_proposal_state = Subquery(last_proposal.values("state")[:1])
    follow_up_due_on = Subquery(open_follow_up.values("due_on")[:1])
    reasons = {
        "past_promise": Q(started_at__isnull=True)
        & Q(GreaterThan(promise_days, START_PROMISE_DAYS)),
        "answer_overdue": Q(Exists(pending.filter(answer_due_at__lt=now))),
        "matching_stalled": Q(phase=Phase.MATCHING)
        & ~Q(Exists(pending))
        & Q(In(last_proposal_state, (ProposalState.EXPIRED, ProposalState.DECLINED))),
        "stalled": Q(paused_at__isnull=True)
        & (
            (~Q(phase=Phase.PLAN_DISTRIBUTED) & no_step_since(STALL_DAYS))
            | (Q(phase=Phase.PLAN_DISTRIBUTED) & no_step_since(FOLLOW_UP_WAIT_DAYS + STALL_DAYS))
        ),
        "follow_up_overdue": Q(phase=Phase.PLAN_DISTRIBUTED) & Q(LessThan(follow_up_due_on, today)),
    }
    # Any reason; the most common first (a traject without steps), so that SQLite asks the
    # other reasons only of the trajects it does not already count.
    at_risk = Q()
    for name in (
        "stalled",
        "past_promise",
        "follow_up_overdue",
        "matching_stalled",
        "answer_overdue",
    ):
        at_risk |= reasons[name]
    return {
        "promise_days": promise_days,
        "has_pending": Exists(pending),
        "last_proposal_state": last_proposal_state,
        "follow_up_due_on": follow_up_due_on,
        **reasons,
        "at_risk": at_risk,
    }


def registrations_waiting(*, user, region: Region | None = None) -> QuerySet[Registration]:
    """New registrations and those in intake, oldest first."""
    return (
        _registrations(user, region)
        .filter(status__in=WAITING_STATUSES)
        .select_related("region")
        .order_by("created_at", "pk")
    )


def coordinators_free(
    *, user, region: Region | None = None, today: datetime.date | None = None
) -> QuerySet[User]:
    """Coordinators who could be proposed today in the region(s): active, a valid certificate
    (``coordinators_with_valid_certificate``), working in one of the regions, no traject they
    work on (``COORDINATOR_BUSY``), not asked about a traject now, not on a break
    (``available_from`` empty or today or earlier). Longest without a traject first."""
    today = today or timezone.localdate()
    coordinator = OuterRef("pk")
    return (
        # The certified coordinators as a subquery: the rows need no DISTINCT of their own.
        User.objects.filter(pk__in=coordinators_with_valid_certificate(today).values("pk"))
        .filter(
            Exists(
                User.regions.through.objects.filter(
                    user_id=coordinator, region__in=_regions(user, region)
                )
            ),
            ~Exists(Traject.objects.filter(coordinator=coordinator, phase__in=COORDINATOR_BUSY)),
            ~Exists(Proposal.objects.pending().filter(coordinator=coordinator)),
            Q(available_from__isnull=True) | Q(available_from__lte=today),
        )
        .annotate(
            last_traject_at=Subquery(
                Traject.objects.filter(coordinator=coordinator, started_at__isnull=False)
                .order_by("-started_at")
                .values("started_at")[:1]
            )
        )
        .order_by(F("last_traject_at").asc(nulls_first=True), "last_name", "first_name", "pk")
    )


def dashboard(
    *, user, region: Region | None = None, now: datetime.datetime | None = None
) -> Dashboard:
    """Everything the dashboard shows, for ``user``'s regions or the one region chosen.
    Seven queries, whatever the number of trajects, registrations and coordinators."""
    now = now or timezone.now()
    phases, paused = phase_counts(user=user, region=region)
    waiting = registrations_waiting(user=user, region=region)
    free = coordinators_free(user=user, region=region, today=timezone.localdate(now))
    at_risk_shown, at_risk_total = _trajects_at_risk_shown(user=user, region=region, now=now)
    waiting_total = waiting.count()
    free_shown, free_total = _shown_and_total(free, FREE_SHOWN)
    return Dashboard(
        phases=phases,
        paused=paused,
        at_risk=at_risk_shown,
        at_risk_total=at_risk_total,
        waiting=list(waiting.only(*WAITING_FIELDS)[:WAITING_SHOWN]) if waiting_total else [],
        waiting_total=waiting_total,
        free=free_shown,
        free_total=free_total,
    )


def _shown_and_total(rows: QuerySet[Any], shown: int) -> tuple[list[Any], int]:
    """The first ``shown`` of ``rows`` and how many there are, in two queries: the keys of the
    first and the total (a window count) over the filtered rows without their annotations,
    then those rows with them. Each row's subqueries are evaluated for the filter alone, and
    the annotations for the rows shown only."""
    first = list(
        rows.annotate(rows_total=Window(Count("pk"))).values_list("pk", "rows_total")[:shown]
    )
    if not first:
        return [], 0
    order = {pk: index for index, (pk, _total) in enumerate(first)}
    shown_rows = sorted(rows.filter(pk__in=order), key=lambda row: order[row.pk])
    return shown_rows, first[0][1]


# --- The figures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """From ``start`` up to and including ``end`` (days in Brussels time)."""

    start: datetime.date
    end: datetime.date

    @property
    def since(self) -> datetime.datetime:
        return day_start(self.start)

    @property
    def until(self) -> datetime.datetime:
        """The first moment after the period."""
        return day_start(self.end + datetime.timedelta(days=1))

    def q(self, name: str) -> Q:
        """``name`` (a moment) lies in the period."""
        return Q(**{f"{name}__gte": self.since, f"{name}__lt": self.until})

    def months(self) -> list[datetime.date]:
        """The first day of every month the period touches."""
        month = self.start.replace(day=1)
        months = []
        while month <= self.end:
            months.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return months


@dataclass(frozen=True)
class Median:
    """The median number of days, and of how many trajects (None when there are none)."""

    days: float | None
    count: int


@dataclass(frozen=True)
class Counted:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Month:
    month: datetime.date
    registrations: int
    started: int


@dataclass
class Figures:
    period: Period
    registrations: int
    registrations_by_status: list[Counted]
    started: int
    started_in_time: int
    to_match: Median
    to_conference: Median
    to_distribution: Median
    conferences_held: int
    plans_made: int
    plans_distributed: int
    stopped: int
    stop_reasons: list[Counted]
    follow_up_outcomes: list[Counted] = field(default_factory=list)
    closed_without_follow_up: int = 0
    months: list[Month] = field(default_factory=list)

    @property
    def share_in_time(self) -> float | None:
        """Of the trajects started in the period, the share (in %) that started within the
        promise; None when none started."""
        if not self.started:
            return None
        return round(100 * self.started_in_time / self.started, 1)


def median(rows: QuerySet[Any], name: str, count: int) -> float | None:
    """The median of ``name`` over ``rows``, of which there are ``count``: the middle row, or
    the mean of the two middle rows, read with OFFSET in the database. One query (none when
    ``count`` is 0)."""
    if count <= 0:
        return None
    ordered = rows.order_by(name, "pk").values_list(name, flat=True)
    middle = count // 2
    values = list(
        ordered[middle - 1 : middle + 1] if count % 2 == 0 else ordered[middle : middle + 1]
    )
    if not values:  # rows changed between the count and now
        return None
    return sum(values) / len(values)


def _steps(trajects: TrajectQuerySet, period: Period, phases: tuple[str, ...]) -> QuerySet[Step]:
    """The steps by which the trajects reached one of ``phases`` in the period."""
    return Step.objects.filter(
        period.q("at"),
        kind=StepKind.PHASE,
        phase__in=phases,
        registration_id__in=trajects.values("registration_id"),
    )


def _reached(trajects: TrajectQuerySet, period: Period, phase: str) -> QuerySet[Step]:
    """The steps by which the trajects reached ``phase`` in the period, with the days since
    the registration (``days``)."""
    return _steps(trajects, period, (phase,)).annotate(
        days=DaysBetween(local_date("at"), local_date("registration__created_at"))
    )


def figures(
    *, user, period: Period, region: Region | None = None, registrant_type: str = ""
) -> Figures:
    """The figures of ``user``'s regions (or the one chosen) for the period, optionally of one
    registrant type. Eight queries, whatever the number of rows.

    The conferences held and the follow-ups come from the workspace (``Conference.held_at``,
    ``FollowUp.done_at`` and ``outcome``, ``FollowUp.not_done_reason`` of a traject closed in
    the period), counted in the trajects' one aggregate (each traject has at most one of each).
    """
    registrations = _registrations(user, region, registrant_type).filter(period.q("created_at"))
    registration_counts = registrations.aggregate(
        total=Count("pk"),
        **{
            f"status_{status}": Count("pk", filter=Q(status=status))
            for status in RegistrationStatus.values
        },
    )

    trajects = _trajects(user, region, registrant_type)
    started = trajects.filter(period.q("started_at")).annotate(
        days=DaysBetween(local_date("started_at"), local_date("registration__created_at"))
    )
    stopped = Q(period.q("phase_since"), phase=Phase.STOPPED)
    followed_up = period.q("follow_up__done_at")
    conferences = trajects.filter(period.q("conference__held_at")).annotate(
        days=DaysBetween(local_date("conference__held_at"), local_date("registration__created_at"))
    )
    traject_counts = trajects.annotate(
        days=DaysBetween(local_date("started_at"), local_date("registration__created_at"))
    ).aggregate(
        started=Count("pk", filter=period.q("started_at")),
        # On or before the promise's last day (``Traject.start_due_on``).
        started_in_time=Count(
            "pk",
            filter=period.q("started_at") & Q(days__lte=F("paused_days") + START_PROMISE_DAYS),
        ),
        stopped=Count("pk", filter=stopped),
        **{
            f"stop_{reason}": Count("pk", filter=stopped & Q(stop_reason=reason))
            for reason in StopReason.values
        },
        conferences_held=Count("pk", filter=period.q("conference__held_at")),
        **{
            f"outcome_{outcome}": Count("pk", filter=followed_up & Q(follow_up__outcome=outcome))
            for outcome in Outcome.values
        },
        # A reason is recorded only when the traject closes without its follow-up.
        closed_without_follow_up=Count(
            "pk",
            filter=Q(
                period.q("phase_since"), phase=Phase.CLOSED, follow_up__not_done_reason__gt=""
            ),
        ),
    )

    plans_distributed = _reached(trajects, period, Phase.PLAN_DISTRIBUTED)
    step_counts = _steps(trajects, period, (Phase.PLAN_MADE, Phase.PLAN_DISTRIBUTED)).aggregate(
        made=Count("pk", filter=Q(phase=Phase.PLAN_MADE)),
        distributed=Count("pk", filter=Q(phase=Phase.PLAN_DISTRIBUTED)),
    )

    status_labels = dict(RegistrationStatus.choices)
    reason_labels = dict(StopReason.choices)
    outcome_labels = dict(Outcome.choices)
    held = traject_counts["conferences_held"]
    return Figures(
        period=period,
        registrations=registration_counts["total"],
        registrations_by_status=[
            Counted(status, str(status_labels[status]), registration_counts[f"status_{status}"])
            for status in RegistrationStatus.values
        ],
        started=traject_counts["started"],
        started_in_time=traject_counts["started_in_time"],
        to_match=Median(
            median(started, "days", traject_counts["started"]), traject_counts["started"]
        ),
        to_conference=Median(median(conferences, "days", held), held),
        to_distribution=Median(
            median(plans_distributed, "days", step_counts["distributed"]),
            step_counts["distributed"],
        ),
        conferences_held=held,
        plans_made=step_counts["made"],
        plans_distributed=step_counts["distributed"],
        stopped=traject_counts["stopped"],
        stop_reasons=[
            Counted(reason, str(reason_labels[reason]), traject_counts[f"stop_{reason}"])
            for reason in StopReason.values
        ],
        follow_up_outcomes=[
            Counted(outcome, str(outcome_labels[outcome]), traject_counts[f"outcome_{outcome}"])
            for outcome in Outcome.values
        ],
        closed_without_follow_up=traject_counts["closed_without_follow_up"],
        months=_months(period, registrations, trajects.filter(period.q("started_at"))),
    )


def _months(period: Period, registrations, started: TrajectQuerySet) -> list[Month]:
    """Registrations received and trajects started per month of the period. Two queries."""
    tz = timezone.get_current_timezone()

    def per_month(rows, name: str) -> dict[datetime.date, int]:
        return dict(
            rows.annotate(month=TruncMonth(name, output_field=DateField(), tzinfo=tz))
            .order_by()
            .values("month")
            .annotate(count=Count("pk"))
            .values_list("month", "count")
        )

    registered = per_month(registrations, "created_at")
    starts = per_month(started, "started_at")
    return [
        Month(month=month, registrations=registered.get(month, 0), started=starts.get(month, 0))
        for month in period.months()
    ]
