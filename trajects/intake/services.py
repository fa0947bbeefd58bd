"""Intake: what staff decide about a registration. New → in intake → accepted (it becomes a
traject), not accepted (with a reason), withdrawn, or a duplicate of another registration.

Each decision locks the registration's row, checks its status again, and leaves a ``Step`` in
the timeline; the database's one-traject-per-registration is the last line of defence, so
accepting one registration twice at once gives one traject and one clear refusal.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import User
from trajects.alerts.services import alerts_schedule
from trajects.models.registrations import Registration, RegistrationStatus
from trajects.traject.models import StepKind, Traject
from trajects.traject.services import step_record

logger = logging.getLogger(__name__)

OPEN = (RegistrationStatus.NEW, RegistrationStatus.IN_INTAKE)


def _locked(registration: Registration) -> Registration:
    return Registration.objects.select_for_update().get(pk=registration.pk)


def _decided_already(registration: Registration) -> ValidationError:
    return ValidationError(
        _("This registration has already been decided on: it is “%(status)s”.")
        % {"status": registration.get_status_display()}
    )


def registration_intake_start(*, registration: Registration, by: User, note: str = "") -> None:
    """Staff take a new registration into intake (they call the registrant, check the question)."""
    with transaction.atomic():
        locked = _locked(registration)
        if locked.status != RegistrationStatus.NEW:
            if locked.status == RegistrationStatus.IN_INTAKE:
                raise ValidationError(_("This registration is already in intake."))
            raise _decided_already(locked)
        locked.status = RegistrationStatus.IN_INTAKE
        locked.save(update_fields=["status"])
        step_record(registration_id=locked.pk, kind=StepKind.INTAKE_STARTED, by=by, note=note)


def registration_accept(*, registration: Registration, by: User, note: str = "") -> Traject:
    """Accepts a registration in intake: it becomes a traject, looking for a coordinator."""
    try:
        with transaction.atomic():
            locked = _locked(registration)
            if locked.status == RegistrationStatus.NEW:
                raise ValidationError(_("Take the registration into intake before accepting it."))
            if locked.status != RegistrationStatus.IN_INTAKE:
                raise _decided_already(locked)
            if not locked.core_person_agrees:
                raise ValidationError(
                    _("The core person's agreement is needed before a traject starts.")
                )
            locked.status = RegistrationStatus.ACCEPTED
            locked.save(update_fields=["status"])
            traject = Traject.objects.create(
                registration=locked, region_id=locked.region_id, created_at=timezone.now()
            )
            alerts_schedule(traject=traject)
            step_record(registration_id=locked.pk, kind=StepKind.ACCEPTED, by=by, note=note)
    except IntegrityError as error:
        if Traject.objects.filter(registration_id=registration.pk).exists():
            raise ValidationError(_("This registration has already become a traject.")) from error
        raise
    logger.info("registration %s accepted as traject %s", registration.pk, traject.pk)
    return traject


def _close(
    *,
    registration: Registration,
    status: str,
    kind: str,
    by: User,
    note: str,
    after_intake: bool = False,
) -> None:
    with transaction.atomic():
        locked = _locked(registration)
        if locked.status not in OPEN:
            raise _decided_already(locked)
        if after_intake and locked.status == RegistrationStatus.NEW:
            raise ValidationError(_("Take the registration into intake before deciding on it."))
        locked.status = status
        locked.save(update_fields=["status"])
        step_record(registration_id=locked.pk, kind=kind, by=by, note=note)


def registration_decline(*, registration: Registration, by: User, reason: str) -> None:
    """Not accepted, with the reason staff give (kept in the timeline)."""
    if not reason.strip():
        raise ValidationError(_("Give the reason why the registration is not accepted."))
    _close(
        registration=registration,
        status=RegistrationStatus.NOT_ACCEPTED,
        kind=StepKind.DECLINED,
        by=by,
        note=reason,
        after_intake=True,
    )


def registration_withdraw(*, registration: Registration, by: User, note: str = "") -> None:
    """The registrant or the core person withdrew the registration."""
    _close(
        registration=registration,
        status=RegistrationStatus.WITHDRAWN,
        kind=StepKind.WITHDRAWN,
        by=by,
        note=note,
    )


def registration_mark_duplicate(
    *, registration: Registration, of: Registration, by: User, note: str = ""
) -> None:
    """The same family registered twice: this one points at the registration that is kept."""
    if of.pk == registration.pk:
        raise ValidationError(_("A registration cannot be a duplicate of itself."))
    with transaction.atomic():
        locked = _locked(registration)
        if locked.status not in OPEN:
            raise _decided_already(locked)
        of = Registration.objects.get(pk=of.pk)
        if of.duplicate_of_id is not None:
            raise ValidationError(
                _("%(reference)s is itself a duplicate: choose the registration that is kept.")
                % {"reference": of.reference}
            )
        locked.status = RegistrationStatus.DUPLICATE
        locked.duplicate_of = of
        locked.save(update_fields=["status", "duplicate_of"])
        step_record(registration_id=locked.pk, kind=StepKind.DUPLICATE, by=by, note=note)
