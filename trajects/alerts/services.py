"""Writes for staff's alerts: schedule a traject's promise alerts, find the stalled trajects and
overdue follow-ups, send what is due, and the e-mail.

Safe to run twice or at once: the finder inserts with ``ignore_conflicts`` and leans on the
unique constraints (one row per traject, kind and due moment; one follow-up alert per traject),
so two runs at once write one row; the sender locks the due rows (``skip_locked``) and marks
each sent or cancelled in the transaction that writes its outbox message.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import DateTimeField, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from people.links import absolute_url
from people.outbox import outbox_add
from people.regions import staff_recipient
from trajects.alerts.models import ALERT_DAYS, ALERT_HOUR, PROMISE_KINDS, Alert, AlertKind
from trajects.figures.selectors import FOLLOW_UP_WAIT_DAYS, STALL_DAYS
from trajects.traject.models import ACTIVE, Phase, Step, Traject
from trajects.workspace.models import FollowUp

logger = logging.getLogger(__name__)

TOPIC_ALERT = "trajects.alert"
BATCH_SIZE = 100


def _due_at(traject: Traject, days: int) -> datetime.datetime:
    registered = timezone.localdate(traject.registration.created_at)
    day = registered + datetime.timedelta(days=days + traject.days_paused_so_far())
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(ALERT_HOUR)))


def alerts_schedule(*, traject: Traject) -> None:
    """Writes (or moves) the traject's unsent alerts: day 10 and day 18 after the registration,
    later by the days paused before the start. Call inside the transaction of the change."""
    for kind, days in ALERT_DAYS.items():
        due_at = _due_at(traject, days)
        alert, created = Alert.objects.get_or_create(
            traject=traject, kind=kind, defaults={"due_at": due_at}
        )
        if not created and alert.sent_at is None and alert.cancelled_at is None:
            Alert.objects.filter(pk=alert.pk).update(due_at=due_at)


def _stall_after(phase: str) -> datetime.timedelta:
    """How long without a step makes a traject stalled: ``STALL_DAYS``, and once the plan is
    distributed the month the follow-up waits by design on top (the dashboard's definition)."""
    if phase == Phase.PLAN_DISTRIBUTED:
        return datetime.timedelta(days=FOLLOW_UP_WAIT_DAYS + STALL_DAYS)
    return datetime.timedelta(days=STALL_DAYS)


def _last_step_at(registration: str) -> Coalesce:
    """The moment of the last step of the registration in field ``registration`` (an outer
    reference), or the registration's own moment when it has none."""
    last = (
        Step.objects.filter(registration_id=OuterRef(f"{registration}_id"))
        .order_by("-at", "-pk")
        .values("at")[:1]
    )
    return Coalesce(Subquery(last), F(f"{registration}__created_at"), output_field=DateTimeField())


def _open_follow_ups() -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(done_at__isnull=True, not_done_reason="")


def _with_facts(alerts: QuerySet[Alert]) -> QuerySet[Alert]:
    """Alerts with what decides at send time whether their reason still holds:
    ``last_step_at`` of the traject and ``follow_up_due_on`` of its open follow-up (None when
    done, closed with a reason, or not there)."""
    return alerts.annotate(
        last_step_at=_last_step_at("traject__registration"),
        follow_up_due_on=Subquery(
            _open_follow_ups().filter(traject=OuterRef("traject_id")).values("due_on")[:1]
        ),
    )


def _follow_up_alert_due_at(due_on: datetime.date) -> datetime.datetime:
    day = due_on + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(ALERT_HOUR)))


def _still_relevant(alert: Alert) -> bool:
    """Whether the alert's reason holds now (``alert`` from ``_with_facts``): the promise's when
    the traject has not started; a stall when no step came since (the same stall: its due
    moment is still the last step's + the days), not paused; the follow-up's while it is open
    and the traject waits for it. Never for an ended traject."""
    traject = alert.traject
    if traject.is_ended:
        return False
    if alert.kind in PROMISE_KINDS:
        return traject.started_at is None
    if alert.kind == AlertKind.STALLED:
        last_step_at: datetime.datetime = alert.last_step_at  # type: ignore[attr-defined]
        return (
            traject.paused_at is None and last_step_at + _stall_after(traject.phase) == alert.due_at
        )
    if alert.kind == AlertKind.FOLLOW_UP_OVERDUE:
        due_on: datetime.date | None = alert.follow_up_due_on  # type: ignore[attr-defined]
        return traject.phase == Phase.PLAN_DISTRIBUTED and due_on is not None
    return False


def alerts_detect_due(*, now: datetime.datetime | None = None) -> int:
    """Writes the alerts that are due now and not written yet, as the dashboard finds them at
    risk (``trajects.figures.selectors.trajects_at_risk``):

    - ``STALLED``: an active traject, not paused, without a step for ``STALL_DAYS`` days (with
      the plan distributed ``FOLLOW_UP_WAIT_DAYS`` + ``STALL_DAYS``), due at its last step + those
      days. Each stall once: a traject already alerted after its last step is passed by; a new
      step and a new stall give a new due moment and so a new alert.
    - ``FOLLOW_UP_OVERDUE``: the plan distributed and its follow-up, neither done nor closed with
      a reason, was due before today; due the day after at ``ALERT_HOUR``. Once per traject.

    Three queries whatever the number of trajects (two reads and one insert). Two runs at once
    write each row once: the insert ignores rows the unique constraints refuse. Returns how
    many rows it tried to write."""
    now = now or timezone.now()
    stall = _stall_after(Phase.PREPARATION)  # any phase before the distribution
    distributed_stall = _stall_after(Phase.PLAN_DISTRIBUTED)
    stalled = (
        Traject.objects.filter(phase__in=ACTIVE, paused_at__isnull=True)
        .annotate(last_step_at=_last_step_at("registration"))
        .filter(
            (~Q(phase=Phase.PLAN_DISTRIBUTED) & Q(last_step_at__lte=now - stall))
            | Q(phase=Phase.PLAN_DISTRIBUTED, last_step_at__lte=now - distributed_stall)
        )
        # Alerted for this stall already: an alert due after the last step.
        .filter(
            ~Exists(
                Alert.objects.filter(
                    traject=OuterRef("pk"),
                    kind=AlertKind.STALLED,
                    due_at__gt=OuterRef("last_step_at"),
                )
            )
        )
        .values_list("pk", "phase", "last_step_at")
    )
    local = timezone.localtime(now)
    # The latest follow-up day whose alert (the day after, at ALERT_HOUR) is due by now.
    overdue_from = local.date() - datetime.timedelta(days=1 if local.hour >= ALERT_HOUR else 2)
    overdue = (
        _open_follow_ups()
        .filter(traject__phase=Phase.PLAN_DISTRIBUTED, due_on__lte=overdue_from)
        .filter(
            ~Exists(
                Alert.objects.filter(
                    traject=OuterRef("traject_id"), kind=AlertKind.FOLLOW_UP_OVERDUE
                )
            )
        )
        .values_list("traject_id", "due_on")
    )
    alerts = [
        Alert(traject_id=pk, kind=AlertKind.STALLED, due_at=last + _stall_after(phase))
        for pk, phase, last in stalled
    ] + [
        Alert(
            traject_id=pk,
            kind=AlertKind.FOLLOW_UP_OVERDUE,
            due_at=_follow_up_alert_due_at(due_on),
        )
        for pk, due_on in overdue
    ]
    if alerts:
        Alert.objects.bulk_create(alerts, ignore_conflicts=True)
        logger.info("trajects: %s stalled or follow-up alert(s) written", len(alerts))
    return len(alerts)


def alerts_detect_and_send(*, now: datetime.datetime | None = None) -> int:
    """The beat task's work: write the alerts found due (``alerts_detect_due``), then send
    every alert due (``alerts_send_due``). Returns how many were sent."""
    now = now or timezone.now()
    alerts_detect_due(now=now)
    return alerts_send_due(now=now)


def alerts_send_due(*, now: datetime.datetime | None = None) -> int:
    """Hands every due alert whose reason still holds (``_still_relevant``) to the outbox;
    cancels the others (the traject started, ended, took a step, or its follow-up was
    recorded). Alerts of paused trajects wait (the promise's move when they resume; a stall's
    reason goes with the step that resumes). Returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    while True:
        with transaction.atomic():
            batch = list(
                _with_facts(Alert.objects.select_for_update(skip_locked=True, of=("self",)))
                .filter(
                    due_at__lte=now,
                    sent_at__isnull=True,
                    cancelled_at__isnull=True,
                    traject__paused_at__isnull=True,
                )
                .select_related("traject")
                .order_by("due_at", "pk")[:BATCH_SIZE]
            )
            # Of a traject's two promise alerts due at once (a late run), only the later one
            # goes out; the other kinds go out each.
            latest: dict[int, Alert] = {}
            for alert in batch:
                if alert.kind in PROMISE_KINDS:
                    latest[alert.traject_id] = alert
            for alert in batch:
                superseded = alert.kind in PROMISE_KINDS and latest[alert.traject_id] is not alert
                if _still_relevant(alert) and not superseded:
                    outbox_add(topic=TOPIC_ALERT, object_id=alert.pk)
                    alert.sent_at = now
                    sent += 1
                else:
                    alert.cancelled_at = now
            Alert.objects.bulk_update(batch, ["sent_at", "cancelled_at"])
        if len(batch) < BATCH_SIZE:
            break
    if sent:
        logger.info("trajects: %s alert(s) handed to the outbox", sent)
    return sent


# The e-mail's templates per kind (``<prefix>_subject.txt`` and ``<prefix>_message.txt``).
TEMPLATES: dict[str, str] = {
    AlertKind.PROMISE_DAY_10: "trajects/email/alert",
    AlertKind.PROMISE_DAY_18: "trajects/email/alert",
    AlertKind.STALLED: "trajects/email/alert_stalled",
    AlertKind.FOLLOW_UP_OVERDUE: "trajects/email/alert_follow_up_overdue",
}


def _context(alert: Alert) -> dict[str, object]:
    """What the e-mail of ``alert`` (from ``_with_facts``) says: the reference, what is wrong
    and since when, a link to the traject's staff page. Never the family's details."""
    traject = alert.traject
    context: dict[str, object] = {
        "reference": traject.reference,
        "link": absolute_url(
            reverse("trajects:traject_detail", kwargs={"reference": traject.reference})
        ),
    }
    if alert.kind in PROMISE_KINDS:
        context.update(days=ALERT_DAYS[alert.kind], due=traject.start_due_on())
    elif alert.kind == AlertKind.STALLED:
        last_step_at: datetime.datetime = alert.last_step_at  # type: ignore[attr-defined]
        context.update(
            days=_stall_after(traject.phase).days,
            since=timezone.localdate(last_step_at),
            phase=traject.get_phase_display(),
            distributed=traject.phase == Phase.PLAN_DISTRIBUTED,
        )
    elif alert.kind == AlertKind.FOLLOW_UP_OVERDUE:
        context.update(due_on=alert.follow_up_due_on)  # type: ignore[attr-defined]
    return context


def alert_email_send(*, alert_id: int) -> bool:
    """Tells the region's staff what the alert is about (the promise at day 10 or 18, no step
    for 14 days, the follow-up overdue): the reference, what is wrong, a link; no family
    details. False when nothing was sent (the reason went meanwhile, or nobody to send to)."""
    alert = (
        _with_facts(Alert.objects.all())
        .select_related("traject__registration", "traject__region__contact")
        .filter(pk=alert_id)
        .first()
    )
    if alert is None or not _still_relevant(alert):
        return False
    traject = alert.traject
    recipient = staff_recipient(traject.region)
    if recipient is None:
        logger.warning("alert %s: region %s has no contact", alert.pk, traject.region_id)
        return False
    template = TEMPLATES[alert.kind]
    with translation.override(recipient.language):
        context = _context(alert)  # the phase's name in the recipient's language
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}_message.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
    return True
