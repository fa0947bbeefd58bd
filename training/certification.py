"""Issuing certificates, and the reads that depend on them.

``certificate_issue`` writes a certificate with a random verification code and its expiry
reminders; ``certificates_award_due`` issues what a volunteer has earned;
``coordinators_with_valid_certificate`` is the one query matching calls.
"""

from __future__ import annotations

import datetime
import secrets

from django.db import transaction
from django.utils import timezone

from people.models import User
from training.models import Certificate, Reminder, ReminderKind, Track, TrackEnrolment

# Days before expiry at which the holder is reminded, with the kind of each reminder.
EXPIRY_REMINDERS = {60: ReminderKind.CERTIFICATE_60, 14: ReminderKind.CERTIFICATE_14}


def certificate_code_new() -> str:
    """128 random bits, URL-safe: 22 characters nobody can guess or count up to."""
    return secrets.token_urlsafe(16)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later; the last day of the month when that day does not exist."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover -- every month has a 28th


@transaction.atomic
def certificate_issue(
    *,
    user: User,
    track: Track,
    issued_on: datetime.date | None = None,
    issued_by: User | None = None,
    renews: Certificate | None = None,
) -> Certificate:
    """Issue the track's certificate to the user, valid for the track's period, and plan the
    reminders before it expires."""
    issued_on = issued_on or timezone.localdate()
    certificate = Certificate.objects.create(
        user=user,
        track=track,
        code=certificate_code_new(),
        holder_name=user.get_full_name() or user.email,
        title=track.certificate_title or track.name,
        issued_on=issued_on,
        valid_until=add_months(issued_on, track.validity_months),
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
    """Issue the certificate of each active track the user follows, has completed, and holds no
    valid certificate for. Returns the new certificates."""
    from training.progress import track_status

    issued = []
    enrolments = TrackEnrolment.objects.filter(user=user, track__is_active=True).select_related(
        "track"
    )
    for enrolment in enrolments:
        track = enrolment.track
        with transaction.atomic():
            # Lock the enrolment so that two completions at once issue one certificate.
            TrackEnrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
            if Certificate.objects.valid_on().filter(user=user, track=track).exists():
                continue
            if track_status(user, track).complete:
                issued.append(certificate_issue(user=user, track=track))
    return issued


def coordinators_with_valid_certificate(day: datetime.date | None = None):
    """Active users holding a valid, unrevoked certificate today: the ones matching may choose
    from. One query when evaluated."""
    valid = Certificate.objects.valid_on(day)
    return User.objects.filter(is_active=True, pk__in=valid.values("user_id"))
