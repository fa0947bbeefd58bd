"""The building blocks of the demo volunteers' rows, each through the service a person's click
would call, at the moment it would have happened (``clock.moment``): tracks and training days,
seats and attendance, lessons, quizzes and reflections, sign-offs and certificates.

Each is idempotent: what exists is left as it is, so a second run (also on a later day, when
the dates relative to today have moved) changes nothing.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field

from django.db.models import F
from django.utils import timezone

from people.demo import DOMAIN
from people.models import Region, User
from training.certificates.services import (
    certificate_issue,
    certificate_revoke,
    renewal_activity_record,
)
from training.days.services import (
    training_day_enrol,
    training_day_record_attendance,
    training_day_save,
)
from training.demo.clock import at_time, moment
from training.demo.content import (
    BASIC_MODULES,
    COACH_MODULES,
    REFRESHER_MODULE,
    quiz_answers,
    quiz_spec,
    reflection_spec,
)
from training.demo.data import DATA_DIR, read
from training.demo.learning import DemoLearning
from training.learning.services import (
    lesson_complete,
    lesson_open,
    quiz_submit,
    reflection_save,
    track_enrolment_sign_off,
)
from training.models import (
    Certificate,
    LessonProgress,
    QuizAttempt,
    ReflectionAnswer,
    Reminder,
    RenewalActivity,
    SeatStatus,
    Track,
    TrackEnrolment,
    TrackModule,
    TrainingDay,
    TrainingDayEnrolment,
    TrainingDayKind,
)


@functools.cache
def data(name: str) -> dict:
    """One of the data files beside the e-learning's: ``tracks``, ``training_days``,
    ``volunteers``."""
    return read(DATA_DIR / f"{name}.yaml")


def person(email: str) -> User | None:
    return User.objects.filter(email=email).first()


# --- Tracks and training days -----------------------------------------------------------------


def seed_tracks(learning: DemoLearning) -> dict[str, Track]:
    """The basic track and the coach's track with their modules; found by code."""
    tracks = {}
    modules = {"basis": (BASIC_MODULES, REFRESHER_MODULE), "coach": (COACH_MODULES, None)}
    for spec in data("tracks")["tracks"]:
        keys, refresher = modules[spec["code"]]
        fields = {name: value for name, value in spec.items() if name != "code"}
        fields["refresher_module"] = learning.modules[refresher] if refresher else None
        track, _created = Track.objects.get_or_create(code=spec["code"], defaults=fields)
        for order, key in enumerate(keys):
            TrackModule.objects.get_or_create(
                track=track, module=learning.modules[key], defaults={"sort_order": order}
            )
        tracks[spec["code"]] = track
    return tracks


def title_in(title: str, language: str) -> str:
    """A demo day's Dutch title in French or English."""
    for words in sorted(data("training_days")["title_words"], key=lambda row: -len(row["nl"])):
        title = title.replace(words["nl"], words[language])
    return title


def _day(
    *,
    title: str,
    track: Track,
    region: Region,
    offset: int,
    capacity: int,
    trainer: User | None,
    online: bool = False,
) -> TrainingDay:
    existing = TrainingDay.objects.filter(track=track, title=title).first()
    if existing is not None:
        return existing
    texts = data("training_days")
    starts = at_time(timezone.localdate() + datetime.timedelta(days=offset), 9, 30)
    day = TrainingDay(
        track=track,
        title=title,
        title_fr=title_in(title, "fr"),
        title_en=title_in(title, "en"),
        kind=TrainingDayKind.ONLINE if online else TrainingDayKind.CLASSROOM,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=7),
        region=region,
        location="" if online else texts["places"][region.code],
        online_url=texts["online_url"] if online else "",
        trainer=trainer,
        capacity=capacity,
        description=texts["descriptions"][track.code],
    )
    return training_day_save(day=day)


def seed_days(tracks: dict[str, Track], regions: dict[str, Region]) -> dict[str, TrainingDay]:
    days = {}
    texts = data("training_days")
    for spec in texts["days"]:
        days[spec["title"]] = _day(
            title=spec["title"],
            track=tracks[spec["track"]],
            region=regions[spec["region"]],
            offset=spec["offset"],
            capacity=spec["capacity"],
            trainer=person(f"{spec['trainer']}.{spec['region']}@{DOMAIN}"),
            online=spec["online"],
        )
    for code, region in regions.items():
        for earlier in texts["earlier_days"]:
            days[f"{earlier['title']}:{code}"] = _day(
                title=f"{earlier['title']} — {region.name}, eerdere groep",
                track=tracks["basis"],
                region=region,
                offset=earlier["offset"],
                capacity=12,
                trainer=person(f"staf.{code}@{DOMAIN}"),
            )
    return days


# --- Seats ------------------------------------------------------------------------------------


@dataclass
class Seats:
    """Places on the days, booked three weeks before each day (plus ``order`` minutes) through
    ``training_day_enrol``; attendance recorded by the trainer an hour after the day ended.

    Places meant for the waiting list are booked last (``finish``): a full day only puts
    people on its waiting list once its places are taken."""

    waiting: list[tuple[TrainingDay, User, int]] = field(default_factory=list)

    def book(
        self,
        day: TrainingDay,
        user: User,
        *,
        attended: bool | None = None,
        waiting: bool = False,
        order: int = 0,
    ) -> None:
        if waiting:
            self.waiting.append((day, user, order))
            return
        seat = self._enrol(day, user, order, SeatStatus.CONFIRMED)
        if attended is not None and seat.attendance_recorded_at is None:
            assert day.trainer is not None  # noqa: S101 -- every demo day has a trainer
            with moment(day.ends_at + datetime.timedelta(hours=1)):
                training_day_record_attendance(
                    day=day, recorded_by=day.trainer, attended={seat.pk: attended}
                )

    def finish(self) -> None:
        for day, user, order in self.waiting:
            self._enrol(day, user, order, SeatStatus.WAITING)
        self.waiting = []
        # The demo sends nothing: the reminders of days that have passed count as sent.
        Reminder.objects.filter(
            seat__isnull=False,
            due_at__lte=timezone.now(),
            sent_at__isnull=True,
            cancelled_at__isnull=True,
        ).update(sent_at=F("due_at"))

    @staticmethod
    def _enrol(day: TrainingDay, user: User, order: int, status: str) -> TrainingDayEnrolment:
        seat = TrainingDayEnrolment.objects.filter(day=day, user=user).first()
        if seat is not None:
            return seat
        with moment(day.starts_at - datetime.timedelta(days=21, minutes=-order)):
            seat = training_day_enrol(day=day, user=user)
        if seat.status != status:
            raise RuntimeError(f"{user.email} on {day.title}: {seat.status}, not {status}")
        return seat


# --- Enrolment, sign-off, certificates ----------------------------------------------------------


def enrol(user: User, track: Track, started_on: datetime.date) -> TrackEnrolment:
    enrolment, _ = TrackEnrolment.objects.get_or_create(
        user=user, track=track, defaults={"started_on": started_on}
    )
    return enrolment


def sign_off(enrolment: TrackEnrolment, coach: User, on: datetime.date) -> None:
    """The coach confirms the first traject, at six in the evening of ``on``."""
    if enrolment.signed_off_at is None:
        with moment(at_time(on, 18)):
            track_enrolment_sign_off(
                enrolment=enrolment,
                signed_off_by=coach,
                note=data("volunteers")["sign_off_note"],
            )


def certify(
    user: User,
    track: Track,
    *,
    issued_on: datetime.date,
    issued_by: User | None,
    revoked_by: User | None = None,
) -> Certificate:
    """The user's certificate of the track, issued on that day; the reminders that fell due
    before now count as sent (the demo sends nothing). Revoked ten days ago if ``revoked_by``."""
    existing = Certificate.objects.filter(user=user, track=track).first()
    if existing is not None:
        return existing
    certificate = certificate_issue(
        user=user, track=track, issued_on=issued_on, issued_by=issued_by
    )
    now = timezone.now()
    certificate.reminders.filter(due_at__lte=now).update(sent_at=F("due_at"))
    if revoked_by is not None:
        with moment(now - datetime.timedelta(days=10)):
            certificate_revoke(
                certificate=certificate,
                revoked_by=revoked_by,
                reason=data("volunteers")["revoked_reason"],
            )
    return certificate


def intervision(user: User, reference: str, occurred_on: datetime.date) -> None:
    """An intervision session that counts towards keeping the certificate."""
    if not RenewalActivity.objects.filter(user=user, reference=reference).exists():
        renewal_activity_record(
            user=user, kind="intervision", occurred_on=occurred_on, reference=reference
        )


# --- Lessons, quizzes, reflections --------------------------------------------------------------


class Learner:
    """One volunteer working through lessons in order, one lesson a day at eight in the
    evening: opening it, passing its quiz (failing once first, if asked), completing it."""

    def __init__(self, user: User, learning: DemoLearning, start: datetime.date):
        self.user = user
        self.learning = learning
        self.day = start

    def _moment(self) -> datetime.datetime:
        self.day += datetime.timedelta(days=1)
        return at_time(self.day, 20)

    def _started(self, key: str) -> bool:
        lesson = self.learning.lessons[key]
        return LessonProgress.objects.filter(
            user=self.user, lesson_key=lesson.translation_key
        ).exists()

    def complete(self, key: str, *, failed_first: bool = False) -> None:
        lesson = self.learning.lessons[key]
        when = self._moment()
        if self._started(key):
            return
        with moment(when - datetime.timedelta(minutes=30)):
            lesson_open(user=self.user, lesson=lesson)
        quiz = quiz_spec(key)
        if (
            quiz is not None
            and not QuizAttempt.objects.filter(
                user=self.user, lesson_key=lesson.translation_key, block_id=quiz["id"]
            ).exists()
        ):
            if failed_first:
                with moment(when - datetime.timedelta(minutes=20)):
                    self._attempt(key, wrong=2)
            with moment(when):
                lesson_open(user=self.user, lesson=lesson)
                self._attempt(key, wrong=0)  # passing the quiz completes the lesson
            return
        with moment(when):
            lesson_open(user=self.user, lesson=lesson)
            lesson_complete(user=self.user, lesson=lesson)

    def _attempt(self, key: str, *, wrong: int) -> None:
        block_id, answers, _correct = quiz_answers(key, wrong=wrong)
        quiz_submit(
            user=self.user, lesson=self.learning.lessons[key], block_id=block_id, answers=answers
        )

    def open(self, key: str) -> None:
        when = self._moment()
        if not self._started(key):
            with moment(when):
                lesson_open(user=self.user, lesson=self.learning.lessons[key])

    def reflect(self, key: str) -> None:
        """The volunteer's answer to the lesson's reflection question (``volunteers.yaml``)."""
        lesson = self.learning.lessons[key]
        block_id = reflection_spec(key)["id"]
        if ReflectionAnswer.objects.filter(
            user=self.user, lesson_key=lesson.translation_key, block_id=block_id
        ).exists():
            return
        with moment(at_time(self.day, 21)):
            reflection_save(
                user=self.user,
                lesson=lesson,
                block_id=block_id,
                text=data("volunteers")["reflections"][key],
            )
