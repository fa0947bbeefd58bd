"""Reads for the coach's dashboard (/coach/): one row per coordinator they coach today, with what
needs the coach's attention (the flags), and the coach's upcoming sessions with their replies.

``coach_dashboard`` answers in five statements whatever the number of coordinators: the
coordinators with their last contact, their certificates (with their track's minimums), their
current trajects, the proposals waiting for their answer, and the sessions attended this year
(as ``coaching.selectors.yearly_counts`` counts them), each written out (below). Everything
else is computed in Python from those rows.
"""

from __future__ import annotations

import datetime
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import connection
from django.db.models import Field, Model
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from coaching.models import Contact, Invitation, Reply, Session, SessionKind
from coaching.selectors import YearlyCounts, minimums_of
from people.models import CoachAssignment, User
from training.certificates.models import Certificate
from training.learning.models import Track
from training.volunteers.selectors import CertificateState, certificate_state
from trajects.figures.selectors import FOLLOW_UP_WAIT_DAYS, STALL_DAYS
from trajects.matching.models import Proposal, ProposalState
from trajects.models import Registration
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


# --- Reading the rows ---------------------------------------------------------------------------
#
# The statements written out (``people.roles`` does the same for the roles): on every request
# the ORM took several times longer to build the prefetches and their subqueries, and to make
# their model instances, than the database took to run them. Only table and column names from
# the models are formatted in; every value is a parameter. Each value read is converted as the
# ORM converts its field (SQLite hands dates and moments over as text).


def _table(model: type[Model]) -> str:
    return model._meta.db_table


def _field(model: type[Model], name: str) -> Field:
    return cast(Field, model._meta.get_field(name))


def _column(model: type[Model], name: str) -> str:
    return cast(str, _field(model, name).column)


# Per database backend (its operations object) and tuple of fields: which values to convert and
# how. It depends on the fields' types and the backend only, so it is worked out once.
_CONVERSIONS: weakref.WeakKeyDictionary[Any, dict[tuple[Field, ...], list[tuple]]] = (
    weakref.WeakKeyDictionary()
)


def _reader(fields: list[Field]) -> Callable[[Sequence[Any]], list[Any]]:
    """Converts a row of raw values read for ``fields`` (in that order) as the ORM does
    (``SQLCompiler.get_converters``)."""
    ops = connection.ops
    database = ops.connection
    known = _CONVERSIONS.setdefault(ops, {})
    key = tuple(fields)
    steps = known.get(key)
    if steps is None:
        steps = []
        for index, model_field in enumerate(fields):
            column = model_field.get_col(_table(model_field.model))
            converters = ops.get_db_converters(column) + column.get_db_converters(database)
            if converters:
                steps.append((index, converters, column))
        known[key] = steps

    def read(row: Sequence[Any]) -> list[Any]:
        values = list(row)
        for index, converters, column in steps:
            value = values[index]
            if value is not None:
                for converter in converters:
                    value = converter(value, column, database)
                values[index] = value
        return values

    return read


def _coached_sql(coordinator_id: int | None) -> tuple[str, list[Any]]:
    """The ids of the coordinators ``coach`` coaches today (``people.access.coordinators_of``),
    as a subquery with its parameters after the coach's id."""
    assignment = CoachAssignment
    sql = (
        f"SELECT a.{_column(assignment, 'coordinator')} FROM {_table(assignment)} a"  # noqa: S608
        f" JOIN {_table(User)} u ON u.{_column(User, 'id')} = a.{_column(assignment, 'coordinator')}"
        f" WHERE a.{_column(assignment, 'coach')} = %s AND a.{_column(assignment, 'ends_on')} IS NULL"
        f" AND u.{_column(User, 'is_active')} = %s"
    )
    params: list[Any] = [True]
    if coordinator_id is not None:
        sql += f" AND u.{_column(User, 'id')} = %s"
        params.append(coordinator_id)
    return sql, params


def _in_model_order(model: type[Model], *names: str) -> tuple[str, ...]:
    """``names`` (attribute names) in the order of the model's fields: the order
    ``Model.from_db`` takes the values of some of them in."""
    order = [field.attname for field in model._meta.concrete_fields]
    return tuple(sorted(names, key=order.index))


_USER_READ = _in_model_order(User, "id", "first_name", "last_name", "email")


def _coordinators(
    cursor: Any, coach: User, coordinator_id: int | None
) -> list[tuple[User, datetime.date | None]]:
    """The coordinators ``coach`` coaches today (their names), each with the day of the coach's
    last contact with them, by id."""
    params: list[Any] = [True] if coordinator_id is None else [True, coordinator_id]
    user_columns = ", ".join(f"u.{_column(User, name)}" for name in _USER_READ)
    contact = Contact
    cursor.execute(
        f"SELECT {user_columns}, (SELECT MAX(c.{_column(contact, 'occurred_on')})"  # noqa: S608
        f" FROM {_table(contact)} c WHERE c.{_column(contact, 'coach')} = %s"
        f" AND c.{_column(contact, 'coordinator')} = u.{_column(User, 'id')})"
        f" FROM {_table(User)} u JOIN {_table(CoachAssignment)} a"
        f" ON a.{_column(CoachAssignment, 'coordinator')} = u.{_column(User, 'id')}"
        f" WHERE a.{_column(CoachAssignment, 'coach')} = %s"
        f" AND a.{_column(CoachAssignment, 'ends_on')} IS NULL"
        f" AND u.{_column(User, 'is_active')} = %s"
        + (f" AND u.{_column(User, 'id')} = %s" if coordinator_id is not None else "")
        + f" ORDER BY u.{_column(User, 'id')}",
        [coach.pk, coach.pk, *params],
    )
    fields = [_field(User, name) for name in _USER_READ]
    read = _reader([*fields, _field(Contact, "occurred_on")])
    db = connection.alias
    coordinators = []
    for row in cursor.fetchall():
        values = read(row)
        coordinators.append((User.from_db(db, _USER_READ, values[:-1]), values[-1]))
    return coordinators


_CERTIFICATE_READ = _in_model_order(
    Certificate, "id", "user_id", "track_id", "issued_on", "valid_until", "revoked_at"
)
_TRACK_MINIMUMS = _in_model_order(Track, "intervision_per_year", "supervision_per_year")


def _certificates(
    cursor: Any, coach: User, coordinator_id: int | None
) -> dict[int, list[Certificate]]:
    """Each coordinator's certificates (what their state and minimums read), each with its
    track's minimums, in ``Certificate``'s order (the latest issued first)."""
    coached, params = _coached_sql(coordinator_id)
    columns = [f"c.{_column(Certificate, name)}" for name in _CERTIFICATE_READ]
    columns += [f"t.{_column(Track, name)}" for name in _TRACK_MINIMUMS]
    cursor.execute(
        f"SELECT {', '.join(columns)} FROM {_table(Certificate)} c"  # noqa: S608
        f" JOIN {_table(Track)} t ON t.{_column(Track, 'id')} = c.{_column(Certificate, 'track')}"
        f" WHERE c.{_column(Certificate, 'user')} IN ({coached})"
        f" ORDER BY c.{_column(Certificate, 'issued_on')} DESC, c.{_column(Certificate, 'id')} DESC",
        [coach.pk, *params],
    )
    fields = [_field(Certificate, name) for name in _CERTIFICATE_READ]
    read = _reader([*fields, *(_field(Track, name) for name in _TRACK_MINIMUMS)])
    attnames = [field.attname for field in fields]
    db = connection.alias
    certificates: dict[int, list[Certificate]] = {}
    tracks: dict[int, Track] = {}  # a track made once for all its certificates
    for row in cursor.fetchall():
        values = read(row)
        certificate = Certificate.from_db(db, attnames, values[: len(attnames)])
        track = tracks.get(certificate.track_id)
        if track is None:
            track = tracks[certificate.track_id] = Track.from_db(
                db, ("id", *_TRACK_MINIMUMS), [certificate.track_id, *values[len(attnames) :]]
            )
        certificate.track = track
        certificates.setdefault(certificate.user_id, []).append(certificate)
    return certificates


# What a traject's rows read of its registration (its reference, its three-week clock).
_REGISTRATION_READ = _in_model_order(Registration, "id", "reference", "created_at")


def _trajects(
    cursor: Any, *, owner_sql: str, joins: str, where: str, params: list[Any], extra: bool
) -> tuple[list[tuple[int, Sequence[Any]]], Callable[[Sequence[Any]], Traject]]:
    """Trajects with their registration (``_REGISTRATION_READ``), each as the id of the
    coordinator it is read for (``owner_sql``) and its values as read (``_TRAJECT_AT`` says
    where some are), and what makes a ``Traject`` of those values; ``extra``: with the moment
    of its last step and the day its open follow-up is due (``last_step_at``,
    ``follow_up_due_on``, the last two values)."""
    traject_fields = Traject._meta.concrete_fields
    registration_fields = [_field(Registration, name) for name in _REGISTRATION_READ]
    columns = [f"t.{field.column}" for field in traject_fields]
    columns += [f"r.{field.column}" for field in registration_fields]
    fields: list[Field] = [*traject_fields, *registration_fields]
    if extra:
        step, follow_up = Step, FollowUp
        columns.append(
            f"COALESCE((SELECT s.{_column(step, 'at')} FROM {_table(step)} s"  # noqa: S608
            f" WHERE s.{_column(step, 'registration')} = t.{_column(Traject, 'registration')}"
            f" ORDER BY s.{_column(step, 'at')} DESC, s.{_column(step, 'id')} DESC LIMIT 1),"
            f" r.{_column(Registration, 'created_at')})"
        )
        columns.append(
            f"(SELECT f.{_column(follow_up, 'due_on')} FROM {_table(follow_up)} f"  # noqa: S608
            f" WHERE f.{_column(follow_up, 'traject')} = t.{_column(Traject, 'id')}"
            f" AND f.{_column(follow_up, 'done_at')} IS NULL"
            f" AND f.{_column(follow_up, 'not_done_reason')} = %s LIMIT 1)"
        )
        fields += [_field(Step, "at"), _field(FollowUp, "due_on")]
        params = ["", *params]
    cursor.execute(
        f"SELECT {owner_sql}, {', '.join(columns)} FROM {_table(Traject)} t"  # noqa: S608
        f" JOIN {_table(Registration)} r"
        f" ON r.{_column(Registration, 'id')} = t.{_column(Traject, 'registration')}"
        f"{joins} WHERE {where} ORDER BY t.{_column(Traject, 'id')}",
        params,
    )
    read = _reader(fields)
    attnames = [field.attname for field in traject_fields]
    size = len(attnames)
    db = connection.alias

    def build(raw: Sequence[Any]) -> Traject:
        values = read(raw)
        traject = Traject.from_db(db, attnames, values[:size])
        traject.registration = Registration.from_db(
            db, _REGISTRATION_READ, values[size : size + len(_REGISTRATION_READ)]
        )
        if extra:
            traject.last_step_at, traject.follow_up_due_on = values[-2:]  # type: ignore[attr-defined]
        return traject

    return [(row[0], row[1:]) for row in cursor.fetchall()], build


# Where ``_trajects`` reads some of a traject's values (its concrete fields come first).
_TRAJECT_AT = {
    name: index
    for index, name in enumerate(field.attname for field in Traject._meta.concrete_fields)
}


def _current_trajects(
    cursor: Any, coach: User, coordinator_id: int | None, today: datetime.date
) -> dict[int, tuple[Traject, bool]]:
    """Each coordinator's current traject, with its last step and open follow-up, and whether
    the follow-up of any of their trajects in an active phase is overdue (the plan distributed,
    the follow-up due before ``today``). The current one: the traject the coordinator works on
    now, the one in a busy phase (at most one, held by the database), else the latest. Only
    the current ones are made ``Traject`` objects."""
    coached, params = _coached_sql(coordinator_id)
    phases = sorted(ACTIVE)
    coordinator = f"t.{_column(Traject, 'coordinator')}"
    found, build = _trajects(
        cursor,
        owner_sql=coordinator,
        joins="",
        where=(
            f"{coordinator} IN ({coached})"
            f" AND t.{_column(Traject, 'phase')} IN ({', '.join(['%s'] * len(phases))})"
        ),
        params=[coach.pk, *params, *phases],
        extra=True,
    )
    by_owner: dict[int, list[Sequence[Any]]] = {}
    for owner, values in found:
        by_owner.setdefault(owner, []).append(values)
    phase_at, id_at = _TRAJECT_AT["phase"], _TRAJECT_AT["id"]
    started_at, created_at = _TRAJECT_AT["started_at"], _TRAJECT_AT["created_at"]
    due_on = _reader([_field(FollowUp, "due_on")])
    current = {}
    for owner, rows in by_owner.items():
        # The order on the values as read: moments read alike (SQLite's as text
        # or naive UTC, PostgreSQL's aware) compare as the moments do.
        chosen = max(
            rows,
            key=lambda values: (
                values[phase_at] in COORDINATOR_BUSY,
                values[started_at] or values[created_at],
                values[id_at],
            ),
        )
        overdue = any(
            values[phase_at] == Phase.PLAN_DISTRIBUTED
            and values[-1] is not None
            and due_on([values[-1]])[0] < today
            for values in rows
        )
        current[owner] = (build(chosen), overdue)
    return current


def _proposed_trajects(
    cursor: Any, coach: User, coordinator_id: int | None
) -> dict[int, list[Traject]]:
    """Each coordinator's trajects proposed to them and waiting for their answer."""
    coached, params = _coached_sql(coordinator_id)
    proposal = Proposal
    owner = f"p.{_column(proposal, 'coordinator')}"
    found, build = _trajects(
        cursor,
        owner_sql=owner,
        joins=(
            f" JOIN {_table(proposal)} p"
            f" ON p.{_column(proposal, 'traject')} = t.{_column(Traject, 'id')}"
        ),
        where=f"p.{_column(proposal, 'state')} = %s AND {owner} IN ({coached})",
        params=[ProposalState.PENDING, coach.pk, *params],
        extra=False,
    )
    trajects: dict[int, list[Traject]] = {}
    for owner_id, values in found:
        trajects.setdefault(owner_id, []).append(build(values))
    return trajects


def _yearly_counts(
    cursor: Any,
    coach: User,
    coordinator_id: int | None,
    minimums: dict[int, tuple[int, int]],
    today: datetime.date,
) -> dict[int, YearlyCounts]:
    """Each coordinator's ``YearlyCounts`` (``coaching.selectors.yearly_counts``: the sessions
    attended in ``today``'s year, Brussels time, cancelled ones not counted) against the
    ``minimums`` read from their certificates."""
    coached, params = _coached_sql(coordinator_id)
    invitation, session = Invitation, Session
    kind = f"s.{_column(session, 'kind')}"
    cursor.execute(
        f"SELECT i.{_column(invitation, 'coordinator')},"  # noqa: S608
        f" COUNT(CASE WHEN {kind} = %s THEN 1 END), COUNT(CASE WHEN {kind} = %s THEN 1 END)"
        f" FROM {_table(invitation)} i JOIN {_table(session)} s"
        f" ON s.{_column(session, 'id')} = i.{_column(invitation, 'session')}"
        f" WHERE i.{_column(invitation, 'coordinator')} IN ({coached})"
        f" AND i.{_column(invitation, 'attended')} = %s"
        f" AND s.{_column(session, 'cancelled_at')} IS NULL"
        f" AND s.{_column(session, 'starts_at')} BETWEEN %s AND %s"
        f" GROUP BY i.{_column(invitation, 'coordinator')}",
        [
            SessionKind.INTERVISION,
            SessionKind.SUPERVISION,
            coach.pk,
            *params,
            True,
            *connection.ops.year_lookup_bounds_for_datetime_field(today.year),
        ],
    )
    attended = {row[0]: (row[1], row[2]) for row in cursor.fetchall()}
    counts = {}
    for user_id, (intervision_required, supervision_required) in minimums.items():
        intervision, supervision = attended.get(user_id, (0, 0))
        counts[user_id] = YearlyCounts(
            intervision=intervision,
            intervision_required=intervision_required,
            supervision=supervision,
            supervision_required=supervision_required,
        )
    return counts


def _stall_days(phase: str) -> int:
    """Days without a step that make a traject stalled (``trajects.alerts``' rule)."""
    if phase == Phase.PLAN_DISTRIBUTED:
        return FOLLOW_UP_WAIT_DAYS + STALL_DAYS
    return STALL_DAYS


def _flags(
    *,
    traject: Traject | None,
    follow_up_overdue: bool,
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
    if follow_up_overdue:
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


def _row(
    coordinator: User,
    *,
    traject: Traject | None,
    follow_up_overdue: bool,
    proposed: list[Traject],
    certificates: list[Certificate],
    last_contact: datetime.date | None,
    counts: YearlyCounts,
    today: datetime.date,
) -> CoordinatorRow:
    days_in_phase = days_since_step = start_due_on = promise_days_left = None
    if traject is not None:
        days_in_phase = (today - timezone.localdate(traject.phase_since)).days
        last_step_at: datetime.datetime = traject.last_step_at  # type: ignore[attr-defined]
        days_since_step = (today - timezone.localdate(last_step_at)).days
    waiting = [traject] if traject is not None and traject.started_at is None else []
    waiting += [
        proposed_traject
        for proposed_traject in proposed
        if proposed_traject.started_at is None and not proposed_traject.is_ended
    ]
    if waiting:
        start_due_on = min(waiting_traject.start_due_on(today) for waiting_traject in waiting)
        promise_days_left = (start_due_on - today).days
    state, certificate = certificate_state(certificates, today)
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
            follow_up_overdue=follow_up_overdue,
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
    with connection.cursor() as cursor:
        coordinators = _coordinators(cursor, coach, coordinator_id)
        if not coordinators:
            return []
        certificates = _certificates(cursor, coach, coordinator_id)
        current = _current_trajects(cursor, coach, coordinator_id, today)
        proposed = _proposed_trajects(cursor, coach, coordinator_id)
        minimums = {
            coordinator.pk: minimums_of(certificates.get(coordinator.pk, ()), today)
            for coordinator, _last_contact in coordinators
        }
        counts = _yearly_counts(cursor, coach, coordinator_id, minimums, today)
    return [
        _row(
            coordinator,
            traject=current.get(coordinator.pk, (None, False))[0],
            follow_up_overdue=current.get(coordinator.pk, (None, False))[1],
            proposed=proposed.get(coordinator.pk, []),
            certificates=certificates.get(coordinator.pk, []),
            last_contact=last_contact,
            counts=counts[coordinator.pk],
            today=today,
        )
        for coordinator, last_contact in coordinators
    ]


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


def _pk_url_maker(name: str) -> Callable[[int], str]:
    """``reverse(name, kwargs={"pk": pk})`` for many pks, reversed once."""
    placeholder = 987_654_321_987
    head, tail = reverse(name, kwargs={"pk": placeholder}).split(str(placeholder))
    return lambda pk: f"{head}{int(pk)}{tail}"


def _sessions(
    *, coach: User, where: str, params: list[Any], order: str, limit: int | None, replies: bool
) -> list[tuple[Session, list[int]]]:
    """The sessions ``coach`` leads that match ``where`` (on ``s``, not cancelled), in
    ``order``, each with its invitations' replies (coming, not coming, none yet) when
    ``replies``. One query, written out (see "Reading the rows")."""
    session, invitation = Session, Invitation
    fields = list(session._meta.concrete_fields)
    columns = [f"s.{field.column}" for field in fields]
    reply_params: list[Any] = []
    if replies:
        for reply in (Reply.COMING, Reply.NOT_COMING, Reply.PENDING):
            columns.append(
                f"(SELECT COUNT(*) FROM {_table(invitation)} i"  # noqa: S608
                f" WHERE i.{_column(invitation, 'session')} = s.{_column(session, 'id')}"
                f" AND i.{_column(invitation, 'reply')} = %s)"
            )
            reply_params.append(reply)
    sql = (
        f"SELECT {', '.join(columns)} FROM {_table(session)} s"  # noqa: S608
        f" WHERE s.{_column(session, 'facilitator')} = %s"
        f" AND s.{_column(session, 'cancelled_at')} IS NULL AND {where} ORDER BY {order}"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*reply_params, coach.pk, *params])
        rows = cursor.fetchall()
    read = _reader(fields)
    attnames = [field.attname for field in fields]
    db = connection.alias
    size = len(attnames)
    return [(session.from_db(db, attnames, read(row[:size])), list(row[size:])) for row in rows]


def _with_replies(
    coach: User, where: str, params: list[Any], limit: int | None = None
) -> list[UpcomingSession]:
    url = _pk_url_maker("coaching:session_detail")
    starts_at, pk = _column(Session, "starts_at"), _column(Session, "id")
    return [
        UpcomingSession(
            session=session,
            coming=coming,
            not_coming=not_coming,
            no_reply=no_reply,
            url=url(session.pk),
        )
        for session, (coming, not_coming, no_reply) in _sessions(
            coach=coach,
            where=where,
            params=params,
            order=f"s.{starts_at}, s.{pk}",
            limit=limit,
            replies=True,
        )
    ]


def upcoming_sessions(
    *, coach: User, now: datetime.datetime | None = None, limit: int = 10
) -> list[UpcomingSession]:
    """The sessions ``coach`` leads that have not ended (``Session.objects.upcoming``), soonest
    first, with their replies. One query."""
    adapt = connection.ops.adapt_datetimefield_value
    where = f"s.{_column(Session, 'ends_at')} > %s"
    return _with_replies(coach, where, [adapt(now or timezone.now())], limit)


def sessions_between(
    *, coach: User, start: datetime.datetime, end: datetime.datetime
) -> list[UpcomingSession]:
    """The sessions ``coach`` leads that start in [start, end), not cancelled. One query."""
    adapt = connection.ops.adapt_datetimefield_value
    starts_at = f"s.{_column(Session, 'starts_at')}"
    where = f"{starts_at} >= %s AND {starts_at} < %s"
    return _with_replies(coach, where, [adapt(start), adapt(end)])


@dataclass(frozen=True)
class HeldSession:
    session: Session
    url: str


def sessions_awaiting_attendance(
    *, coach: User, now: datetime.datetime | None = None, limit: int = 10
) -> list[HeldSession]:
    """The sessions ``coach`` led that have ended without their attendance recorded
    (``Session.objects.held``), latest first, each with the link to record it. One query."""
    url = _pk_url_maker("coaching:session_attendance")
    starts_at, pk = _column(Session, "starts_at"), _column(Session, "id")
    where = (
        f"s.{_column(Session, 'ends_at')} <= %s"
        f" AND s.{_column(Session, 'attendance_recorded_at')} IS NULL"
    )
    held = _sessions(
        coach=coach,
        where=where,
        params=[connection.ops.adapt_datetimefield_value(now or timezone.now())],
        order=f"s.{starts_at} DESC, s.{pk} DESC",
        limit=limit,
        replies=False,
    )
    return [HeldSession(session=session, url=url(session.pk)) for session, _replies in held]
