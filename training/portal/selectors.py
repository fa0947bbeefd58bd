"""The portal home's reads: everything it shows, gathered from the learning path, the training
days and the certificates, in a fixed number of queries.

The learning path's shape (the tracks' modules, prerequisites, live lessons, quiz titles) is the
same for every visitor and kept in the process (``training.learning.structure``): what is read
for the visitor is their enrolments, their lessons' progress, seats, quiz attempts and
certificates, one query each."""

from __future__ import annotations

import copy
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
from training.languages import active_locale_id, default_locale_id
from training.learning import selectors as learning
from training.learning.models import LessonProgress, QuizAttempt, Track, TrackEnrolment
from training.learning.pages import LessonPage
from training.learning.structure import LearningPaths, learning_paths

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


@dataclass
class _Progress:
    """The user's lessons: those completed, and those opened and not completed, the last
    opened first (their keys)."""

    done_keys: set[uuid.UUID]
    open_keys: list[uuid.UUID]


def _progress(user) -> _Progress:
    """One query: every lesson the user opened (one row per lesson, a few dozen at most)."""
    progress = _Progress(done_keys=set(), open_keys=[])
    for key, completed_at in (
        LessonProgress.objects.filter(user_id=user.pk)
        .order_by("-last_opened_at", "-pk")
        .values_list("lesson_key", "completed_at")
    ):
        if completed_at is None:
            progress.open_keys.append(key)
        else:
            progress.done_keys.add(key)
    return progress


def _locale_id() -> int | None:
    # As Wagtail's Locale.get_active(): the default locale when the active language has none.
    return active_locale_id() or default_locale_id()


def _module_statuses(
    paths: LearningPaths, module_ids: list[int], done_keys: set[uuid.UUID]
) -> dict[int, learning.ModuleStatus]:
    """``learning.module_statuses(with_lessons=False)`` from the kept shape: each module's
    live lessons' keys, how many the user finished, and whether a prerequisite (in the list
    or not) is unfinished. No query."""

    def status_of(module_id: int) -> learning.ModuleStatus | None:
        module = paths.page(module_id)
        if module is None:
            return None
        return learning.ModuleStatus(
            module=module,
            lesson_keys=list(paths.lesson_keys.get(module_id, ())),
            done_keys=done_keys,
        )

    statuses = {
        module_id: status
        for module_id in module_ids
        if (status := status_of(module_id)) is not None
    }
    outside: dict[int, learning.ModuleStatus | None] = {}
    for module_id, status in statuses.items():
        for required_id in paths.prerequisites.get(module_id, ()):
            prerequisite = statuses.get(required_id)
            if prerequisite is None:
                if required_id not in outside:
                    outside[required_id] = status_of(required_id)
                prerequisite = outside[required_id]
            if prerequisite is not None and not prerequisite.completed:
                status.locked = True
                status.missing_prerequisites.append(prerequisite.module)
    return statuses


def _continue_lesson(
    paths: LearningPaths, statuses: list[learning.ModuleStatus], progress: _Progress
) -> Page | None:
    """``learning.continue_lesson`` from the kept shape: the lesson the user opened last and
    did not complete (when still live and not locked for them), else the next lesson in the
    first unlocked, unfinished module; in the active language. No query."""
    locked_keys = {key for status in statuses if status.locked for key in status.lesson_keys}
    last_key = next((key for key in progress.open_keys if key not in locked_keys), None)
    opened = paths.live_lessons.get(last_key, ()) if last_key is not None else ()
    lesson = learning.in_active_language(list(opened))
    if lesson is None:
        first = learning.first_open(statuses, progress.done_keys)
        if first is None:
            return None
        status, key = first
        lesson = next(
            (
                page
                for page in paths.live_lessons.get(key, ())
                if page.path[: -page.steplen] == status.module.path
            ),
            None,
        )
        if lesson is None:
            return None
        return paths.localized([copy.copy(lesson)], _locale_id())[key]
    return copy.copy(lesson)


def _name_attempts(paths: LearningPaths, attempts: list[QuizAttempt]) -> None:
    """``learning.attempts_name`` from the kept shape: each attempt's ``local_lesson`` and
    ``quiz_title`` in the active language. No query (but for a lesson made in another process
    in the last second, read then)."""
    pages = []
    for attempt in attempts:
        if attempt.lesson_id is None:
            continue
        page = paths.page(attempt.lesson_id)
        if page is None:  # not kept yet: as select_related("lesson") would have read it
            page = attempt.lesson
        else:
            QuizAttempt.lesson.field.set_cached_value(attempt, page)
        pages.append(page)
    lessons = paths.localized(pages, _locale_id()) if pages else {}
    for attempt in attempts:
        lesson = lessons.get(attempt.lesson_key, attempt.lesson)
        if lesson is None:
            title = ""
        elif lesson.pk in paths.quiz_titles:
            title = paths.quiz_titles[lesson.pk].get(attempt.block_id, "")
        else:
            quiz = lesson.quiz_block(attempt.block_id)
            title = quiz.value["title"] if quiz is not None else ""
        attempt.local_lesson = lesson
        attempt.quiz_title = title


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
    paths = learning_paths()
    paths.remember_locales()
    progress = _progress(user)
    module_ids = list(
        {
            module_id: None
            for enrolment in enrolments
            for module_id in paths.track_modules.get(enrolment.track_id, ())
        }
    )
    statuses = _module_statuses(paths, module_ids, progress.done_keys)
    # Every seat the user ever had (a few dozen at most), in one query: the days attended per
    # track and the upcoming days with a seat both come from them.
    seats = list(
        TrainingDayEnrolment.objects.filter(user=user)
        .select_related("day")
        .order_by("day__starts_at", "pk")
    )
    track_ids = {enrolment.track_id for enrolment in enrolments}
    days: dict[int, int] = {}
    for seat in seats:  # one seat per day and user: a seat is a day
        track_id = seat.day.track_id
        attended = seat.attended and seat.status == SeatStatus.CONFIRMED
        if attended and track_id is not None and track_id in track_ids:
            days[track_id] = days.get(track_id, 0) + 1
    home = PortalHome()
    ordered_statuses = []
    for enrolment in enrolments:
        track_statuses = [
            statuses[module_id]
            for module_id in paths.track_modules.get(enrolment.track_id, ())
            if module_id in statuses
        ]
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
    modules = [status.module for status in statuses.values()]
    prerequisites = [m for s in statuses.values() for m in s.missing_prerequisites]
    if modules:
        home.pages = paths.localized([*modules, *prerequisites], _locale_id())
    home.continue_lesson = (
        _continue_lesson(paths, ordered_statuses, progress) if enrolments else None
    )
    home.attempts = list(
        QuizAttempt.objects.filter(user=user).order_by("-created_at", "-pk")[:LATEST_ATTEMPTS]
    )
    _name_attempts(paths, home.attempts)
    now = timezone.now()
    home.seats = [  # as TrainingDay.objects.upcoming(): from now on, not cancelled
        seat
        for seat in seats
        if seat.status in (SeatStatus.CONFIRMED, SeatStatus.WAITING)
        and seat.day.starts_at >= now
        and seat.day.cancelled_at is None
    ]
    home.certificates = list(
        Certificate.objects.filter(user=user).select_related("track").order_by("-issued_on", "-pk")
    )
    for certificate in home.certificates:
        # The track's refresher module for the renewal shown with a certificate, from the kept
        # pages (read when asked for, if made in another process in the last second).
        track = certificate.track
        refresher = paths.page(track.refresher_module_id)
        if refresher is not None or track.refresher_module_id is None:
            Track.refresher_module.field.set_cached_value(track, refresher)
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
