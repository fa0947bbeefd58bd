"""Trajects: what a registration becomes once staff accept it, and the timeline of both.

A traject moves through its phases only by the services in ``trajects.traject.services``, which
check ``Traject.can_move_to`` and write a ``Step`` for every move: who, when, an optional note.
The timeline of a registration (intake) and of its traject are the same rows.

Personal data: a traject holds none of its own (the family's details stay on the registration);
its steps hold a note that staff write, read only through ``visible_to``.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.access import access_for, coordinators_of
from people.models import Region
from people.roles import Role
from trajects.models.registrations import START_PROMISE_DAYS, Registration


class Phase(models.TextChoices):
    MATCHING = "matching", _("Matching")
    PREPARATION = "preparation", _("Preparation")
    CONFERENCE_PLANNED = "conference_planned", _("Conference planned")
    PLAN_MADE = "plan_made", _("Plan made")
    PLAN_DISTRIBUTED = "plan_distributed", _("Plan distributed")
    FOLLOW_UP_DONE = "follow_up_done", _("Follow-up done")
    CLOSED = "closed", _("Closed")
    STOPPED = "stopped", _("Stopped")


# The route, one step forward at a time; a traject may stop from any phase before it closes.
NEXT_PHASE: dict[str, str] = {
    Phase.MATCHING: Phase.PREPARATION,
    Phase.PREPARATION: Phase.CONFERENCE_PLANNED,
    Phase.CONFERENCE_PLANNED: Phase.PLAN_MADE,
    Phase.PLAN_MADE: Phase.PLAN_DISTRIBUTED,
    Phase.PLAN_DISTRIBUTED: Phase.FOLLOW_UP_DONE,
    Phase.FOLLOW_UP_DONE: Phase.CLOSED,
}
# Besides the next phase: a traject closes without its follow-up once the reason why not is
# recorded (``trajects.workspace.services.traject_close_without_follow_up`` checks that).
SKIPS = frozenset({(Phase.PLAN_DISTRIBUTED, Phase.CLOSED)})
ENDED = frozenset({Phase.CLOSED, Phase.STOPPED})
# The phases in which a coordinator works on the traject: at most one such traject each.
COORDINATOR_BUSY = frozenset({Phase.PREPARATION, Phase.CONFERENCE_PLANNED, Phase.PLAN_MADE})
ACTIVE = frozenset(set(Phase.values) - ENDED)


class StopReason(models.TextChoices):
    NETWORK_TOO_SMALL = "network_too_small", _("The network is too small")
    SITUATION_CHANGED = "situation_changed", _("The situation has changed")
    PLAN_ELSEWHERE = "plan_elsewhere", _("A plan was already made elsewhere")
    AGREEMENT_WITHDRAWN = "agreement_withdrawn", _("The core person withdrew their agreement")
    OTHER = "other", _("Other")


class TrajectQuerySet(models.QuerySet):
    def visible_to(self, user) -> TrajectQuerySet:
        """Regional staff: their regions' trajects; administrators: all; anyone else: none.
        The coordinator's own trajects are ``for_coordinator``."""
        access = access_for(user)
        if access.is_administrator:
            return self.all()
        if access.has(Role.REGIONAL_STAFF):
            return self.filter(region_id__in=access.region_ids)
        return self.none()

    def for_coordinator(self, user) -> TrajectQuerySet:
        """The trajects ``user`` took on as coordinator (a proposal is not one yet)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(coordinator=user)

    def for_coach(self, user) -> TrajectQuerySet:
        """The trajects of the coordinators ``user`` coaches today (read-only for them)."""
        if not user.is_authenticated or not access_for(user).has(Role.COACH):
            return self.none()
        return self.filter(coordinator__in=coordinators_of(user).values("pk"))

    def active(self) -> TrajectQuerySet:
        return self.filter(phase__in=ACTIVE)


class Traject(models.Model):
    """One case, from an accepted registration to the follow-up (an EKC-traject)."""

    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.PROTECT,
        related_name="traject",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.MATCHING
    )
    phase_since = models.DateTimeField(_("in this phase since"), default=timezone.now)
    created_at = models.DateTimeField(_("accepted on"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started on"), null=True, blank=True)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trajects",
    )
    paused_at = models.DateTimeField(_("paused since"), null=True, blank=True)
    paused_days = models.PositiveIntegerField(
        _("days paused"),
        default=0,
        help_text=_("Days paused before the start: they do not count against the promise."),
    )
    stop_reason = models.CharField(
        _("reason for stopping"), max_length=30, choices=StopReason.choices, blank=True
    )
    # The moment of the registration's newest step (``Step.at``), None without any: kept by
    # ``step_record`` (and ``traject_newest_step_refresh`` where steps are moved), so that the
    # dashboard reads from the row whether a traject stalled instead of asking its steps.
    newest_step_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_learning = models.BooleanField(
        _("learning traject"),
        default=False,
        help_text=_(
            "The coordinator's first traject, taken before the coach's sign-off: the coach "
            "follows it and signs off from it when it closes."
        ),
    )

    objects = TrajectQuerySet.as_manager()

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajects")
        constraints = [
            # A coordinator supports one traject at a time (PROCESS.md), held by the database.
            models.UniqueConstraint(
                fields=["coordinator"],
                condition=Q(phase__in=sorted(COORDINATOR_BUSY)),
                name="traject_one_active_per_coordinator",
            ),
            models.CheckConstraint(
                condition=Q(phase=Phase.STOPPED, stop_reason__gt="")
                | (~Q(phase=Phase.STOPPED) & Q(stop_reason="")),
                name="traject_stop_reason_when_stopped",
            ),
            models.CheckConstraint(
                condition=Q(phase=Phase.MATCHING)
                | Q(phase=Phase.STOPPED)
                | Q(coordinator__isnull=False),
                name="traject_coordinator_after_matching",
            ),
        ]
        indexes = [
            # With ``paused_at``, the dashboard counts the trajects per phase from the index alone.
            models.Index(
                fields=["region", "phase", "paused_at"], name="traject_region_phase_paused"
            )
        ]

    def __str__(self) -> str:
        return self.registration.reference

    @property
    def reference(self) -> str:
        return self.registration.reference

    @property
    def is_ended(self) -> bool:
        return self.phase in ENDED

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    @property
    def next_phase(self) -> str | None:
        return NEXT_PHASE.get(self.phase)

    def refusal_to_move(self, to: str) -> str | None:
        """Why the traject cannot move to phase ``to`` now, or None when it can."""
        if self.is_ended:
            return str(_("This traject has ended."))
        if self.is_paused:
            return str(_("This traject is paused: resume it first."))
        if to != self.next_phase and (self.phase, to) not in SKIPS:
            return str(_("A traject moves one phase at a time, in order."))
        if to == Phase.PREPARATION and self.coordinator_id is None:
            return str(_("The preparation starts once a coordinator has been matched."))
        return None

    def days_paused_so_far(self, today: date | None = None) -> int:
        """Days paused before the start, the current pause included."""
        today = today or timezone.localdate()
        current = 0
        if self.paused_at is not None and self.started_at is None:
            current = (today - timezone.localdate(self.paused_at)).days
        return self.paused_days + current

    def start_due_on(self, today: date | None = None) -> date:
        """The last day of the three-week promise, later by the days paused before the start."""
        registered = timezone.localdate(self.registration.created_at)
        return registered + timedelta(days=START_PROMISE_DAYS + self.days_paused_so_far(today))

    def past_start_promise(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        if self.started_at is not None:
            return timezone.localdate(self.started_at) > self.start_due_on(today)
        return not self.is_ended and today > self.start_due_on(today)


class StepKind(models.TextChoices):
    INTAKE_STARTED = "intake_started", _("Intake started")
    ACCEPTED = "accepted", _("Accepted: the traject begins")
    DECLINED = "declined", _("Not accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DUPLICATE = "duplicate", _("Marked as a duplicate")
    PHASE = "phase", _("Next phase")
    PAUSED = "paused", _("Paused")
    RESUMED = "resumed", _("Resumed")
    STOPPED = "stopped", _("Stopped")
    PROPOSED = "proposed", _("Coordinator proposed")
    PROPOSAL_ACCEPTED = "proposal_accepted", _("The coordinator accepted: the traject starts")
    PROPOSAL_DECLINED = "proposal_declined", _("The coordinator declined")
    PROPOSAL_EXPIRED = "proposal_expired", _("No answer from the coordinator in time")
    PROPOSAL_WITHDRAWN = "proposal_withdrawn", _("Proposal withdrawn")
    SIGNED_OFF = "signed_off", _("The coach signed off the learning traject")


class Step(models.Model):
    """One move in the timeline of a registration and its traject: what, who, when, a note."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="steps"
    )
    kind = models.CharField(_("what"), max_length=20, choices=StepKind.choices)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator concerned"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Matching: the coordinator proposed, or who answered."),
    )

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["at", "pk"]
        # The dashboard asks of every active traject whether its registration had a step lately.
        indexes = [models.Index(fields=["registration", "at"], name="step_registration_at")]

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.kind}"
