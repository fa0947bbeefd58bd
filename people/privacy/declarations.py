"""people's entries in the register of personal data (people.privacy.registry).

The volunteer as a data subject (find, export, erase) is registered by ``training``, which holds
the applications, progress and certificates; it calls ``services.user_anonymise`` for the
account itself. Here: what ``people`` holds (and the log-in's sessions of Django and allauth), and
the retention rules for its own traces (sent outbox rows, stored mail files, expired sessions,
old access events).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from people.audit.models import AccessEvent
from people.audit.services import access_events_prune
from people.mail import delivering_backend
from people.models import OutboxMessage
from people.privacy.registry import (
    Basis,
    Holding,
    NoPersonalData,
    RetentionRule,
    Whose,
    register,
)

register(
    Holding(
        model="people.User",
        fields=(
            "email",
            "first_name",
            "last_name",
            "phone",
            "postcode",
            "languages",
            "available_from",
            "password",
        ),
        whose=(Whose.VOLUNTEER, Whose.COACH, Whose.STAFF),
        basis=Basis.CONTRACT,
        retention=_(
            "While the account is in use; anonymised when the person's data is erased "
            "(on request, or when their volunteering ends)."
        ),
    ),
    Holding(
        model="people.CoachAssignment",
        fields=("handover_note",),
        whose=(Whose.VOLUNTEER,),
        basis=Basis.CONTRACT,
        retention=_("With the coordinator's account; the note is blanked when it is erased."),
    ),
    Holding(
        model="people.AccessEvent",
        fields=("actor", "address"),
        whose=(Whose.VOLUNTEER, Whose.COACH, Whose.STAFF),
        basis=Basis.LEGAL_OBLIGATION,  # security of processing, GDPR art. 32
        retention=format_lazy(
            _("{days} days (KRING_AUDIT_RETENTION_DAYS), then deleted."),
            days=settings.KRING_AUDIT_RETENTION_DAYS,
        ),
        not_personal_fields=("object_type", "object_id"),
    ),
    Holding(
        model="people.ErasureRequest",
        fields=("reason", "requested_by", "confirmed_by"),
        whose=(Whose.STAFF,),
        basis=Basis.LEGAL_OBLIGATION,  # accountability, GDPR art. 5(2)
        retention=_(
            "Kept as the record that an erasure was asked and done; it names the record by its "
            "kind and number, never by a name."
        ),
        not_personal_fields=("subject_kind",),
    ),
    Holding(
        model="usersessions.UserSession",
        fields=("ip", "user_agent", "data"),
        whose=(Whose.VOLUNTEER, Whose.COACH, Whose.STAFF),
        basis=Basis.LEGAL_OBLIGATION,  # security of processing, GDPR art. 32
        retention=_(
            "The signed-in sessions a person sees and can end under their account; deleted when "
            "the session can no longer be alive (SESSION_COOKIE_AGE after it was last seen), "
            "and when the account is erased."
        ),
        not_personal_fields=("session_key",),
    ),
    Holding(
        model="sessions.Session",
        fields=("session_data",),
        whose=(Whose.VOLUNTEER, Whose.COACH, Whose.STAFF),
        basis=Basis.CONTRACT,
        retention=_(
            "Until the session expires (a log-out ends it at once); expired sessions are deleted "
            "by the nightly retention run."
        ),
        not_personal_fields=("session_key",),
    ),
    NoPersonalData(
        model="people.Region",
        why="A region's shared contact address and number: the organisation's, not a person's "
        "(the staff contact is a link to a user).",
        reviewed_fields=("name", "email", "phone"),
    ),
    NoPersonalData(model="people.Postcode", why="Belgian postcodes and their regions."),
    NoPersonalData(
        model="people.Place",
        why="Place names of postcodes (public reference data).",
        reviewed_fields=("name",),
    ),
    NoPersonalData(
        model="people.OutboxMessage",
        why="A topic and an object id only; sent rows are deleted after "
        "KRING_RETENTION_OUTBOX_DAYS. The last error has its e-mail addresses blanked.",
        reviewed_fields=("last_error",),
    ),
    NoPersonalData(
        model="people.OutboxAttempt",
        why="When a delivery was tried and its error, with e-mail addresses blanked; deleted "
        "with its outbox message.",
        reviewed_fields=("error",),
    ),
    NoPersonalData(
        model="people.RetentionRun",
        why="Counts per rule, and for a dry run the types and ids of records, never names.",
    ),
)


# --- Retention rules --------------------------------------------------------------------------


def _outbox_due(now: datetime) -> Iterable[OutboxMessage]:
    cutoff = now - timedelta(days=settings.KRING_RETENTION_OUTBOX_DAYS)
    return OutboxMessage.objects.filter(sent_at__lt=cutoff).order_by("pk")


def _outbox_apply(message: OutboxMessage, now: datetime) -> None:
    OutboxMessage.objects.filter(pk=message.pk, sent_at__isnull=False).delete()


def mail_folder() -> Path | None:
    """The folder of stored mails when the file e-mail backend is used, else None."""
    if delivering_backend() != "django.core.mail.backends.filebased.EmailBackend":
        return None
    path = getattr(settings, "EMAIL_FILE_PATH", None)
    return Path(path) if path else None


def _mail_due(now: datetime) -> Iterable[Path]:
    folder = mail_folder()
    if folder is None or not folder.is_dir():
        return []
    cutoff = (now - timedelta(days=settings.KRING_RETENTION_MAIL_DAYS)).timestamp()
    return sorted(
        path for path in folder.iterdir() if path.is_file() and path.stat().st_mtime < cutoff
    )


def _mail_apply(path: Path, now: datetime) -> None:
    path.unlink(missing_ok=True)


class Batch:
    """Stands for all rows of a rule past their period: they go in one statement, which returns
    how many went. A dry run counts them and lists no key (a session's key is a secret)."""

    def __init__(self, pk: str, size: int) -> None:
        self.pk = pk
        self.retention_size = size  # what a dry run counts

    def __str__(self) -> str:
        return self.pk


def _audit_due(now: datetime) -> Iterable[Batch]:
    cutoff = now - timedelta(days=settings.KRING_AUDIT_RETENTION_DAYS)
    size = AccessEvent.objects.filter(at__lt=cutoff).count()
    return [Batch("access events past their period", size)] if size else []


def _audit_apply(batch: Batch, now: datetime) -> int:
    return access_events_prune(now=now)


def _expired_sessions(now: datetime) -> QuerySet[Session]:
    return Session.objects.filter(expire_date__lt=now)


def _sessions_due(now: datetime) -> Iterable[Batch]:
    size = _expired_sessions(now).count()
    return [Batch("expired sessions", size)] if size else []


def _sessions_apply(batch: Batch, now: datetime) -> int:
    deleted, _per_model = _expired_sessions(now).delete()
    return deleted


def _ended_user_sessions(now: datetime) -> QuerySet[UserSession]:
    """allauth's list of a person's sessions (address, browser): the rows whose session cannot
    be alive any more, last seen longer ago than a session lasts."""
    cutoff = now - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    return UserSession.objects.filter(last_seen_at__lt=cutoff)


def _user_sessions_due(now: datetime) -> Iterable[Batch]:
    size = _ended_user_sessions(now).count()
    return [Batch("signed-in sessions that ended", size)] if size else []


def _user_sessions_apply(batch: Batch, now: datetime) -> int:
    deleted, _per_model = _ended_user_sessions(now).delete()
    return deleted


register(
    RetentionRule(
        name="people.sent_outbox_messages",
        label=_("sent outbox messages"),
        due=_outbox_due,
        apply=_outbox_apply,
    ),
    RetentionRule(
        name="people.stored_mails",
        label=_("stored e-mail files"),
        due=_mail_due,
        apply=_mail_apply,
    ),
    RetentionRule(
        name="people.expired_sessions",
        label=_("expired sessions"),
        due=_sessions_due,
        apply=_sessions_apply,
    ),
    RetentionRule(
        name="people.ended_user_sessions",
        label=_("signed-in sessions that ended"),
        due=_user_sessions_due,
        apply=_user_sessions_apply,
    ),
    RetentionRule(
        name="people.access_events",
        label=_("access log events"),
        due=_audit_due,
        apply=_audit_apply,  # returns how many events went
    ),
)
