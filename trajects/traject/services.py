"""Writes for a traject: every move goes through here, is checked against the route
(``Traject.refusal_to_move``) with the traject's row locked, and leaves a ``Step``.

A refused move raises ``ValidationError`` with a sentence for the person who tried it; the views
show it next to the form. Two staff members acting at once take turns on the locked row, so the
second sees what the first did and is refused with a clear message, not a broken state.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import User
from people.outbox import outbox_add
from trajects.alerts.services import alerts_schedule
from trajects.traject.models import ENDED, Phase, Step, StepKind, StopReason, Traject

logger = logging.getLogger(__name__)

# The coach is told when a learning traject starts (``trajects.matching.services``) and when
# it closes (here); ``trajects.coach.services`` sends both e-mails.
TOPIC_LEARNING_STARTED = "trajects.learning_started"
TOPIC_LEARNING_CLOSED = "trajects.learning_closed"


def _locked(traject: Traject) -> Traject:
    return Traject.objects.select_for_update().select_related("registration").get(pk=traject.pk)


def step_record(
    *,
    registration_id: int,
    kind: str,
    by: User | None,
    note: str = "",
    phase: str = "",
    coordinator: User | None = None,
) -> Step:
    """One line in the timeline; call inside the transaction of the move it records. The
    registration's traject (if any) keeps the newest step's moment (``newest_step_at``)."""
    step = Step.objects.create(
        registration_id=registration_id,
        kind=kind,
        phase=phase,
        by=by,
        note=note.strip(),
        coordinator=coordinator,
    )
    # Only ever forward: a step written at the same time with an older moment leaves it.
    Traject.objects.filter(registration_id=registration_id).filter(
        Q(newest_step_at__isnull=True) | Q(newest_step_at__lt=step.at)
    ).update(newest_step_at=step.at)
    return step


def traject_newest_step_refresh(*, registration_ids: Iterable[int] | None = None) -> int:
    """Sets ``Traject.newest_step_at`` again from the steps (of these registrations' trajects,
    or of all), for code that moves steps in time (the demo data). One UPDATE; returns how
    many trajects it wrote."""
    trajects = Traject.objects.all()
    if registration_ids is not None:
        trajects = trajects.filter(registration_id__in=list(registration_ids))
    newest = Step.objects.filter(registration_id=OuterRef("registration_id")).order_by("-at")
    return trajects.update(newest_step_at=Subquery(newest.values("at")[:1]))


def traject_advance(*, traject: Traject, to: str, by: User, note: str = "") -> Traject:
    """Moves the traject to the next phase of the route (and only that one)."""
    with transaction.atomic():
        locked = _locked(traject)
        refusal = locked.refusal_to_move(to)
        if refusal:
            raise ValidationError(refusal)
        now = timezone.now()
        locked.phase, locked.phase_since = to, now
        if to == Phase.PREPARATION:
            locked.started_at = now
        locked.save(update_fields=["phase", "phase_since", "started_at"])
        step_record(
            registration_id=locked.registration_id, kind=StepKind.PHASE, phase=to, by=by, note=note
        )
        if to == Phase.CLOSED and locked.is_learning:
            # The coach signs off from the learning traject now that it has closed.
            outbox_add(topic=TOPIC_LEARNING_CLOSED, object_id=locked.pk)
    logger.info("traject %s moved to %s", locked.pk, to)
    return locked


def traject_pause(*, traject: Traject, by: User, note: str = "") -> Traject:
    """Pauses the traject at the family's pace; days paused before the start move the promise."""
    with transaction.atomic():
        locked = _locked(traject)
        if locked.phase in ENDED:
            raise ValidationError(_("This traject has ended: it cannot be paused."))
        if locked.paused_at is not None:
            raise ValidationError(_("This traject is already paused."))
        locked.paused_at = timezone.now()
        locked.save(update_fields=["paused_at"])
        step_record(
            registration_id=locked.registration_id,
            kind=StepKind.PAUSED,
            phase=locked.phase,
            by=by,
            note=note,
        )
    return locked


def traject_resume(*, traject: Traject, by: User, note: str = "") -> Traject:
    """Ends the pause; before the start, its days are added to the promise's due date."""
    with transaction.atomic():
        locked = _locked(traject)
        if locked.paused_at is None:
            raise ValidationError(_("This traject is not paused."))
        locked.paused_days = locked.days_paused_so_far()
        locked.paused_at = None
        locked.save(update_fields=["paused_at", "paused_days"])
        if locked.started_at is None:
            alerts_schedule(traject=locked)
        step_record(
            registration_id=locked.registration_id,
            kind=StepKind.RESUMED,
            phase=locked.phase,
            by=by,
            note=note,
        )
    return locked


def traject_stop(*, traject: Traject, by: User, reason: str, note: str = "") -> Traject:
    """Stops the traject for good, with one of the reasons the organisation reports on."""
    if reason not in StopReason.values:
        raise ValidationError(_("Choose a reason for stopping."))
    if reason == StopReason.OTHER and not note.strip():
        raise ValidationError(_("Say in the note why the traject stops."))
    with transaction.atomic():
        locked = _locked(traject)
        if locked.phase in ENDED:
            raise ValidationError(_("This traject has already ended."))
        if locked.paused_at is not None:
            locked.paused_days = locked.days_paused_so_far()
            locked.paused_at = None
        locked.phase, locked.phase_since = Phase.STOPPED, timezone.now()
        locked.stop_reason = reason
        locked.save(
            update_fields=["phase", "phase_since", "stop_reason", "paused_at", "paused_days"]
        )
        step_record(
            registration_id=locked.registration_id,
            kind=StepKind.STOPPED,
            phase=Phase.STOPPED,
            by=by,
            note=note,
        )
    logger.info("traject %s stopped (%s)", locked.pk, reason)
    return locked
