"""The certificates area's reads: where a volunteer stands on a track's three requirements
(modules, attended training days, sign-off: ``track_status``), where a holder stands on
renewing a certificate (``renewal_status``), and the coordinators that matching may choose from
(``coordinators_with_valid_certificate``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from people.models import User
from training.certificates.models import Certificate, RenewalActivity, RenewalActivityKind
from training.days.selectors import attended_days
from training.learning import selectors as learning
from training.learning.models import LessonProgress, Track, TrackEnrolment
from training.learning.pages import ModulePage

# A renewal can be asked for from this many days before the certificate expires (the first
# reminder comes 60 days before); the new certificate runs on from the old one's expiry, so
# renewing early costs the volunteer nothing.
RENEWAL_OPENS_DAYS = 90


# How far back intervision sessions count towards a renewal.
INTERVISION_WINDOW_MONTHS = 12


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


@dataclass
class TrackStatus:
    track: Track
    modules: list[learning.ModuleStatus]
    days_attended: int
    signed_off: bool

    @property
    def modules_done(self) -> int:
        return sum(1 for status in self.modules if status.completed)

    @property
    def modules_complete(self) -> bool:
        return bool(self.modules) and self.modules_done == len(self.modules)

    @property
    def days_complete(self) -> bool:
        return self.days_attended >= self.track.required_training_days

    @property
    def sign_off_complete(self) -> bool:
        return self.signed_off or not self.track.sign_off_required

    @property
    def complete(self) -> bool:
        return self.modules_complete and self.days_complete and self.sign_off_complete

    @property
    def percent(self) -> int:
        return track_percent(
            self.track,
            modules=len(self.modules),
            modules_done=self.modules_done,
            days_attended=self.days_attended,
            signed_off=self.signed_off,
        )


def track_percent(
    track: Track, *, modules: int, modules_done: int, days_attended: int, signed_off: bool
) -> int:
    """A rough share of the whole track done: modules, days and sign-off together."""
    parts = modules + track.required_training_days
    parts += 1 if track.sign_off_required else 0
    if not parts:
        return 0
    done = modules_done + min(days_attended, track.required_training_days)
    done += 1 if track.sign_off_required and signed_off else 0
    return round(100 * done / parts)


def track_status(
    user,
    track: Track,
    *,
    enrolment: TrackEnrolment | None = None,
    done_keys: set | None = None,
    days_attended: int | None = None,
) -> TrackStatus:
    """Where the user stands on the track's three requirements. A caller that has read the
    user's enrolment in the track, their completed lessons (``learning.user_done_keys``) or
    the number of the track's days they attended passes them, and saves those queries."""
    modules = learning.track_modules(track)
    if enrolment is None:
        enrolment = TrackEnrolment.objects.filter(user=user, track=track).first()
    if days_attended is None:
        days_attended = attended_days([user.pk], track).get(user.pk, 0)
    return TrackStatus(
        track=track,
        modules=learning.module_statuses(user, modules, done_keys=done_keys),
        days_attended=days_attended,
        signed_off=bool(enrolment and enrolment.signed_off_at),
    )


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
        lessons = learning.lessons_by_module([module]).get(module.pk, [])
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


def coordinators_with_valid_certificate(day: datetime.date | None = None):
    """Active coordinators holding a valid, unrevoked certificate on ``day`` (today by default)
    of a track that qualifies for matching: the ones matching may choose from. One query when
    evaluated."""
    valid = Certificate.objects.valid_on(day).filter(track__qualifies_for_matching=True)
    return User.objects.coordinators().filter(pk__in=valid.values("user_id")).distinct()


def latest_certification_day(user) -> datetime.date | None:
    """The day of the user's latest certificate that was not revoked, if any."""
    return Certificate.objects.filter(user=user, revoked_at__isnull=True).aggregate(
        day=Max("issued_on")
    )["day"]
