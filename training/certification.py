"""Issuing, revoking and renewing certificates, and the reads that depend on them.

``certificate_issue`` writes a certificate with a random verification code and its expiry
reminders; ``certificates_award_due`` issues what a volunteer has earned; ``certificate_revoke``
withdraws one; ``renewal_status`` and ``certificate_renew`` keep one going;
``renewal_activity_record`` is how a higher app (coaching) records what counts towards renewal;
``coordinators_with_valid_certificate`` is the one query matching calls;
``certificate_pdf_render`` draws the certificate a holder downloads.
"""

from __future__ import annotations

import base64
import datetime
import logging
import re
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from people.links import absolute_url
from people.models import User
from training.models import (
    Certificate,
    LessonProgress,
    ModulePage,
    Reminder,
    ReminderKind,
    RenewalActivity,
    RenewalActivityKind,
    Track,
    TrackEnrolment,
)

logger = logging.getLogger(__name__)

# Days before expiry at which the holder is reminded, with the kind of each reminder.
EXPIRY_REMINDERS = {60: ReminderKind.CERTIFICATE_60, 14: ReminderKind.CERTIFICATE_14}

# A renewal can be asked for from this many days before the certificate expires (the first
# reminder comes 60 days before); the new certificate runs on from the old one's expiry, so
# renewing early costs the volunteer nothing.
RENEWAL_OPENS_DAYS = 90

# How far back intervision sessions count towards a renewal.
INTERVISION_WINDOW_MONTHS = 12

# What ``certificate_code_new`` makes: URL-safe base64 of 16 random bytes (22 characters). A
# little room above, up to the column's length, in case codes grow one day.
CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{22,32}")


def certificate_code_new() -> str:
    """128 random bits, URL-safe: 22 characters nobody can guess or count up to."""
    return secrets.token_urlsafe(16)


def certificate_code_well_formed(code: str) -> bool:
    """Whether ``code`` could be a verification code at all (before asking the database)."""
    return CODE_PATTERN.fullmatch(code or "") is not None


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


def coordinators_with_valid_certificate(day: datetime.date | None = None):
    """Active coordinators holding a valid, unrevoked certificate on ``day`` (today by default)
    of a track that qualifies for matching: the ones matching may choose from. One query when
    evaluated."""
    valid = Certificate.objects.valid_on(day).filter(track__qualifies_for_matching=True)
    return User.objects.coordinators().filter(pk__in=valid.values("user_id")).distinct()


def _pending_reminders_cancel(certificate: Certificate) -> int:
    return Reminder.objects.filter(
        certificate=certificate, sent_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=timezone.now())


# --- Revoking ---------------------------------------------------------------------------------


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


# --- Renewal ----------------------------------------------------------------------------------


@dataclass
class RenewalStatus:
    """What a certificate's holder still needs to do to renew it.

    - the track's refresher module (if it has one): every live lesson completed again within
      the certificate's validity period;
    - at least ``track.intervision_per_year`` intervision sessions in the last 12 months.
    """

    certificate: Certificate
    today: datetime.date
    refresher_module: ModulePage | None = None
    refresher_lessons_total: int = 0
    refresher_lessons_done: int = 0
    intervision_required: int = 0
    intervision_attended: int = 0
    intervision_since: datetime.date | None = None
    renewed_by: Certificate | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def opens_on(self) -> datetime.date:
        return self.certificate.valid_until - datetime.timedelta(days=RENEWAL_OPENS_DAYS)

    @property
    def is_open(self) -> bool:
        return self.today >= self.opens_on

    @property
    def revoked(self) -> bool:
        return self.certificate.revoked_at is not None

    @property
    def refresher_done(self) -> bool:
        if self.refresher_module is None:
            return True
        return bool(self.refresher_lessons_total) and (
            self.refresher_lessons_done >= self.refresher_lessons_total
        )

    @property
    def intervision_done(self) -> bool:
        return self.intervision_attended >= self.intervision_required

    @property
    def requirements_met(self) -> bool:
        return self.refresher_done and self.intervision_done

    @property
    def can_renew(self) -> bool:
        return (
            not self.revoked and self.renewed_by is None and self.is_open and self.requirements_met
        )

    @property
    def missing(self) -> list[str]:
        """What stands in the way, one sentence each (empty when it can be renewed)."""
        reasons = []
        if self.revoked:
            reasons.append(_("The certificate was revoked."))
        if self.renewed_by is not None:
            reasons.append(_("The certificate has already been renewed."))
        if not self.revoked and self.renewed_by is None and not self.is_open:
            reasons.append(_("Renewal opens on %(date)s.") % {"date": date_format(self.opens_on)})
        if not self.refresher_done:
            reasons.append(
                _(
                    "Complete the refresher module “%(module)s” again "
                    "(%(done)d of %(total)d lessons done since the certificate was issued)."
                )
                % {
                    "module": self.refresher_module.title if self.refresher_module else "",
                    "done": self.refresher_lessons_done,
                    "total": self.refresher_lessons_total,
                }
            )
        if not self.intervision_done:
            reasons.append(
                _(
                    "Attend at least %(required)d intervision sessions in the last 12 months "
                    "(%(attended)d so far)."
                )
                % {"required": self.intervision_required, "attended": self.intervision_attended}
            )
        return reasons


def _aware_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


def renewal_status(
    *, certificate: Certificate, today: datetime.date | None = None
) -> RenewalStatus:
    """Where the holder stands on renewing ``certificate``. A fixed number of queries."""
    from training.progress import lessons_by_module

    today = today or timezone.localdate()
    track = certificate.track
    status = RenewalStatus(
        certificate=certificate,
        today=today,
        intervision_required=track.intervision_per_year,
        renewed_by=certificate.renewals.filter(revoked_at__isnull=True).order_by("pk").first(),
    )
    module = track.refresher_module
    if module is not None:
        lessons = lessons_by_module([module]).get(module.pk, [])
        keys = {lesson.translation_key for lesson in lessons}
        status.refresher_module = module
        status.refresher_lessons_total = len(keys)
        if keys:
            # Completed within the validity period: on or after the issue day, up to and
            # including the last valid day.
            status.refresher_lessons_done = (
                LessonProgress.objects.filter(
                    user_id=certificate.user_id,
                    lesson_key__in=keys,
                    completed_at__gte=_aware_start(certificate.issued_on),
                    completed_at__lt=_aware_start(
                        certificate.valid_until + datetime.timedelta(days=1)
                    ),
                )
                .values("lesson_key")
                .distinct()
                .count()
            )
    since = add_months(today, -INTERVISION_WINDOW_MONTHS)
    status.intervision_since = since
    if track.intervision_per_year:
        status.intervision_attended = RenewalActivity.objects.filter(
            user_id=certificate.user_id,
            kind=RenewalActivityKind.INTERVISION,
            occurred_on__gt=since,
            occurred_on__lte=today,
        ).count()
    return status


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


# --- The PDF ----------------------------------------------------------------------------------


def certificate_verify_url(certificate: Certificate, request=None) -> str:
    """The absolute address of the certificate's public verification page."""
    path = reverse("training:certificate_verify", kwargs={"code": certificate.code})
    return absolute_url(path)  # SITE_URL, never the request's host


def _logo_data_uri() -> str:
    """The logo, inlined: the PDF is drawn without fetching anything."""
    found = finders.find("img/kring-logo.svg")
    if not found:
        return ""
    path = found[0] if isinstance(found, list) else found
    with open(path, "rb") as logo:
        return "data:image/svg+xml;base64," + base64.b64encode(logo.read()).decode("ascii")


def holder_language(certificate: Certificate) -> str:
    """The language the certificate is drawn in: the holder's own, else Dutch."""
    language = certificate.user.preferred_language or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def certificate_pdf_html(*, certificate: Certificate, request=None) -> str:
    """The HTML that WeasyPrint draws the certificate from, in the holder's language (texts,
    title, track, dates and the verification address, which opens the page in that language)."""
    with translation.override(holder_language(certificate)):
        return render_to_string(
            "training/certificate_pdf.html",
            {
                "certificate": certificate,
                "track": certificate.track,
                "verify_url": certificate_verify_url(certificate, request),
                "logo": _logo_data_uri(),
                "revoked": certificate.revoked_at is not None,
            },
        )


def certificate_pdf_render(*, certificate: Certificate, request=None) -> bytes:
    """The certificate as a one-page A4 PDF (landscape): holder, title, track, dates, the
    verification code and address. Nothing is fetched from the network: the fonts are the
    system's, the logo is inlined, and the fetcher only accepts ``data:`` addresses."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = certificate_pdf_html(certificate=certificate, request=request)
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
