"""The portal home's reads: everything it shows, gathered from the learning path, the training
days and the certificates, in a fixed number of queries."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.utils import timezone
from wagtail.models import Page

from training.certificates.models import Certificate
from training.certificates.selectors import (
    RENEWAL_OPENS_DAYS,
    RenewalStatus,
    TrackStatus,
    renewal_status,
)
from training.days.models import SeatStatus, TrainingDayEnrolment
from training.learning import selectors as learning
from training.learning.models import QuizAttempt, TrackEnrolment, TrackModule
from training.learning.pages import LessonPage, ModulePage

LATEST_ATTEMPTS = 5


@dataclass
class PortalTrack:
    enrolment: TrackEnrolment
    status: TrackStatus


@dataclass
class PortalHome:
    tracks: list[PortalTrack] = field(default_factory=list)
    continue_lesson: LessonPage | None = None
    pages: dict[uuid.UUID, Page] = field(default_factory=dict)
    attempts: list[QuizAttempt] = field(default_factory=list)
    seats: list[TrainingDayEnrolment] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)


def portal_home(user) -> PortalHome:
    """Everything the portal home shows, in a fixed number of queries whatever the number of
    tracks' modules and lessons: tracks with their modules' progress and the track's three
    requirements, where to continue, the latest quiz attempts, upcoming training days with a
    seat, and certificates."""
    enrolments = list(
        TrackEnrolment.objects.filter(user=user, track__is_active=True)
        .select_related("track")
        .order_by("started_on", "pk")
    )
    tracks = [enrolment.track for enrolment in enrolments]
    modules_by_track: dict[int, list[ModulePage]] = {track.pk: [] for track in tracks}
    if tracks:
        for track_module in (
            TrackModule.objects.filter(track__in=tracks)
            .select_related("module")
            .order_by("track_id", "sort_order", "pk")
        ):
            modules_by_track[track_module.track_id].append(track_module.module)
    modules = list(
        {module.pk: module for ms in modules_by_track.values() for module in ms}.values()
    )
    done_keys = learning.user_done_keys(user)
    statuses = {
        status.module.pk: status
        # The portal shows counts, not lessons: the statuses hold the lessons' keys only.
        for status in learning.module_statuses(
            user, modules, done_keys=done_keys, with_lessons=False
        )
    }
    # Every seat the user ever had (a few dozen at most), in one query: the days attended per
    # track and the upcoming days with a seat both come from them.
    seats = list(
        TrainingDayEnrolment.objects.filter(user=user)
        .select_related("day")
        .order_by("day__starts_at", "pk")
    )
    track_ids = {track.pk for track in tracks}
    days: dict[int, int] = {}
    for seat in seats:  # one seat per day and user: a seat is a day
        track_id = seat.day.track_id
        attended = seat.attended and seat.status == SeatStatus.CONFIRMED
        if attended and track_id is not None and track_id in track_ids:
            days[track_id] = days.get(track_id, 0) + 1
    home = PortalHome()
    ordered_statuses = []
    for enrolment in enrolments:
        track_statuses = [statuses[module.pk] for module in modules_by_track[enrolment.track_id]]
        ordered_statuses += track_statuses
        home.tracks.append(
            PortalTrack(
                enrolment=enrolment,
                status=TrackStatus(
                    track=enrolment.track,
                    modules=track_statuses,
                    days_attended=days.get(enrolment.track_id, 0),
                    signed_off=enrolment.signed_off_at is not None,
                ),
            )
        )
    prerequisites = [m for s in statuses.values() for m in s.missing_prerequisites]
    home.pages = learning.localized_pages([*modules, *prerequisites], ModulePage)
    home.continue_lesson = (
        learning.continue_lesson(user, ordered_statuses, done_keys) if tracks else None
    )
    home.attempts = list(
        QuizAttempt.objects.filter(user=user)
        .select_related("lesson")
        .order_by("-created_at", "-pk")[:LATEST_ATTEMPTS]
    )
    learning.attempts_name(home.attempts)
    now = timezone.now()
    home.seats = [  # as TrainingDay.objects.upcoming(): from now on, not cancelled
        seat
        for seat in seats
        if seat.status in (SeatStatus.CONFIRMED, SeatStatus.WAITING)
        and seat.day.starts_at >= now
        and seat.day.cancelled_at is None
    ]
    home.certificates = list(
        # The track (and its refresher module) for the renewal shown with a certificate.
        Certificate.objects.filter(user=user)
        .select_related("track__refresher_module")
        .order_by("-issued_on", "-pk")
    )
    return home


def certificate_state(certificate: Certificate) -> str:
    """valid, expired, revoked or not_yet_valid (today)."""
    today = timezone.localdate()
    if certificate.revoked_at is not None:
        return "revoked"
    if certificate.valid_until < today:
        return "expired"
    if certificate.issued_on > today:
        return "not_yet_valid"
    return "valid"


def renewal_to_show(certificate: Certificate) -> RenewalStatus | None:
    """What is still needed to renew ``certificate``, once its renewal window is open (or it has
    expired); None otherwise. A few queries per certificate: a volunteer holds one or two."""
    opens_on = certificate.valid_until - datetime.timedelta(days=RENEWAL_OPENS_DAYS)
    if certificate.revoked_at is not None or timezone.localdate() < opens_on:
        return None  # no queries for the certificates whose renewal is far off
    status = renewal_status(certificate=certificate)
    return None if status.renewed_by is not None else status
