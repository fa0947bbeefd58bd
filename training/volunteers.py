"""Reads for the staff's and coaches' overviews of volunteers' training: who is in scope, how far
each is on a track, and where their certificate stands.

``volunteer_rows`` does a fixed number of queries whatever the number of volunteers (about
eight: the volunteers with their regions, the track's modules and lessons, lesson progress,
attended days, enrolments and certificates), so the tables keep their query budget.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.access import access_for, coordinators_of
from people.models import Region, User
from people.regions import region_name
from people.roles import Role
from training.models import Certificate, Track, TrackEnrolment
from training.progress import (
    ModuleStatus,
    TrackStatus,
    attended_days,
    completed_lesson_keys,
    lessons_by_module,
    track_modules,
)

# A valid certificate that ends within this many days "expires soon".
EXPIRING_WITHIN_DAYS = 60


class CertificateState:
    """Where a volunteer's certificate stands today; sortable by urgency."""

    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    REVOKED = "revoked"
    NONE = "none"

    choices = [
        (VALID, _("Valid")),
        (EXPIRING, _("Expires within 60 days")),
        (EXPIRED, _("Expired")),
        (REVOKED, _("Revoked")),
        (NONE, _("No certificate")),
    ]
    # Sorting: the ones that need attention first.
    order = {EXPIRING: 0, EXPIRED: 1, REVOKED: 2, NONE: 3, VALID: 4}

    @classmethod
    def label(cls, value: str) -> str:
        return str(dict(cls.choices)[value])


@dataclass
class VolunteerRow:
    """One volunteer in the staff's or coach's table."""

    user: User
    region_names: str
    track: Track | None
    enrolment: TrackEnrolment | None
    status: TrackStatus | None
    certificate: Certificate | None
    certificate_state: str

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.email

    @property
    def sort_name(self) -> str:
        return f"{self.user.last_name} {self.user.first_name}".lower()

    @property
    def enrolled(self) -> bool:
        return self.enrolment is not None

    @property
    def percent(self) -> int | None:
        return self.status.percent if self.status is not None else None

    @property
    def percent_sort(self) -> int:
        return self.percent if self.percent is not None else -1

    @property
    def days_attended(self) -> int:
        return self.status.days_attended if self.status is not None else 0

    @property
    def signed_off(self) -> bool:
        return bool(self.enrolment and self.enrolment.signed_off_at)

    @property
    def sign_off_sort(self) -> int:
        if self.enrolment is None:
            return -1
        return 1 if self.signed_off else 0

    @property
    def valid_until(self) -> datetime.date | None:
        return self.certificate.valid_until if self.certificate else None

    @property
    def valid_until_sort(self) -> datetime.date:
        return self.valid_until or datetime.date.min

    @property
    def certificate_sort(self) -> int:
        return CertificateState.order[self.certificate_state]

    @property
    def certificate_label(self) -> str:
        return CertificateState.label(self.certificate_state)


# --- Scope --------------------------------------------------------------------------------------


def volunteers_for_staff(user) -> QuerySet[User]:
    """The coordinators a staff member follows: those working in one of their regions;
    administrators all. Nobody for anyone else."""
    access = access_for(user)
    if access.is_administrator:
        return User.objects.coordinators()
    if not access.has(Role.REGIONAL_STAFF):
        return User.objects.none()
    in_regions = User.regions.through.objects.filter(region_id__in=access.region_ids)
    return User.objects.coordinators().filter(pk__in=in_regions.values("user_id"))


def volunteers_for_coach(coach) -> QuerySet[User]:
    """The coordinators the coach coaches today."""
    return User.objects.coordinators().filter(pk__in=coordinators_of(coach).values("pk"))


def volunteer_visible_to(volunteer: User, user) -> bool:
    """Whether ``user`` may follow ``volunteer``'s training: staff of one of the volunteer's
    regions, the volunteer's current coach, administrators."""
    access = access_for(user)
    if access.is_administrator:
        return True
    if (
        access.has(Role.REGIONAL_STAFF)
        and volunteer.regions.filter(pk__in=access.region_ids).exists()
    ):
        return True
    return access.has(Role.COACH) and coordinators_of(user).filter(pk=volunteer.pk).exists()


def may_sign_off(volunteer: User, user) -> bool:
    """Who may record a sign-off: the same people who may see the volunteer's training."""
    return volunteer_visible_to(volunteer, user)


def search_names(queryset: QuerySet[User], text: str) -> QuerySet[User]:
    for term in text.split()[:5]:
        queryset = queryset.filter(Q(first_name__icontains=term) | Q(last_name__icontains=term))
    return queryset


# --- Rows ---------------------------------------------------------------------------------------


def certificate_state(
    certificates: Iterable[Certificate], day: datetime.date | None = None
) -> tuple[str, Certificate | None]:
    """The state of a volunteer's certificates (of one track) and the certificate it is about:
    the valid one that runs longest; else the latest one, expired or revoked."""
    day = day or timezone.localdate()
    certificates = list(certificates)
    valid = [certificate for certificate in certificates if certificate.is_valid_on(day)]
    if valid:
        best = max(valid, key=lambda certificate: certificate.valid_until)
        soon = best.valid_until <= day + datetime.timedelta(days=EXPIRING_WITHIN_DAYS)
        return (CertificateState.EXPIRING if soon else CertificateState.VALID), best
    if not certificates:
        return CertificateState.NONE, None
    latest = max(certificates, key=lambda c: (c.issued_on, c.valid_until, c.pk))
    if latest.revoked_at is not None:
        return CertificateState.REVOKED, latest
    return CertificateState.EXPIRED, latest


def volunteer_rows(volunteers: QuerySet[User], track: Track | None) -> list[VolunteerRow]:
    """Each volunteer with their progress on ``track`` and their certificate of it (of any
    track when ``track`` is None). A fixed number of queries, whatever the number of
    volunteers."""
    users = list(
        volunteers.order_by("last_name", "first_name", "pk").prefetch_related(
            Prefetch("regions", queryset=Region.objects.order_by("name"))
        )
    )
    user_ids = [user.pk for user in users]
    certificates: dict[int, list[Certificate]] = defaultdict(list)
    certificate_rows = Certificate.objects.filter(user_id__in=user_ids)
    if track is not None:
        certificate_rows = certificate_rows.filter(track=track)
    for certificate in certificate_rows:
        certificates[certificate.user_id].append(certificate)

    enrolments: dict[int, TrackEnrolment] = {}
    statuses: dict[int, TrackStatus] = {}
    if track is not None:
        enrolments = {
            enrolment.user_id: enrolment
            for enrolment in TrackEnrolment.objects.filter(track=track, user_id__in=user_ids)
        }
        modules = track_modules(track)
        lessons = lessons_by_module(modules)
        keys = {
            module.pk: [lesson.translation_key for lesson in lessons.get(module.pk, [])]
            for module in modules
        }
        enrolled_ids = list(enrolments)
        done = completed_lesson_keys(enrolled_ids)
        days = attended_days(enrolled_ids, track)
        for user_id, enrolment in enrolments.items():
            done_keys = done.get(user_id, set())
            statuses[user_id] = TrackStatus(
                track=track,
                modules=[
                    ModuleStatus(module=module, lesson_keys=keys[module.pk], done_keys=done_keys)
                    for module in modules
                ],
                days_attended=days.get(user_id, 0),
                signed_off=enrolment.signed_off_at is not None,
            )

    rows = []
    for user in users:
        state, certificate = certificate_state(certificates.get(user.pk, []))
        rows.append(
            VolunteerRow(
                user=user,
                region_names=", ".join(region_name(region) for region in user.regions.all()),
                track=track,
                enrolment=enrolments.get(user.pk),
                status=statuses.get(user.pk),
                certificate=certificate,
                certificate_state=state,
            )
        )
    return rows
