"""Issuing, revoking and renewing certificates.

``certificate_issue`` writes a certificate with a random verification code and its expiry
reminders; ``certificates_award_due`` issues what a volunteer has earned (the receiver of
``training.learning.signals.progress_changed`` calls it); ``certificate_revoke`` withdraws one;
``certificate_renew`` keeps one going; ``renewal_activity_record`` is how a higher app
(coaching) records what counts towards renewal.
"""

from __future__ import annotations

import datetime
import logging
import re
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import User
from training.certificates.models import Certificate, RenewalActivity, RenewalActivityKind
from training.certificates.selectors import add_months, renewal_status, track_status
from training.days.models import Reminder, ReminderKind
from training.learning.models import Track, TrackEnrolment

logger = logging.getLogger(__name__)


# Days before expiry at which the holder is reminded, with the kind of each reminder.
EXPIRY_REMINDERS = {60: ReminderKind.CERTIFICATE_60, 14: ReminderKind.CERTIFICATE_14}


# What ``certificate_code_new`` makes: URL-safe base64 of 16 random bytes (22 characters). A
# little room above, up to the column's length, in case codes grow one day.
CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{22,32}")


def certificate_code_new() -> str:
    """128 random bits, URL-safe: 22 characters nobody can guess or count up to."""
    return secrets.token_urlsafe(16)


def certificate_code_well_formed(code: str) -> bool:
    """Whether ``code`` could be a verification code at all (before asking the database)."""
    return CODE_PATTERN.fullmatch(code or "") is not None


@transaction.atomic
def certificate_issue(
    *,
    user: User,
    track: Track,
    issued_on: datetime.date | None = None,
    issued_by: User | None = None,
    renews: Certificate | None = None,
    valid_until: datetime.date | None = None,
) -> Certificate:
    """Issue the track's certificate to the user, valid for the track's period (or until
    ``valid_until``, for a renewal), and plan the reminders before it expires."""
    issued_on = issued_on or timezone.localdate()
    certificate = Certificate.objects.create(
        user=user,
        track=track,
        code=certificate_code_new(),
        holder_name=user.get_full_name() or user.email,
        title=track.certificate_title_in("nl"),
        title_fr=track.certificate_title_fr or track.name_fr,
        title_en=track.certificate_title_en or track.name_en,
        issued_on=issued_on,
        valid_until=valid_until or add_months(issued_on, track.validity_months),
        issued_by=issued_by,
        renews=renews,
    )
    tz = timezone.get_current_timezone()
    for days, kind in EXPIRY_REMINDERS.items():
        due_day = certificate.valid_until - datetime.timedelta(days=days)
        Reminder.objects.create(
            kind=kind,
            user=user,
            certificate=certificate,
            due_at=datetime.datetime.combine(due_day, datetime.time(9, 0), tzinfo=tz),
        )
    return certificate


def certificates_award_due(*, user: User) -> list[Certificate]:
    """Issue what the user has earned on each active track they follow; returns the new
    certificates. Idempotent.

    - No certificate yet for the track: the first one, once the track is complete.
    - Otherwise the latest one is renewed when its renewal rules are met (``renewal_status``:
      the window is open, the refresher module done again, enough intervision). A revoked
      certificate stays revoked until staff decide otherwise: it is never renewed here.
    """
    issued = []
    enrolments = TrackEnrolment.objects.filter(user=user, track__is_active=True).select_related(
        "track"
    )
    for enrolment in enrolments:
        track = enrolment.track
        with transaction.atomic():
            # Lock the enrolment so that two completions at once issue one certificate.
            TrackEnrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
            latest = (
                Certificate.objects.filter(user=user, track=track)
                .select_related("track__refresher_module")
                .order_by("-issued_on", "-pk")
                .first()
            )
            if latest is None:
                if track_status(user, track).complete:
                    issued.append(certificate_issue(user=user, track=track))
            elif renewal_status(certificate=latest).can_renew:
                issued.append(certificate_renew(certificate=latest))
    return issued


def _pending_reminders_cancel(certificate: Certificate) -> int:
    return Reminder.objects.filter(
        certificate=certificate, sent_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=timezone.now())


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, revoked_by: User, reason: str) -> Certificate:
    """Withdraw a certificate, with the reason why; its holder is no longer available for
    matching and gets no more expiry reminders. Revoking twice keeps the first revocation."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.revoked_by = revoked_by
        locked.revoked_reason = reason
        locked.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
        _pending_reminders_cancel(locked)
        logger.info("training: certificate %s revoked by user %s", locked.pk, revoked_by.pk)
    certificate.revoked_at = locked.revoked_at
    certificate.revoked_by = locked.revoked_by
    certificate.revoked_reason = locked.revoked_reason
    return certificate


@transaction.atomic
def certificate_renew(*, certificate: Certificate, renewed_by: User | None = None) -> Certificate:
    """Issue the certificate that renews ``certificate``, when its holder met the renewal
    requirements (else ``ValidationError`` listing what is missing). The new one is issued today
    and runs the track's period on from the old one's expiry (or from today, if it has expired).
    The old one's pending reminders are cancelled. Renewing twice is refused."""
    locked = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("track", "track__refresher_module", "user")
        .get(pk=certificate.pk)
    )
    status = renewal_status(certificate=locked)
    if not status.can_renew:
        raise ValidationError(status.missing)
    today = status.today
    start = max(today, locked.valid_until)
    renewal = certificate_issue(
        user=locked.user,
        track=locked.track,
        issued_on=today,
        issued_by=renewed_by,
        renews=locked,
        valid_until=add_months(start, locked.track.validity_months),
    )
    _pending_reminders_cancel(locked)
    logger.info("training: certificate %s renewed by certificate %s", locked.pk, renewal.pk)
    return renewal


@transaction.atomic
def renewal_activity_record(
    *, user: User, kind: str, occurred_on: datetime.date, reference: str
) -> RenewalActivity:
    """Record something that counts towards renewal (e.g. an intervision session the coaching app
    saw the volunteer attend). Idempotent: the same ``reference`` is stored once; recording it
    again with another date moves it to that date."""
    if kind not in RenewalActivityKind.values:
        raise ValueError(f"unknown renewal activity kind: {kind!r}")
    reference = str(reference).strip()
    if not reference:
        raise ValueError("a renewal activity needs a reference")
    activity, _created = RenewalActivity.objects.update_or_create(
        user=user, kind=kind, reference=reference, defaults={"occurred_on": occurred_on}
    )
    certificates_award_due(user=user)  # the last missing session may renew a certificate
    return activity


@transaction.atomic
def renewal_activity_withdraw(*, user: User, kind: str, reference: str) -> bool:
    """Take back an activity recorded by mistake (attendance corrected): it no longer counts
    towards a renewal that has not happened yet. A certificate already renewed on it stays.
    Whether there was one to take back."""
    deleted, _rows = RenewalActivity.objects.filter(
        user=user, kind=kind, reference=str(reference).strip()
    ).delete()
    return bool(deleted)
