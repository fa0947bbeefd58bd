"""Reads for the coach's dashboard (/coach/): one row per coordinator they coach today, with what
needs the coach's attention (the flags), and the coach's upcoming sessions with their replies.

``coach_dashboard`` answers in a fixed number of queries whatever the number of coordinators:
the coordinators with their last contact (one query), their certificates (with their track's
minimums), their current trajects and the proposals waiting for their answer (one prefetch
each), and the sessions attended this year (``coaching.selectors.yearly_counts``, one).
Everything else is computed in Python from those rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    DateTimeField,
    F,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from coaching.models import Contact, Reply, Session
from coaching.selectors import YearlyCounts, minimums_of, yearly_counts
from people.access import coordinators_of
from people.models import User
from training.certificates.models import Certificate
from training.volunteers.selectors import CertificateState, certificate_state
from trajects.figures.selectors import FOLLOW_UP_WAIT_DAYS, STALL_DAYS
from trajects.matching.models import Proposal, ProposalState
from trajects.traject.models import ACTIVE, COORDINATOR_BUSY, Phase, Step, Traject
from trajects.workspace.models import FollowUp

# The flags' thresholds (issue 11, item 6).
PROMISE_AT_RISK_DAYS = 3  # the three-week promise passed, or ends within this many days
CERTIFICATE_EXPIRING_DAYS = 60
NO_CONTACT_DAYS = 30


@dataclass(frozen=True)
class FlagInfo:
    """What a flag means: its code, a short label, a sentence that explains it, and its weight
    in the order of the rows (heavier: sooner on the coach's list)."""

    code: str
    label: Promise
    explanation: Promise
    weight: int


class Flag:
    NO_STEP = "no_step_14_days"
    FOLLOW_UP_OVERDUE = "follow_up_overdue"
    PROMISE_AT_RISK = "promise_at_risk"
    CERTIFICATE_EXPIRING = "certificate_expiring"
    BELOW_MINIMUM = "below_minimum"
    NO_CONTACT = "no_contact_30_days"


# In the order the dashboard lists them (the heaviest first).
FLAGS: dict[str, FlagInfo] = {
    info.code: info
    for info in (
        FlagInfo(
            Flag.PROMISE_AT_RISK,
            _("Promise at risk"),
            _(
                "A traject proposed to this coordinator has not started and the three-week "
                "promise has passed or ends within 3 days: an answer is needed soon."
            ),
            5,
        ),
        FlagInfo(
            Flag.FOLLOW_UP_OVERDUE,
            _("Follow-up overdue"),
            _("The plan was distributed and its follow-up was due before today."),
            4,
        ),
        FlagInfo(
            Flag.NO_STEP,
            _("No step for 14 days"),
            _(
                "The traject has had no step for 14 days (45 days once the plan is "
                "distributed, as the follow-up waits a month)."
            ),
            3,
        ),
        FlagInfo(
            Flag.CERTIFICATE_EXPIRING,
            _("Certificate expiring"),
            _("The certificate expires within 60 days."),
            3,
        ),
        FlagInfo(
            Flag.BELOW_MINIMUM,
            _("Below a minimum"),
            _("Intervision or supervision this year is below what the track asks."),
            2,
        ),
        FlagInfo(
            Flag.NO_CONTACT,
            _("No contact for 30 days"),
            _("You have not logged a contact with this coordinator for 30 days, or ever."),
            1,
        ),
    )
}
FLAG_CHOICES = [(info.code, info.label) for info in FLAGS.values()]
# ``get_phase_display`` builds a dict of the choices on every call.
_PHASE_LABELS = dict(Phase.choices)


@dataclass(frozen=True)
class CoordinatorRow:
    """One coordinator on the coach's dashboard, as of ``today``.

    ``traject``: their current traject (active, the one they work on now), or None.
    ``start_due_on`` and ``promise_days_left``: the three-week clock of a traject that has not
    started yet: one proposed to them and waiting for their answer (a traject starts when the
    coordinator accepts), the earliest due first (negative days: the promise has passed).
    ``last_contact``: the coach's last logged contact with them (any coach's contacts before a
    reassignment are not the new coach's)."""

    coordinator: User
    traject: Traject | None
    days_in_phase: int | None
    days_since_step: int | None
    start_due_on: datetime.date | None
    promise_days_left: int | None
    last_contact: datetime.date | None
    certificate_state: str
    certificate_valid_until: datetime.date | None
    counts: YearlyCounts
    flags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def name(self) -> str:
        return self.coordinator.get_full_name() or self.coordinator.email

    @property
    def short_name(self) -> str:
        """First name and the last name's initial: how the digest names a colleague."""
        first = self.coordinator.first_name.strip()
        last = self.coordinator.last_name.strip()
        if not first and not last:
            return self.coordinator.email.split("@", 1)[0]
        return f"{first} {last[:1]}.".strip() if last else first

    @property
    def reference(self) -> str:
        return self.traject.reference if self.traject else ""

    @property
    def phase(self) -> str:
        return self.traject.phase if self.traject else ""

    @property
    def phase_label(self) -> str:
        return str(_PHASE_LABELS[self.traject.phase]) if self.traject else ""

    @property
    def certificate_label(self) -> str:
        return CertificateState.label(self.certificate_state)

    @property
    def flag_infos(self) -> list[FlagInfo]:
        return [FLAGS[code] for code in self.flags]

    @property
    def weight(self) -> int:
        return sum(FLAGS[code].weight for code in self.flags)


def _last_step_at() -> Coalesce:
    """The moment of the traject's last step, or its registration's moment when it has none
    (as ``trajects.alerts`` computes it)."""
    last = (
        Step.objects.filter(registration_id=OuterRef("registration_id"))
        .order_by("-at", "-pk")
        .values("at")[:1]
    )
    return Coalesce(Subquery(last), F("registration__created_at"), output_field=DateTimeField())


def _fields(model: type[Model], prefix: str = "") -> list[str]:
    return [f"{prefix}{field.name}" for field in model._meta.concrete_fields]


# What the rows read of a traject's registration (its reference, its three-week clock): the
# registration's other thirty columns are not read from the database.
_REGISTRATION_READ = ("reference", "created_at")


def _current_trajects() -> QuerySet[Traject]:
    open_follow_up = FollowUp.objects.filter(
        traject=OuterRef("pk"), done_at__isnull=True, not_done_reason=""
    )
    return (
        Traject.objects.filter(phase__in=ACTIVE)
        .select_related("registration")
        .only(*_fields(Traject), *(f"registration__{name}" for name in _REGISTRATION_READ))
        .annotate(
            last_step_at=_last_step_at(),
            follow_up_due_on=Subquery(open_follow_up.values("due_on")[:1]),
        )
        .order_by("pk")
    )


def _pending_proposals() -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(state=ProposalState.PENDING)
        .select_related("traject__registration")
        .only(
            *_fields(Proposal),
            *_fields(Traject, "traject__"),
            *(f"traject__registration__{name}" for name in _REGISTRATION_READ),
        )
        .order_by("pk")
    )


def _current(trajects: list[Traject]) -> Traject | None:
    """The traject the coordinator works on now: the one in a busy phase (at most one, held by
    the database), else the latest."""
    if not trajects:
        return None
    return max(
        trajects,
        key=lambda traject: (
            traject.phase in COORDINATOR_BUSY,
            traject.started_at or traject.created_at,
            traject.pk,
        ),
    )


def _stall_days(phase: str) -> int:
    """Days without a step that make a traject stalled (``trajects.alerts``' rule)."""
    if phase == Phase.PLAN_DISTRIBUTED:
        return FOLLOW_UP_WAIT_DAYS + STALL_DAYS
    return STALL_DAYS


def _follow_up_overdue(traject: Traject, today: datetime.date) -> bool:
    due_on: datetime.date | None = traject.follow_up_due_on  # type: ignore[attr-defined]
    return traject.phase == Phase.PLAN_DISTRIBUTED and due_on is not None and due_on < today


def _flags(
    *,
    traject: Traject | None,
    trajects: list[Traject],
    days_since_step: int | None,
    promise_days_left: int | None,
    today: datetime.date,
    last_contact: datetime.date | None,
    state: str,
    counts: YearlyCounts,
) -> tuple[str, ...]:
    found: set[str] = set()
    if traject is not None and (
        traject.paused_at is None
        and days_since_step is not None
        and days_since_step >= _stall_days(traject.phase)
    ):
        found.add(Flag.NO_STEP)
    if any(_follow_up_overdue(other, today) for other in trajects):
        found.add(Flag.FOLLOW_UP_OVERDUE)
    if promise_days_left is not None and promise_days_left <= PROMISE_AT_RISK_DAYS:
        found.add(Flag.PROMISE_AT_RISK)
    if state == CertificateState.EXPIRING:
        found.add(Flag.CERTIFICATE_EXPIRING)
    if counts.below_minimum:
        found.add(Flag.BELOW_MINIMUM)
    if last_contact is None or (today - last_contact).days >= NO_CONTACT_DAYS:
        found.add(Flag.NO_CONTACT)
    return tuple(code for code in FLAGS if code in found)


def _row(coordinator: User, counts: YearlyCounts, today: datetime.date) -> CoordinatorRow:
    trajects: list[Traject] = coordinator.current_trajects  # type: ignore[attr-defined]
    traject = _current(trajects)
    days_in_phase = days_since_step = start_due_on = promise_days_left = None
    if traject is not None:
        days_in_phase = (today - timezone.localdate(traject.phase_since)).days
        last_step_at: datetime.datetime = traject.last_step_at  # type: ignore[attr-defined]
        days_since_step = (today - timezone.localdate(last_step_at)).days
    waiting = [traject] if traject is not None and traject.started_at is None else []
    waiting += [
        proposal.traject
        for proposal in coordinator.pending_proposals  # type: ignore[attr-defined]
        if proposal.traject.started_at is None and not proposal.traject.is_ended
    ]
    if waiting:
        start_due_on = min(waiting_traject.start_due_on(today) for waiting_traject in waiting)
        promise_days_left = (start_due_on - today).days
    state, certificate = certificate_state(coordinator.all_certificates, today)  # type: ignore[attr-defined]
    last_contact: datetime.date | None = coordinator.last_contact  # type: ignore[attr-defined]
    return CoordinatorRow(
        coordinator=coordinator,
        traject=traject,
        days_in_phase=days_in_phase,
        days_since_step=days_since_step,
        start_due_on=start_due_on,
        promise_days_left=promise_days_left,
        last_contact=last_contact,
        certificate_state=state,
        certificate_valid_until=certificate.valid_until if certificate is not None else None,
        counts=counts,
        flags=_flags(
            traject=traject,
            trajects=trajects,
            days_since_step=days_since_step,
            promise_days_left=promise_days_left,
            today=today,
            last_contact=last_contact,
            state=state,
            counts=counts,
        ),
    )


def _order(row: CoordinatorRow) -> tuple:
    """What needs the coach first: the heaviest flags, then the most flags, then the longest
    in their phase; ties by name."""
    days = row.days_in_phase if row.days_in_phase is not None else -1
    return (-row.weight, -len(row.flags), -days, row.name.lower(), row.coordinator.pk)


def _rows(
    *, coach: User, today: datetime.date, coordinator_id: int | None = None
) -> list[CoordinatorRow]:
    """The rows of the coordinators ``coach`` coaches today (only ``coordinator_id``'s when
    given), unsorted. Five queries whatever their number."""
    last_contact = (
        Contact.objects.filter(coach=coach, coordinator=OuterRef("pk"))
        .order_by("-occurred_on")
        .values("occurred_on")[:1]
    )
    coached = coordinators_of(coach)
    if coordinator_id is not None:
        coached = coached.filter(pk=coordinator_id)
    coordinators = list(
        coached.annotate(last_contact=Subquery(last_contact))
        .prefetch_related(
            Prefetch(
                "certificates",
                queryset=Certificate.objects.select_related("track").only(
                    *_fields(Certificate),
                    "track__intervision_per_year",
                    "track__supervision_per_year",
                ),
                to_attr="all_certificates",
            ),
            Prefetch("trajects", queryset=_current_trajects(), to_attr="current_trajects"),
            Prefetch("proposals", queryset=_pending_proposals(), to_attr="pending_proposals"),
        )
        .order_by("pk")
    )
    minimums = {
        coordinator.pk: minimums_of(coordinator.all_certificates, today)
        for coordinator in coordinators
    }
    counts = yearly_counts(minimums, today, minimums=minimums)
    return [_row(coordinator, counts[coordinator.pk], today) for coordinator in coordinators]


def coach_dashboard(*, coach: User, today: datetime.date | None = None) -> list[CoordinatorRow]:
    """The coordinators ``coach`` coaches today, each a ``CoordinatorRow``, what needs the coach
    first. Five queries whatever their number."""
    return sorted(_rows(coach=coach, today=today or timezone.localdate()), key=_order)


def coach_dashboard_row(
    *, coach: User, coordinator_id: int, today: datetime.date | None = None
) -> CoordinatorRow | None:
    """The dashboard's row of one coordinator (None when ``coach`` does not coach them), read
    for that coordinator alone. Five queries."""
    rows = _rows(coach=coach, today=today or timezone.localdate(), coordinator_id=coordinator_id)
    return rows[0] if rows else None


def flag_counts(rows: list[CoordinatorRow]) -> list[tuple[FlagInfo, int]]:
    """How many rows carry each flag, every flag listed (in ``FLAGS``' order)."""
    return [(info, sum(1 for row in rows if code in row.flags)) for code, info in FLAGS.items()]


# --- Sessions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class UpcomingSession:
    session: Session
    coming: int
    not_coming: int
    no_reply: int
    url: str


def _with_replies(sessions: QuerySet[Session], limit: int | None = None) -> list[UpcomingSession]:
    annotated = sessions.annotate(
        coming=Count("invitations", filter=Q(invitations__reply=Reply.COMING)),
        not_coming=Count("invitations", filter=Q(invitations__reply=Reply.NOT_COMING)),
        no_reply=Count("invitations", filter=Q(invitations__reply=Reply.PENDING)),
    ).order_by("starts_at", "pk")
    if limit is not None:
        annotated = annotated[:limit]
    return [
        UpcomingSession(
            session=session,
            coming=session.coming,
            not_coming=session.not_coming,
            no_reply=session.no_reply,
            url=reverse("coaching:session_detail", kwargs={"pk": session.pk}),
        )
        for session in annotated
    ]


def upcoming_sessions(
    *, coach: User, now: datetime.datetime | None = None, limit: int = 10
) -> list[UpcomingSession]:
    """The sessions ``coach`` leads that have not ended, soonest first, with their replies.
    One query."""
    sessions = Session.objects.upcoming(now).filter(facilitator=coach)
    return _with_replies(sessions, limit)


def sessions_between(
    *, coach: User, start: datetime.datetime, end: datetime.datetime
) -> list[UpcomingSession]:
    """The sessions ``coach`` leads that start in [start, end), not cancelled. One query."""
    sessions = Session.objects.filter(
        facilitator=coach, cancelled_at__isnull=True, starts_at__gte=start, starts_at__lt=end
    )
    return _with_replies(sessions)


@dataclass(frozen=True)
class HeldSession:
    session: Session
    url: str


def sessions_awaiting_attendance(
    *, coach: User, now: datetime.datetime | None = None, limit: int = 10
) -> list[HeldSession]:
    """The sessions ``coach`` led that have ended without their attendance recorded, latest
    first, each with the link to record it. One query."""
    sessions = (
        Session.objects.held(now)
        .filter(facilitator=coach, attendance_recorded_at__isnull=True)
        .order_by("-starts_at", "-pk")[:limit]
    )
    return [
        HeldSession(
            session=session,
            url=reverse("coaching:session_attendance", kwargs={"pk": session.pk}),
        )
        for session in sessions
    ]
