"""Writes of the coordinator's coaching part of the portal: a reply to an invitation (coming or
not, with a note), and the personal calendar feed (made, replaced, revoked).

A coordinator who said they were coming and, within ``LATE_WITHDRAWAL_HOURS`` of the start,
says they are not, is announced to the facilitator by e-mail (through the outbox): a late gap in
a group is worth knowing; every other reply is read on the session's page.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coaching.models import CalendarFeed, Invitation, Reply, SessionKind
from people.links import absolute_url
from people.models import User
from people.outbox import outbox_add

logger = logging.getLogger(__name__)

REPLY_NOTE_MAX_LENGTH = Invitation._meta.get_field("reply_note").max_length or 300
# A "coming" that turns into "not coming" this close to the start is told to the facilitator.
LATE_WITHDRAWAL_HOURS = 48
REPLY_WITHDRAWN_TOPIC = "coaching.portal.reply_withdrawn"
REPLIES = (Reply.COMING, Reply.NOT_COMING)


def invitation_reply(*, invitation: Invitation, reply: str, note: str = "", by: User) -> Invitation:
    """Records ``by``'s reply to their invitation (coming or not coming, with an optional note);
    replying again changes it. Refused (``ValidationError``) for someone else's invitation, a
    session that was cancelled or has started, a reply that is neither, or a note that is too
    long. Tells the facilitator when a "coming" becomes "not coming" close to the start."""
    note = note.strip()
    if reply not in REPLIES:
        raise ValidationError({"reply": _("Choose coming or not coming.")})
    if len(note) > REPLY_NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "note": _("Keep the note to %(max)d characters (it has %(length)d).")
                % {"max": REPLY_NOTE_MAX_LENGTH, "length": len(note)}
            }
        )
    now = timezone.now()
    with transaction.atomic():
        locked = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("session")
            .get(pk=invitation.pk)
        )
        session = locked.session
        if locked.coordinator_id != by.pk:
            raise ValidationError({"reply": _("Only the invited coordinator can reply.")})
        if session.is_cancelled:
            raise ValidationError({"reply": _("This session was cancelled: no reply is needed.")})
        if session.starts_at <= now:
            raise ValidationError(
                {"reply": _("This session has already started: replies are closed.")}
            )
        withdrawn_late = (
            locked.reply == Reply.COMING
            and reply == Reply.NOT_COMING
            and session.starts_at - now <= datetime.timedelta(hours=LATE_WITHDRAWAL_HOURS)
        )
        locked.reply = reply
        locked.reply_note = note
        locked.replied_at = now
        locked.save(update_fields=["reply", "reply_note", "replied_at"])
        if withdrawn_late:
            outbox_add(topic=REPLY_WITHDRAWN_TOPIC, object_id=locked.pk)
    logger.info("invitation %s: reply %s", locked.pk, reply)
    return locked


def reply_withdrawn_send(*, invitation_id: int) -> bool:
    """Tells the facilitator that an invitee who was coming no longer is: the session's kind,
    date and a link; no names. False when nothing was sent (the reply changed back meanwhile,
    the session was cancelled or has started)."""
    invitation = (
        Invitation.objects.select_related("session", "session__facilitator")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or invitation.reply != Reply.NOT_COMING:
        return False
    session = invitation.session
    facilitator = session.facilitator
    if session.is_cancelled or session.starts_at <= timezone.now() or not facilitator.is_active:
        return False
    with translation.override(facilitator.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "kind": SessionKind(session.kind).label,
            "starts_at": timezone.localtime(session.starts_at),
            "link": absolute_url(reverse("coaching:session_detail", kwargs={"pk": session.pk})),
        }
        subject = render_to_string("coaching/email/portal_reply_withdrawn_subject.txt", context)
        body = render_to_string("coaching/email/portal_reply_withdrawn_message.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [facilitator.email])
    logger.info("invitation %s: facilitator told of a late withdrawal", invitation_id)
    return True


def calendar_feed_create(*, user: User) -> CalendarFeed:
    """A new private calendar address for ``user``; the one they had stops working at once."""
    now = timezone.now()
    with transaction.atomic():
        # Lock the user's row so that two clicks cannot both find no active feed.
        User.objects.select_for_update().filter(pk=user.pk).first()
        CalendarFeed.objects.active().filter(user=user).update(revoked_at=now)
        feed = CalendarFeed.objects.create(user=user, created_at=now)
    logger.info("user %s: calendar feed %s made", user.pk, feed.pk)
    return feed


def calendar_feed_revoke(*, user: User) -> bool:
    """Stops ``user``'s calendar address; False when they had none."""
    with transaction.atomic():
        revoked = (
            CalendarFeed.objects.active().filter(user=user).update(revoked_at=timezone.now()) > 0
        )
    if revoked:
        logger.info("user %s: calendar feed revoked", user.pk)
    return revoked
