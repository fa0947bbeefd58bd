"""The session e-mails to invitees: the invitation (with the .ics file), a change, a
cancellation, being taken off a session, and the reminder the day before.

Each goes out from the outbox (``handlers.py``) with an id only, in the invitee's language:
the kind of session, the date and time, the place or link, and a link to the portal. No names
of others, no notes. Each function reads the session as it is at sending time and returns
False when there is nothing (any more) to send.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from coaching.calendars import session_ics
from coaching.models import Invitation, Reply, Session, SessionKind
from coaching.sessions.services import uninvited_ids
from people.links import absolute_url
from people.models import User

logger = logging.getLogger(__name__)


def _portal_link() -> str:
    """The coordinator's coaching part of the portal (the portal area's page), else home."""
    try:
        return absolute_url(reverse("coaching:portal"))
    except NoReverseMatch:
        return absolute_url("/")


def _send(
    *, session: Session, user: User, template: str, attach: bool = True, cancel: bool = False
) -> bool:
    if not user.is_active:
        return False
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        link = _portal_link()
        context = {
            "kind": SessionKind(session.kind).label,
            "starts_at": session.starts_at,
            "ends_at": session.ends_at,
            "place": session.place,
            "online_url": session.online_url,
            "link": link,
        }
        subject = render_to_string(f"coaching/email/session_{template}_subject.txt", context)
        body = render_to_string(f"coaching/email/session_{template}_message.txt", context)
        message = EmailMessage(
            " ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [user.email]
        )
        if attach:
            message.attach(
                f"kring-{session.pk}.ics",
                session_ics(session, stamp=timezone.now(), link=link, cancel=cancel),
                "text/calendar",
            )
    message.send()
    return True


def _invitation(invitation_id: int) -> Invitation | None:
    return (
        Invitation.objects.select_related("session", "coordinator").filter(pk=invitation_id).first()
    )


def invitation_send(*, invitation_id: int) -> bool:
    invitation = _invitation(invitation_id)
    if invitation is None:
        return False
    session = invitation.session
    if session.is_cancelled or session.has_ended():
        return False
    return _send(session=session, user=invitation.coordinator, template="invitation")


def change_send(*, invitation_id: int) -> bool:
    invitation = _invitation(invitation_id)
    if invitation is None or invitation.reply == Reply.NOT_COMING:
        return False
    session = invitation.session
    if session.is_cancelled or session.has_ended():
        return False
    return _send(session=session, user=invitation.coordinator, template="changed")


def cancellation_send(*, invitation_id: int) -> bool:
    invitation = _invitation(invitation_id)
    if invitation is None or not invitation.session.is_cancelled:
        return False
    return _send(
        session=invitation.session, user=invitation.coordinator, template="cancelled", cancel=True
    )


def uninvited_send(*, object_id: int) -> bool:
    """Tells someone taken off a session's invitees that it is off for them (unless they
    were invited again meanwhile)."""
    session_id, user_id = uninvited_ids(object_id)
    session = Session.objects.filter(pk=session_id).first()
    user = User.objects.filter(pk=user_id).first()
    if session is None or user is None or session.has_ended():
        return False
    if session.invitations.filter(coordinator_id=user_id).exists():
        return False
    return _send(session=session, user=user, template="uninvited", cancel=True)


def reminder_send(*, invitation_id: int) -> bool:
    invitation = _invitation(invitation_id)
    if invitation is None or invitation.reply == Reply.NOT_COMING:
        return False
    session = invitation.session
    if session.is_cancelled or session.starts_at <= timezone.now():
        return False
    return _send(session=session, user=invitation.coordinator, template="reminder", attach=False)
