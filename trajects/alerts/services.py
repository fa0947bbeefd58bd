"""Writes for the promise's alerts: schedule a traject's alerts, send those due, and the e-mail.

Safe to run twice or at once: the sender locks the due rows (``skip_locked``) and marks each
sent or cancelled in the transaction that writes its outbox message.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from people.links import absolute_url
from people.outbox import outbox_add
from people.regions import staff_recipient
from trajects.alerts.models import ALERT_DAYS, ALERT_HOUR, Alert
from trajects.traject.models import Traject

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


def _still_relevant(traject: Traject) -> bool:
    return traject.started_at is None and not traject.is_ended


def alerts_send_due(*, now: datetime.datetime | None = None) -> int:
    """Hands every due alert of a traject that has not started to the outbox; cancels those of
    trajects that started or ended. Paused trajects wait (their alerts move when they resume).
    Returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    while True:
        with transaction.atomic():
            batch = list(
                Alert.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(
                    due_at__lte=now,
                    sent_at__isnull=True,
                    cancelled_at__isnull=True,
                    traject__paused_at__isnull=True,
                )
                .select_related("traject")
                .order_by("due_at", "pk")[:BATCH_SIZE]
            )
            # Of a traject's two alerts due at once (a late run), only the later one goes out.
            latest: dict[int, Alert] = {}
            for alert in batch:
                latest[alert.traject_id] = alert
            for alert in batch:
                if _still_relevant(alert.traject) and latest[alert.traject_id] is alert:
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


def alert_email_send(*, alert_id: int) -> bool:
    """Tells the region's staff that a traject has not started on day 10 or 18: the reference,
    the days and the due date, a link; no family details. False when nothing was sent."""
    alert = (
        Alert.objects.select_related("traject__registration", "traject__region__contact")
        .filter(pk=alert_id)
        .first()
    )
    if alert is None or not _still_relevant(alert.traject):
        return False
    traject = alert.traject
    recipient = staff_recipient(traject.region)
    if recipient is None:
        logger.warning("alert %s: region %s has no contact", alert.pk, traject.region_id)
        return False
    context = {
        "reference": traject.reference,
        "days": ALERT_DAYS[alert.kind],
        "due": traject.start_due_on(),
        "link": absolute_url(
            reverse("trajects:traject_detail", kwargs={"reference": traject.reference})
        ),
    }
    with translation.override(recipient.language):
        subject = render_to_string("trajects/email/alert_subject.txt", context)
        body = render_to_string("trajects/email/alert_message.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
    return True
