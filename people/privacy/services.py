"""Data-subject requests, worked from the register (people.privacy.registry).

- ``person_find``: the records staff may see that match a name, an address or a reference.
- ``person_export``: everything Kring holds about one person (access and portability), logged.
- ``erasure_request`` / ``erasure_confirm`` / ``erasure_cancel``: erasure (anonymisation) of one
  record, with a colleague's confirmation where the subject kind asks for one, logged.
- ``user_anonymise``, ``outbox_forget``, ``mail_files_forget``: what the apps' ``erase``
  functions call for the account, the outbox and the stored mails.

Only regional staff and administrators handle requests; everyone else, and a record out of the
staff member's scope or unknown, gets ``Http404``. The exceptions below carry a message the
views show as is.
"""

from __future__ import annotations

import datetime
import decimal
import email
import email.policy
import logging
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from people.audit.models import AccessAction
from people.audit.services import access_record
from people.models import CoachAssignment, OutboxMessage, User
from people.privacy.declarations import mail_folder
from people.privacy.models import ErasureRequest
from people.privacy.registry import REGISTER, Subject, parts_of, subject
from people.roles import Role, access_for

logger = logging.getLogger(__name__)

# How many records of one kind a search shows.
FIND_LIMIT = 50
# Shorter search strings would delete unrelated stored mails ("Jo" is in "Johan" and "jour").
MAIL_NEEDLE_MIN_LENGTH = 3
# The file e-mail backend writes several messages into one file, separated by this line.
MAIL_SEPARATOR = "-" * 79


class PrivacyError(Exception):
    """A data-subject request that cannot go ahead; ``message`` says why, for staff."""

    message: str | Promise = _("This request cannot be handled.")

    def __init__(self, message: str | Promise | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class AlreadyErased(PrivacyError):
    message = _("This record has already been erased.")


class ErasureAlreadyRequested(PrivacyError):
    """There is an open request for this record; ``request`` is that request."""

    message = _("An erasure of this record has already been requested; a colleague confirms it.")

    def __init__(self, request: ErasureRequest | None = None) -> None:
        self.request = request
        super().__init__()


class ReasonRequired(PrivacyError):
    message = _("Give the reason for the erasure.")


class RequestClosed(PrivacyError):
    message = _("This erasure request has already been confirmed or cancelled.")


class SameStaffMember(PermissionDenied):
    """The staff member who asked for an erasure cannot confirm it too."""

    message = _("A colleague must confirm this erasure: you asked for it yourself.")

    def __str__(self) -> str:
        return str(self.message)


def can_handle_requests(user: Any) -> bool:
    """Whether ``user`` handles data-subject requests: regional staff and administrators."""
    return access_for(user).has(Role.REGIONAL_STAFF, Role.ADMINISTRATOR)


def _require_handler(user: Any) -> None:
    if not can_handle_requests(user):
        raise Http404


def _record(*, user: Any, kind: str, pk: Any) -> tuple[Subject, models.Model]:
    """The subject kind and the record ``user`` may see; ``Http404`` otherwise."""
    _require_handler(user)
    try:
        subj = subject(kind)
        pk = int(pk)
    except (LookupError, TypeError, ValueError):
        raise Http404 from None
    obj = subj.visible_to(user).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return subj, obj


# --- Finding and exporting --------------------------------------------------------------------


def person_find(
    *, user: Any, query: str, kinds: Iterable[str] | None = None
) -> list[tuple[Subject, list[models.Model]]]:
    """The records of each subject kind that ``user`` may see and that match ``query``, for the
    kinds that have any (at most ``FIND_LIMIT`` each). An empty query finds nothing."""
    query = (query or "").strip()
    if not query or not can_handle_requests(user):
        return []
    wanted = set(kinds) if kinds is not None else None
    found = []
    for subj in REGISTER.subjects.values():
        if wanted is not None and subj.kind not in wanted:
            continue
        records = list(subj.search(user, query)[:FIND_LIMIT])
        if records:
            found.append((subj, records))
    return found


def _json_ready(value: Any) -> Any:
    """``value`` as JSON types: dates as ISO strings, files by name, lazy texts as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal | uuid.UUID | Promise | Path):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, dict):
        return {str(key): _json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_ready(item) for item in value]
    return str(value)


def person_collect(*, subj: Subject, obj: models.Model) -> dict[str, list[dict[str, Any]]]:
    """The subject's own sections and those every part adds, JSON-ready."""
    sections: dict[str, list[dict[str, Any]]] = {}
    for collect in [subj.collect, *(part.collect for part in parts_of(subj.kind))]:
        for title, rows in collect(obj).items():
            sections.setdefault(str(title), []).extend(_json_ready(rows))
    return sections


@transaction.atomic
def person_export(*, user: Any, request: HttpRequest | None, kind: str, pk: Any) -> dict[str, Any]:
    """Everything Kring holds about one person, JSON-ready, and an EXPORT event in the access
    log (``AuditUnavailable`` when it cannot be written: then nothing is handed out).

    ``Http404`` for an unknown kind or record, or one out of ``user``'s scope."""
    subj, obj = _record(user=user, kind=kind, pk=pk)
    export = {
        "kind": subj.kind,
        "kind_label": str(subj.label),
        "record": subj.describe(obj),
        "id": obj.pk,
        "erased": subj.is_erased(obj),
        "exported_at": timezone.now().isoformat(),
        "sections": person_collect(subj=subj, obj=obj),
    }
    access_record(request=request, action=AccessAction.EXPORT, obj=obj, actor=user)
    return export


# --- Erasure ----------------------------------------------------------------------------------


def _erase(
    *,
    subj: Subject,
    obj: models.Model,
    erasure: ErasureRequest,
    user: Any,
    request: HttpRequest | None,
    now: datetime.datetime,
) -> ErasureRequest:
    """Runs the subject's erase and every part's, marks the request done and logs it; inside
    the caller's transaction, so it all happens or nothing does."""
    subj.erase(obj, now)
    for part in parts_of(subj.kind):
        part.erase(obj, now)
    erasure.confirmed_by = user
    erasure.confirmed_at = now
    erasure.done_at = now
    erasure.save(update_fields=["confirmed_by", "confirmed_at", "done_at"])
    access_record(request=request, action=AccessAction.ERASE, obj=obj, actor=user)
    return erasure


@transaction.atomic
def erasure_request(
    *, user: Any, request: HttpRequest | None, kind: str, pk: Any, reason: str
) -> ErasureRequest:
    """Asks for the erasure of one record, with a reason (no names in it). Kinds that need a
    colleague's confirmation (registrations) wait for ``erasure_confirm``; the others are
    erased at once (the request is then done, confirmed by the requester).

    ``AlreadyErased``, ``ErasureAlreadyRequested`` (one open request per record),
    ``ReasonRequired``; ``Http404`` for a record out of scope."""
    subj, obj = _record(user=user, kind=kind, pk=pk)
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired
    if subj.is_erased(obj):
        raise AlreadyErased
    now = timezone.now()
    try:
        with transaction.atomic():
            erasure = ErasureRequest.objects.create(
                subject_kind=subj.kind,
                object_id=obj.pk,
                reason=reason,
                requested_by=user,
                requested_at=now,
            )
    except IntegrityError:
        raise ErasureAlreadyRequested(
            ErasureRequest.objects.filter(
                subject_kind=subj.kind,
                object_id=obj.pk,
                done_at__isnull=True,
                cancelled_at__isnull=True,
            ).first()
        ) from None
    if not subj.second_confirmation:
        _erase(subj=subj, obj=obj, erasure=erasure, user=user, request=request, now=now)
    return erasure


def _open_request(*, user: Any, request_id: Any) -> tuple[ErasureRequest, Subject, models.Model]:
    """The request, locked, with its record as ``user`` may see it; ``Http404`` otherwise."""
    _require_handler(user)
    try:
        request_id = int(request_id)
    except (TypeError, ValueError):
        raise Http404 from None
    erasure = ErasureRequest.objects.select_for_update().filter(pk=request_id).first()
    if erasure is None:
        raise Http404
    subj, obj = _record(user=user, kind=erasure.subject_kind, pk=erasure.object_id)
    if not erasure.is_open:
        raise RequestClosed
    return erasure, subj, obj


@transaction.atomic
def erasure_confirm(*, user: Any, request: HttpRequest | None, request_id: Any) -> ErasureRequest:
    """A colleague confirms an open request: the record is erased (the subject's erase and every
    part's, in this one transaction) and the request is done. ``SameStaffMember`` for the
    requester, ``RequestClosed``, ``AlreadyErased``; ``Http404`` for a record out of scope."""
    erasure, subj, obj = _open_request(user=user, request_id=request_id)
    if erasure.requested_by_id == user.pk:
        raise SameStaffMember
    if subj.is_erased(obj):
        raise AlreadyErased
    return _erase(
        subj=subj, obj=obj, erasure=erasure, user=user, request=request, now=timezone.now()
    )


@transaction.atomic
def erasure_cancel(*, user: Any, request_id: Any) -> ErasureRequest:
    """Withdraws an open request (the requester, or a colleague who sees the record)."""
    erasure, _subj, _obj = _open_request(user=user, request_id=request_id)
    erasure.cancelled_at = timezone.now()
    erasure.save(update_fields=["cancelled_at"])
    return erasure


def erasure_requests_visible_to(user: Any) -> models.QuerySet[ErasureRequest]:
    """The erasure requests about records ``user`` may see (none for non-handlers)."""
    if not can_handle_requests(user) or not REGISTER.subjects:
        return ErasureRequest.objects.none()
    scope = Q()
    for subj in REGISTER.subjects.values():
        scope |= Q(subject_kind=subj.kind, object_id__in=subj.visible_to(user).values("pk"))
    return ErasureRequest.objects.filter(scope).select_related("requested_by", "confirmed_by")


# --- What the apps' erase functions call ------------------------------------------------------


def outbox_forget(*, topics: Iterable[str], object_id: int, unsent_only: bool = True) -> int:
    """Deletes the outbox messages of ``topics`` about ``object_id`` (by default only those not
    yet sent: mail about an erased record must not go out); returns how many."""
    messages = OutboxMessage.objects.filter(topic__in=list(topics), object_id=object_id)
    if unsent_only:
        messages = messages.filter(sent_at__isnull=True)
    _deleted, per_model = messages.delete()  # their attempts go with them
    return per_model.get(OutboxMessage._meta.label, 0)


def _mail_texts(raw: bytes) -> list[str]:
    """The text of every message in a stored mail file: the raw file, and each message's
    decoded headers and parts (quoted-printable, base64 and attachments included)."""
    texts = [raw.decode("utf-8", errors="replace")]
    for chunk in texts[0].split(MAIL_SEPARATOR):
        if not chunk.strip():
            continue
        message = email.message_from_string(chunk.strip("\n"), policy=email.policy.default)
        texts.extend(str(value) for value in message.values())
        for part in message.walk():
            if part.is_multipart():
                continue
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                texts.append(payload.decode("utf-8", errors="replace"))
    return texts


def mail_files_forget(*, needles: Iterable[str]) -> int:
    """Deletes the stored mail files (file e-mail backend) that hold any of ``needles`` (e-mail
    addresses, names; case-insensitive, shorter than three characters ignored); returns how
    many. With another e-mail backend there are no stored mails: 0."""
    wanted = [
        needle.strip().lower()
        for needle in needles
        if needle and len(needle.strip()) >= MAIL_NEEDLE_MIN_LENGTH
    ]
    folder = mail_folder()
    if not wanted or folder is None or not folder.is_dir():
        return 0
    deleted = 0
    for path in folder.iterdir():
        if not path.is_file():
            continue
        try:
            texts = _mail_texts(path.read_bytes())
        except OSError:
            continue
        if any(needle in text.lower() for text in texts for needle in wanted):
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted


def _sessions_forget(user: User) -> None:
    """Ends the user's sessions: database sessions keep the user's id in the session data."""
    for session in Session.objects.all().iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
    if apps.is_installed("allauth.usersessions"):
        apps.get_model("usersessions", "UserSession").objects.filter(user=user).delete()


@transaction.atomic
def user_anonymise(*, user: User, now: datetime.datetime) -> User:
    """Anonymises an account; the row stays, so figures keep counting it. Idempotent.

    Names, phone, postcode, languages blanked; the e-mail address becomes
    ``erased-<id>@invalid.example``; no password, inactive. Also gone: allauth's e-mail
    addresses and second factors, the user's sessions, Wagtail's profile (avatar), the
    hand-over notes about them as a coordinator, stored mails naming them, and their name in
    the admin histories (which name an account by its text)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    needles = [user.email, user.get_full_name()]
    user.first_name = ""
    user.last_name = ""
    user.phone = ""
    user.postcode = None
    user.languages = []
    user.available_from = None
    user.email = f"erased-{user.pk}@invalid.example"
    user.set_unusable_password()
    user.is_active = False
    if user.anonymised_at is None:
        user.anonymised_at = now
    user.save()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    _sessions_forget(user)
    CoachAssignment.objects.filter(coordinator=user).exclude(handover_note="").update(
        handover_note=""
    )
    _user_histories_forget(user)
    mail_files_forget(needles=needles)
    return user


def _user_histories_forget(user: User) -> None:
    """Wagtail's user profile (an avatar) goes; the Django and Wagtail admin histories keep the
    entry but name the account by its number only."""
    for profile in UserProfile.objects.filter(user=user):
        if profile.avatar:
            profile.avatar.delete(save=False)
        profile.delete()
    content_type = ContentType.objects.get_for_model(User)
    label = f"#{user.pk}"
    LogEntry.objects.filter(content_type=content_type, object_id=str(user.pk)).update(
        object_repr=label
    )
    ModelLogEntry.objects.filter(content_type=content_type, object_id=str(user.pk)).update(
        label=label
    )
