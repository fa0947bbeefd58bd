"""Writes for the coach: the sign-off recorded from a closed learning traject, and the two
e-mails that tell the coach a learning traject started and closed.

A coordinator whose track is complete except the coach's sign-off may take a first traject
(``trajects.matching.selectors.learners``); it is marked a learning traject when they accept
it. Once it closes, their coach signs off from it: that records the track's sign-off in
``training`` (``track_enrolment_sign_off``) and issues the certificate the rest of the track
has earned. This settles the loop where the certificate needs a first traject and matching
needs the certificate.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from people.access import current_coach
from people.links import absolute_url
from people.models import User
from training.learning.models import TrackEnrolment
from training.learning.services import track_enrolment_sign_off
from training.learning.signals import progress_changed_send
from trajects.traject.models import Phase, StepKind, Traject
from trajects.traject.services import step_record

logger = logging.getLogger(__name__)


def learning_traject_sign_off(*, traject: Traject, coach: User, note: str = "") -> list[int]:
    """The coach signs off the coordinator's track from their closed learning traject; the
    certificate follows when the rest of the track is done. Returns the ids of the enrolments
    signed off. Refused (``ValidationError``) when the traject is not a closed learning
    traject, ``coach`` is not the coordinator's coach today, or nothing waits for a sign-off."""
    with transaction.atomic():
        locked = (
            Traject.objects.select_for_update(of=("self",))
            .select_related("registration", "coordinator")
            .get(pk=traject.pk)
        )
        coordinator = locked.coordinator
        if not locked.is_learning or coordinator is None:
            raise ValidationError(_("This is not a learning traject."))
        if locked.phase != Phase.CLOSED:
            raise ValidationError(_("The sign-off comes once the learning traject has closed."))
        if current_coach(coordinator) != coach:
            raise ValidationError(_("Only the coordinator's coach signs off."))
        enrolments = list(
            TrackEnrolment.objects.filter(
                user=coordinator,
                track__is_active=True,
                track__sign_off_required=True,
                track__qualifies_for_matching=True,
                signed_off_at__isnull=True,
            ).order_by("pk")
        )
        if not enrolments:
            raise ValidationError(_("The coordinator's track has been signed off already."))
        text = _("Learning traject %(reference)s.") % {"reference": locked.reference}
        if note.strip():
            text = f"{text} {note.strip()}"
        for enrolment in enrolments:
            track_enrolment_sign_off(enrolment=enrolment, signed_off_by=coach, note=text)
        step_record(
            registration_id=locked.registration_id,
            kind=StepKind.SIGNED_OFF,
            phase=locked.phase,
            by=coach,
            coordinator=coordinator,
        )
    # After the commit: the certificate the track has now earned.
    progress_changed_send(user=coordinator)
    logger.info("traject %s: learning traject signed off", locked.pk)
    return [enrolment.pk for enrolment in enrolments]


def _coach_mail(*, traject_id: int, template: str) -> bool:
    traject = (
        Traject.objects.select_related("registration", "coordinator")
        .filter(pk=traject_id, is_learning=True)
        .first()
    )
    if traject is None or traject.coordinator is None:
        return False
    coach = current_coach(traject.coordinator)
    if coach is None or not coach.is_active:
        logger.warning("traject %s: the learning traject's coordinator has no coach", traject_id)
        return False
    with translation.override(coach.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "reference": traject.reference,
            "link": absolute_url(
                reverse("trajects:coach_traject_detail", kwargs={"reference": traject.reference})
            ),
        }
        subject = render_to_string(f"trajects/email/{template}_subject.txt", context)
        body = render_to_string(f"trajects/email/{template}_message.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [coach.email])
    return True


def learning_started_send(*, traject_id: int) -> bool:
    """Tells the coach one of their coordinators started a learning traject: the reference and
    a link to follow it; no family details. False when nothing was sent."""
    return _coach_mail(traject_id=traject_id, template="learning_started")


def learning_closed_send(*, traject_id: int) -> bool:
    """Tells the coach the learning traject has closed and the sign-off can be recorded from
    it. False when nothing was sent (also when it was signed off already)."""
    if not Traject.objects.filter(pk=traject_id, phase=Phase.CLOSED).exists():
        return False
    return _coach_mail(traject_id=traject_id, template="learning_closed")
