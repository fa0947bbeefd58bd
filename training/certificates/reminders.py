"""Sending reminders: a training day in two days, a certificate that expires in 60 or 14 days.

Services write ``Reminder`` rows with the moment they are due when the reason arises (an
enrolment, a certificate). The beat task ``training.send_due_reminders`` calls
``reminders_send_due``, which locks the due rows (skipping rows another run holds), writes one
outbox message per reminder and marks it sent in the same transaction: after a crash or a
restart nothing is missed and nothing goes out twice. The outbox then delivers the e-mail,
rendered in the volunteer's language, through ``reminder_email_send``.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from people.links import absolute_url
from people.models import User
from people.outbox import outbox_add, outbox_handler
from training.certificates.models import Certificate
from training.certificates.services import certificates_award_due
from training.days.models import Reminder, ReminderKind, SeatStatus
from training.days.services import training_day_mail_context

logger = logging.getLogger(__name__)


TOPIC_REMINDER = "training.reminder"


BATCH_SIZE = 200


def _renewed_certificate_ids(reminders: list[Reminder]) -> set[int]:
    """Of the reminders' certificates, those already renewed: a certificate names them as the
    one it renews, or the holder has an unrevoked certificate of the same track that runs
    longer. One query."""
    certificates = [r.certificate for r in reminders if r.certificate is not None]
    if not certificates:
        return set()
    condition = Q()
    for certificate in certificates:
        condition |= Q(renews_id=certificate.pk) | Q(
            user_id=certificate.user_id,
            track_id=certificate.track_id,
            valid_until__gt=certificate.valid_until,
        )
    newer = list(
        Certificate.objects.filter(condition, revoked_at__isnull=True).values_list(
            "renews_id", "user_id", "track_id", "valid_until"
        )
    )
    renewed = set()
    for certificate in certificates:
        for renews_id, user_id, track_id, valid_until in newer:
            if renews_id == certificate.pk or (
                user_id == certificate.user_id
                and track_id == certificate.track_id
                and valid_until > certificate.valid_until
            ):
                renewed.add(certificate.pk)
                break
    return renewed


def reminder_still_relevant(
    reminder: Reminder, *, now: datetime.datetime, renewed: set[int]
) -> bool:
    """Whether the reason for the reminder still holds (needs ``seat__day`` and
    ``certificate`` loaded)."""
    if reminder.cancelled_at is not None or not reminder.user.is_active:
        return False
    if reminder.kind == ReminderKind.TRAINING_DAY:
        seat = reminder.seat
        return (
            seat is not None
            and seat.status == SeatStatus.CONFIRMED
            and seat.day.cancelled_at is None
            and seat.day.starts_at > now
        )
    certificate = reminder.certificate
    return (
        certificate is not None
        and certificate.revoked_at is None
        and certificate.valid_until >= timezone.localdate(now)
        and certificate.pk not in renewed
    )


def _renew_before_reminding(now: datetime.datetime) -> None:
    """A holder who met the renewal rules before the window opened gets the new certificate
    now, instead of a reminder to renew (the sender then skips the renewed one's reminders)."""
    user_ids = set(
        Reminder.objects.filter(
            due_at__lte=now,
            sent_at__isnull=True,
            cancelled_at__isnull=True,
            certificate__isnull=False,
        ).values_list("user_id", flat=True)
    )
    for user in User.objects.filter(pk__in=user_ids, is_active=True):
        certificates_award_due(user=user)


def reminders_send_due(*, now: datetime.datetime | None = None) -> int:
    """Hands every due, unsent, uncancelled reminder to the outbox and marks it sent; cancels
    those whose reason has gone. Returns how many were sent. Safe to run twice or at once."""
    now = now or timezone.now()
    _renew_before_reminding(now)
    sent = 0
    while True:
        with transaction.atomic():
            batch = list(
                Reminder.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(due_at__lte=now, sent_at__isnull=True, cancelled_at__isnull=True)
                .select_related("user", "seat", "seat__day", "certificate")
                .order_by("due_at", "pk")[:BATCH_SIZE]
            )
            if not batch:
                break
            renewed = _renewed_certificate_ids(batch)
            # A late run that finds both of a certificate's reminders due sends only the last.
            last_due = {r.certificate_id for r in batch if r.kind == ReminderKind.CERTIFICATE_14}
            for reminder in batch:
                superseded = (
                    reminder.kind == ReminderKind.CERTIFICATE_60
                    and reminder.certificate_id in last_due
                )
                if not superseded and reminder_still_relevant(reminder, now=now, renewed=renewed):
                    outbox_add(topic=TOPIC_REMINDER, object_id=reminder.pk)
                    reminder.sent_at = now
                    sent += 1
                else:
                    reminder.cancelled_at = now
            Reminder.objects.bulk_update(batch, ["sent_at", "cancelled_at"])
        if len(batch) < BATCH_SIZE:
            break
    if sent:
        logger.info("training: %s reminder(s) handed to the outbox", sent)
    return sent


def reminder_email_send(*, reminder_id: int) -> bool:
    """Renders and sends the reminder's e-mail in the volunteer's language. False (nothing sent)
    when the reminder is gone or its reason no longer holds."""
    reminder = (
        Reminder.objects.select_related(
            "user",
            "seat__day__trainer",
            "certificate__track__refresher_module",
        )
        .filter(pk=reminder_id)
        .first()
    )
    now = timezone.now()
    if reminder is None or not reminder_still_relevant(
        reminder, now=now, renewed=_renewed_certificate_ids([reminder])
    ):
        logger.info("training: reminder %s no longer applies; not sent", reminder_id)
        return False
    user = reminder.user
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        # reminder_still_relevant has checked that the reminder's seat or certificate is there.
        if reminder.kind == ReminderKind.TRAINING_DAY:
            assert reminder.seat is not None  # noqa: S101 -- narrows the type only
            context = training_day_mail_context(reminder.seat.day, online_link=True)
        else:
            assert reminder.certificate is not None  # noqa: S101 -- narrows the type only
            context = _certificate_context(reminder.certificate)
        context["kind"] = reminder.kind
        subject = render_to_string(f"training/email/reminder_{reminder.kind}_subject.txt", context)
        body = render_to_string(f"training/email/reminder_{reminder.kind}_body.txt", context)
    send_mail(subject.strip(), body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return True


def _certificate_context(certificate: Certificate) -> dict:
    track = certificate.track
    return {
        "certificate": certificate,
        "title": certificate.local_title,
        "valid_until": certificate.valid_until,
        "days_left": (certificate.valid_until - timezone.localdate()).days,
        "refresher_module": (
            track.refresher_module.title if track.refresher_module is not None else ""
        ),
        "intervision_per_year": track.intervision_per_year,
        "portal_link": absolute_url(reverse("training:portal")),
    }


@outbox_handler(TOPIC_REMINDER)
def reminder_deliver(reminder_id: int) -> None:
    reminder_email_send(reminder_id=reminder_id)
