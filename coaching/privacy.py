"""coaching's entries in the register of personal data (``people.privacy.registry``).

Coaching holds data about volunteers (coordinators, coaches), never about families. It adds a
part to training's **volunteer** subject: the export shows the volunteer's invitations with
their replies, the contacts their coach logged and their calendar feeds; erasing blanks the
notes of their replies and of their coach's contacts, revokes their calendar feeds, deletes the
private notes they wrote themselves, and blanks a coach's private note on a coaching
conversation the volunteer alone was invited to (that note is about them). Sessions, their
attendance and the coach's other notes stay: they count for the other people present.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coaching.models import (
    CalendarFeed,
    Contact,
    Invitation,
    PrivateNote,
    SessionKind,
)
from people.models import User
from people.privacy.registry import Basis, Holding, SubjectPart, Whose, register
from training.privacy import VOLUNTEER_RETENTION, record


def volunteer_collect(volunteer: User) -> dict[str, list[dict[str, Any]]]:
    invitations = Invitation.objects.filter(coordinator=volunteer).select_related("session")
    return {
        gettext("Session invitations"): [
            {
                gettext("session"): invitation.session.get_kind_display(),
                gettext("starts"): invitation.session.starts_at.isoformat(),
                **record(invitation, ("reply", "reply_note", "replied_at", "attended")),
            }
            for invitation in invitations
        ],
        gettext("Contacts with the coach"): [
            record(contact, ("occurred_on", "kind", "note"))
            for contact in Contact.objects.filter(coordinator=volunteer)
        ],
        gettext("Own private notes on sessions"): [
            record(note, ("updated_at", "text"))
            for note in PrivateNote.objects.filter(author=volunteer)
        ],
        gettext("Calendar feeds"): [
            record(feed, ("created_at", "revoked_at"))
            for feed in CalendarFeed.objects.filter(user=volunteer)
        ],
    }


def volunteer_erase(volunteer: User, now: datetime.datetime) -> None:
    """Runs in the transaction of training's ``volunteer_erase``; idempotent."""
    Invitation.objects.filter(coordinator=volunteer).update(reply_note="")
    Contact.objects.filter(coordinator=volunteer).update(note="")
    CalendarFeed.objects.filter(user=volunteer, revoked_at__isnull=True).update(revoked_at=now)
    PrivateNote.objects.filter(author=volunteer).delete()
    # A coaching conversation with this volunteer alone: the coach's note on it is about them.
    alone = Invitation.objects.filter(
        coordinator=volunteer, session__kind=SessionKind.COACHING
    ).values("session_id")
    only_them = (
        Invitation.objects.filter(session_id__in=alone)
        .values("session_id")
        .annotate(invited=Count("pk"))
        .filter(invited=1)
        .values("session_id")
    )
    PrivateNote.objects.filter(session_id__in=only_them).update(text="")


VOLUNTEERS = (Whose.VOLUNTEER, Whose.COACH)

register(
    Holding(
        model="coaching.CoachingProfile",
        fields=("user", "capacity", "is_supervisor"),
        whose=(Whose.COACH, Whose.STAFF),
        basis=Basis.CONTRACT,
        retention=VOLUNTEER_RETENTION,
    ),
    Holding(
        model="coaching.IntervisionGroup",
        fields=("coach",),
        whose=VOLUNTEERS,
        basis=Basis.CONTRACT,
        retention=VOLUNTEER_RETENTION,
        not_personal_fields=("name",),
    ),
    Holding(
        model="coaching.Session",
        fields=("facilitator", "summary"),
        whose=VOLUNTEERS,
        basis=Basis.CONTRACT,
        retention=VOLUNTEER_RETENTION,
        not_personal_fields=("place", "online_url"),
    ),
    Holding(
        model="coaching.Invitation",
        fields=("coordinator", "reply_note", "attended"),
        whose=(Whose.VOLUNTEER,),
        basis=Basis.CONTRACT,
        retention=VOLUNTEER_RETENTION,
    ),
    Holding(
        model="coaching.PrivateNote",
        fields=("author", "text"),
        whose=VOLUNTEERS,
        basis=Basis.LEGITIMATE_INTEREST,
        retention=_(
            "As long as its author volunteers; deleted when the author is erased, blanked when "
            "it is on a conversation with an erased volunteer alone."
        ),
    ),
    Holding(
        model="coaching.Contact",
        fields=("coach", "coordinator", "note"),
        whose=VOLUNTEERS,
        basis=Basis.CONTRACT,
        retention=VOLUNTEER_RETENTION,
    ),
    Holding(
        model="coaching.CalendarFeed",
        fields=("user",),
        whose=VOLUNTEERS,
        basis=Basis.CONTRACT,
        retention=_("Until revoked; revoked when the volunteer is erased."),
        not_personal_fields=("token",),
    ),
    Holding(
        model="coaching.WeeklyDigest",
        fields=("coach",),
        whose=(Whose.COACH,),
        basis=Basis.CONTRACT,
        retention=VOLUNTEER_RETENTION,
    ),
    SubjectPart(
        kind="volunteer",
        name="coaching.volunteer",
        collect=volunteer_collect,
        erase=volunteer_erase,
    ),
)
