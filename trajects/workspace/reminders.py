"""The follow-up's reminder: on the day the follow-up is due (a month after the plan was
distributed), the coordinator gets an e-mail. Beat runs ``follow_ups_remind_due`` every 15
minutes; a follow-up is marked reminded in the transaction that writes its outbox message, so
a restart or a second beat sends nothing twice.
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
from trajects.traject.models import Phase
from trajects.workspace.models import FollowUp

logger = logging.getLogger(__name__)

TOPIC_FOLLOW_UP = "trajects.follow_up_reminder"
# Reminders go out from this hour, Brussels time, on the due day.
REMINDER_HOUR = 9
BATCH_SIZE = 100


def _open():
    return FollowUp.objects.filter(
        reminded_at__isnull=True,
        done_at__isnull=True,
        not_done_reason="",
        traject__phase=Phase.PLAN_DISTRIBUTED,
    )


def follow_ups_remind_due(*, now: datetime.datetime | None = None) -> int:
    """Hands the reminders of follow-ups due today (or earlier, never reminded) to the outbox.
    Returns how many."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < REMINDER_HOUR:
        today = local.date() - datetime.timedelta(days=1)
    else:
        today = local.date()
    sent = 0
    while True:
        with transaction.atomic():
            batch = list(
                _open()
                .select_for_update(skip_locked=True, of=("self",))
                .filter(due_on__lte=today)
                .order_by("due_on", "pk")[:BATCH_SIZE]
            )
            for follow_up in batch:
                outbox_add(topic=TOPIC_FOLLOW_UP, object_id=follow_up.pk)
                follow_up.reminded_at = now
            FollowUp.objects.bulk_update(batch, ["reminded_at"])
            sent += len(batch)
        if len(batch) < BATCH_SIZE:
            break
    if sent:
        logger.info("trajects: %s follow-up reminder(s) handed to the outbox", sent)
    return sent


def follow_up_reminder_send(*, follow_up_id: int) -> bool:
    """The coordinator's e-mail: the reference, the due day and a link; no family details.
    False when the follow-up was done (or the traject closed) meanwhile."""
    follow_up = (
        FollowUp.objects.filter(
            pk=follow_up_id, done_at__isnull=True, traject__phase=Phase.PLAN_DISTRIBUTED
        )
        .select_related("traject__registration", "traject__coordinator")
        .first()
    )
    coordinator = follow_up.traject.coordinator if follow_up is not None else None
    if follow_up is None or coordinator is None:
        return False
    traject = follow_up.traject
    context = {
        "reference": traject.reference,
        "due_on": follow_up.due_on,
        "link": absolute_url(
            reverse("trajects:workspace_detail", kwargs={"reference": traject.reference})
        ),
    }
    with translation.override(coordinator.preferred_language or settings.LANGUAGE_CODE):
        subject = render_to_string("trajects/email/follow_up_subject.txt", context)
        body = render_to_string("trajects/email/follow_up_message.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [coordinator.email])
    return True
