"""Writes for sessions: scheduling, changing and cancelling one, recording attendance (which
reaches certificate renewal through training's service), the shared summary, private notes,
saved intervision groups and the reminder the day before.

Every e-mail goes through the outbox, written in the same transaction as the change; the
messages carry an invitation's id only (``notifications.py`` sends them). The rules a session
must keep (``_check``) are the same for scheduling and changing it; the facilitator's user row
is locked while they are checked, so two requests at once cannot book the facilitator twice.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from coaching.models import (
    IntervisionGroup,
    Invitation,
    PrivateNote,
    Reply,
    Session,
    SessionKind,
)
from coaching.sessions.access import invitable_coordinators, may_lead_supervision
from people.access import access_for
from people.models import Region, User
from people.outbox import outbox_add
from training.certificates.models import RenewalActivityKind
from training.certificates.services import renewal_activity_record, renewal_activity_withdraw

logger = logging.getLogger(__name__)

TOPIC_INVITATION = "coaching.session_invitation"
TOPIC_CHANGED = "coaching.session_changed"
TOPIC_CANCELLED = "coaching.session_cancelled"
TOPIC_UNINVITED = "coaching.session_uninvited"
TOPIC_REMINDER = "coaching.session_reminder"

# A removed invitee's invitation is deleted, so their message names the session and the user
# in one id: session id in the high 32 bits, user id in the low 32.
_USER_BITS = 32

UPDATABLE_FIELDS = frozenset(
    {
        "kind",
        "region",
        "starts_at",
        "ends_at",
        "place",
        "online_url",
        "capacity",
        "group",
        "invitees",
    }
)
# A change of these tells the invitees who stay.
_ANNOUNCED_FIELDS = ("kind", "starts_at", "ends_at", "place", "online_url")


def uninvited_id(*, session_id: int, user_id: int) -> int:
    return (session_id << _USER_BITS) | user_id


def uninvited_ids(object_id: int) -> tuple[int, int]:
    """(session id, user id) of a ``TOPIC_UNINVITED`` message."""
    return object_id >> _USER_BITS, object_id & ((1 << _USER_BITS) - 1)


def renewal_reference(session: Session) -> str:
    return f"coaching-session-{session.pk}"


def _unique(users: Iterable[User]) -> list[User]:
    seen: dict[int, User] = {}
    for user in users:
        seen.setdefault(user.pk, user)
    return list(seen.values())


def _lock(user: User) -> None:
    """Locks the facilitator's row until the transaction ends: a second request booking them
    waits here, then sees the first one's session."""
    User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).first()


def _time(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{formats.date_format(local, 'DATE_FORMAT')} {formats.time_format(local, 'H:i')}"


def _may_manage(user: User, session: Session) -> bool:
    return session.facilitator_id == user.pk or access_for(user).is_administrator


def _check(
    *,
    kind: str,
    facilitator: User,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    invitees: list[User],
    capacity: int | None,
    group: IntervisionGroup | None,
    already_invited: Iterable[int] = (),
    session_pk: int | None = None,
) -> None:
    """Raises ``ValidationError`` with every rule the session breaks, each on its field. Call
    with the facilitator's row locked (``_lock``)."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if kind not in SessionKind.values:
        refuse("kind", _("Choose the kind of session."))
    if ends_at <= starts_at:
        refuse("ends_at", _("The session must end after it starts."))
    else:
        others = Session.objects.filter(
            facilitator=facilitator,
            cancelled_at__isnull=True,
            starts_at__lt=ends_at,
            ends_at__gt=starts_at,
        )
        if session_pk is not None:
            others = others.exclude(pk=session_pk)
        overlapping = others.order_by("starts_at").first()
        if overlapping is not None:
            refuse(
                "starts_at",
                _(
                    "The facilitator already has a session at this time (from %(start)s to "
                    "%(end)s). Choose another time."
                )
                % {
                    "start": _time(overlapping.starts_at),
                    "end": formats.time_format(timezone.localtime(overlapping.ends_at), "H:i"),
                },
            )
    if kind == SessionKind.SUPERVISION and not may_lead_supervision(facilitator):
        refuse("kind", _("Supervision is led by a coach or a staff member marked as supervisor."))
    if kind == SessionKind.INTERVISION and not invitees:
        refuse("invitees", _("Invite at least one coordinator to an intervision session."))
    if kind == SessionKind.COACHING and len(invitees) != 1:
        refuse("invitees", _("A coaching conversation is with exactly one coordinator."))
    if capacity is not None and len(invitees) > capacity:
        refuse(
            "invitees",
            _(
                "You invited %(count)s coordinators, but the session has %(capacity)s places. "
                "Invite fewer people or add places."
            )
            % {"count": len(invitees), "capacity": capacity},
        )
    new_ids = {user.pk for user in invitees} - set(already_invited)
    if new_ids:
        allowed = set(
            invitable_coordinators(facilitator).filter(pk__in=new_ids).values_list("pk", flat=True)
        )
        if new_ids - allowed:
            refuse(
                "invitees",
                _(
                    "A coach invites the coordinators they coach; a supervisor on the staff, "
                    "the coordinators of their regions. Someone you chose is neither."
                ),
            )
    if group is not None and group.coach_id != facilitator.pk:
        refuse("group", _("Choose one of your own groups."))
    if errors:
        raise ValidationError(errors)


def _invite(session: Session, invitees: Iterable[User]) -> list[Invitation]:
    invitations = [
        Invitation.objects.create(session=session, coordinator=user) for user in invitees
    ]
    for invitation in invitations:
        outbox_add(topic=TOPIC_INVITATION, object_id=invitation.pk)
    return invitations


def session_schedule(
    *,
    kind: str,
    region: Region,
    facilitator: User,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    invitees: Iterable[User],
    place: str = "",
    online_url: str = "",
    capacity: int | None = None,
    group: IntervisionGroup | None = None,
    created_by: User | None,
    save_group_as: str = "",
) -> Session:
    """Schedules a session and invites ``invitees``: each gets an e-mail with the .ics file.
    ``save_group_as``: also saves the invitees as the facilitator's intervision group of that
    name (the session then belongs to it). Refused (``ValidationError``, on the field) when a
    rule of ``_check`` is broken; nothing is saved then."""
    people = _unique(invitees)
    with transaction.atomic():
        _lock(facilitator)
        _check(
            kind=kind,
            facilitator=facilitator,
            starts_at=starts_at,
            ends_at=ends_at,
            invitees=people,
            capacity=capacity,
            group=group,
        )
        if save_group_as.strip():
            group = intervision_group_save(
                coach=facilitator, name=save_group_as, members=people, region=region
            )
        session = Session(
            kind=kind,
            region=region,
            facilitator=facilitator,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place.strip(),
            online_url=online_url.strip(),
            capacity=capacity,
            group=group,
            created_by=created_by,
        )
        session.full_clean(validate_constraints=False)
        session.save()
        _invite(session, people)
    logger.info("coaching: session %s scheduled, %s invited", session.pk, len(people))
    return session


def session_update(*, session: Session, by: User, **fields: Any) -> Session:
    """Changes a session (any of ``UPDATABLE_FIELDS``) under the rules of scheduling. New
    invitees get the invitation, removed ones an e-mail that the session is off for them, and
    those who stay an e-mail with the new details when the kind, time or place changed.
    Refused once the session is cancelled or its attendance recorded."""
    unknown = set(fields) - UPDATABLE_FIELDS
    if unknown:
        raise TypeError(f"session_update: unknown fields {sorted(unknown)}")
    with transaction.atomic():
        locked = (
            Session.objects.select_for_update().select_related("facilitator").get(pk=session.pk)
        )
        _lock(locked.facilitator)
        if not _may_manage(by, locked):
            raise ValidationError(_("Only the facilitator or an administrator changes a session."))
        if locked.is_cancelled:
            raise ValidationError(_("This session was cancelled: it can no longer be changed."))
        if locked.attendance_recorded_at is not None:
            raise ValidationError(
                _("Attendance has been recorded: the session can no longer be changed.")
            )
        current = {
            invitation.coordinator_id: invitation
            for invitation in locked.invitations.select_related("coordinator")
        }
        if "invitees" in fields:
            people = _unique(fields.pop("invitees"))
        else:
            people = [invitation.coordinator for invitation in current.values()]
        before = {name: getattr(locked, name) for name in _ANNOUNCED_FIELDS}
        for name, value in fields.items():
            if name in ("place", "online_url"):
                value = (value or "").strip()
            setattr(locked, name, value)
        _check(
            kind=locked.kind,
            facilitator=locked.facilitator,
            starts_at=locked.starts_at,
            ends_at=locked.ends_at,
            invitees=people,
            capacity=locked.capacity,
            group=locked.group,
            already_invited=current.keys(),
            session_pk=locked.pk,
        )
        locked.full_clean(validate_constraints=False)
        locked.save()

        wanted = {user.pk for user in people}
        for user_id, invitation in current.items():
            if user_id not in wanted:
                invitation.delete()
                outbox_add(
                    topic=TOPIC_UNINVITED,
                    object_id=uninvited_id(session_id=locked.pk, user_id=user_id),
                    again=True,
                )
        _invite(locked, [user for user in people if user.pk not in current])
        changed = any(getattr(locked, name) != value for name, value in before.items())
        if changed:
            staying = locked.invitations.filter(coordinator_id__in=set(current) & wanted)
            if locked.starts_at != before["starts_at"]:
                # Another day: the reminder is due again.
                staying.update(reminded_at=None)
            for invitation_id in staying.values_list("pk", flat=True):
                outbox_add(topic=TOPIC_CHANGED, object_id=invitation_id, again=True)
    logger.info("coaching: session %s changed", locked.pk)
    return locked


def session_cancel(*, session: Session, by: User) -> Session:
    """Cancels a session that has not ended; every invitee is told by e-mail."""
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if not _may_manage(by, locked):
            raise ValidationError(_("Only the facilitator or an administrator cancels a session."))
        if locked.is_cancelled:
            raise ValidationError(_("This session was cancelled already."))
        if locked.has_ended():
            raise ValidationError(_("This session has taken place: it cannot be cancelled."))
        locked.cancelled_at = timezone.now()
        locked.save(update_fields=["cancelled_at"])
        for invitation_id in locked.invitations.values_list("pk", flat=True):
            outbox_add(topic=TOPIC_CANCELLED, object_id=invitation_id)
    logger.info("coaching: session %s cancelled", locked.pk)
    return locked


def attendance_record(*, session: Session, attended_ids: Iterable[int], recorded_by: User) -> int:
    """Records who attended (``attended_ids``: the coordinators' user ids; every other
    invitee absent), once the session has ended. For intervision, each attendee's renewal
    activity is recorded in training, and taken back from whom a correction marks absent.
    Recording again corrects. Returns how many attended."""
    present = {int(pk) for pk in attended_ids}
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if not _may_manage(recorded_by, locked):
            raise ValidationError(_("Only the facilitator or an administrator records attendance."))
        if locked.is_cancelled:
            raise ValidationError(
                _("This session was cancelled: there is no attendance to record.")
            )
        if not locked.has_ended():
            raise ValidationError(_("Attendance can be recorded once the session has ended."))
        invitations = list(locked.invitations.select_related("coordinator"))
        if present - {invitation.coordinator_id for invitation in invitations}:
            raise ValidationError(
                {"attended_ids": _("Only the coordinators invited can be marked present.")}
            )
        reference = renewal_reference(locked)
        for invitation in invitations:
            was = invitation.attended
            invitation.attended = invitation.coordinator_id in present
            if invitation.attended != was:
                invitation.save(update_fields=["attended"])
            if locked.kind != SessionKind.INTERVISION:
                continue
            if invitation.attended:
                renewal_activity_record(
                    user=invitation.coordinator,
                    kind=RenewalActivityKind.INTERVISION,
                    occurred_on=locked.day,
                    reference=reference,
                )
            elif was:
                renewal_activity_withdraw(
                    user=invitation.coordinator,
                    kind=RenewalActivityKind.INTERVISION,
                    reference=reference,
                )
        locked.attendance_recorded_at = timezone.now()
        locked.save(update_fields=["attendance_recorded_at"])
    logger.info("coaching: session %s attendance recorded (%s present)", locked.pk, len(present))
    return len(present)


def session_summary_save(*, session: Session, summary: str, by: User) -> Session:
    """The summary shared with the coordinators who attended; the facilitator writes it."""
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.facilitator_id != by.pk:
            raise ValidationError({"summary": _("Only the facilitator writes the summary.")})
        if locked.is_cancelled:
            raise ValidationError({"summary": _("This session was cancelled.")})
        locked.summary = summary.strip()
        locked.save(update_fields=["summary"])
    logger.info("coaching: session %s summary saved", locked.pk)
    return locked


def private_note_save(*, session: Session, author: User, text: str) -> PrivateNote | None:
    """The author's own note on a session (the facilitator or an invitee): one per author
    and session, read by them alone. Empty text deletes it; returns the note or None."""
    is_invited = session.invitations.filter(coordinator=author).exists()
    if session.facilitator_id != author.pk and not is_invited:
        raise ValidationError({"text": _("Only the facilitator and the invitees keep notes.")})
    text = text.strip()
    with transaction.atomic():
        if not text:
            PrivateNote.objects.filter(session=session, author=author).delete()
            return None
        note, _created = PrivateNote.objects.update_or_create(
            session=session,
            author=author,
            defaults={"text": text, "updated_at": timezone.now()},
        )
    return note


def intervision_group_save(
    *, coach: User, name: str, members: Iterable[User], region: Region
) -> IntervisionGroup:
    """Saves (or, for a name the coach used before, replaces the members of) an intervision
    group to invite again."""
    name = " ".join(name.split())
    people = _unique(members)
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the group a name.")]
    elif len(name) > IntervisionGroup._meta.get_field("name").max_length:  # type: ignore[operator]
        errors["name"] = [_("The name is too long: 100 characters at most.")]
    if not people:
        errors["members"] = [_("A group needs at least one coordinator.")]
    else:
        ids = {user.pk for user in people}
        allowed = invitable_coordinators(coach).filter(pk__in=ids).count()
        if allowed != len(ids):
            errors["members"] = [_("A group holds only coordinators you may invite.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        group, _created = IntervisionGroup.objects.update_or_create(
            coach=coach, name=name, defaults={"region": region}
        )
        group.members.set(people)
    logger.info("coaching: intervision group %s saved", group.pk)
    return group


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )
    return start, end


def sessions_remind_due(*, now: datetime.datetime | None = None) -> int:
    """Sends the reminder of tomorrow's sessions (Brussels date) to each invitee who has not
    declined. Each invitation is claimed by one conditional update of ``reminded_at``, so the
    reminder goes once, however many beats run. Returns how many were claimed."""
    now = now or timezone.now()
    start, end = _day_bounds(timezone.localdate(now) + datetime.timedelta(days=1))
    due = (
        Invitation.objects.filter(
            session__starts_at__gte=start,
            session__starts_at__lt=end,
            session__cancelled_at__isnull=True,
            reminded_at__isnull=True,
        )
        .exclude(reply=Reply.NOT_COMING)
        .values_list("pk", flat=True)
    )
    claimed = 0
    for invitation_id in list(due):
        with transaction.atomic():
            won = (
                Invitation.objects.filter(pk=invitation_id, reminded_at__isnull=True)
                .exclude(reply=Reply.NOT_COMING)
                .update(reminded_at=now)
            )
            if won:
                outbox_add(topic=TOPIC_REMINDER, object_id=invitation_id, again=True)
                claimed += 1
    if claimed:
        logger.info("coaching: %s session reminders claimed", claimed)
    return claimed
