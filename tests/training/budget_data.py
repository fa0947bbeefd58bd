"""Data for the training pages' query budgets (issue 14): a small course (three modules, a
quiz), the personas' own rows, and ``grow(world, count)``, which adds ``count`` rows of every
kind the training pages list, with ``bulk_create`` so that 1,000 of them take a second or two.

``grow`` adds, each time it is called: coordinators in Antwerpen (coached by the coach,
enrolled in the track, with lessons done, training days attended and a certificate),
training days (the first day gets them all as confirmed seats), quiz attempts of the
coordinator persona, and applications with a step each."""

from __future__ import annotations

import datetime
import itertools
import secrets
import uuid
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.utils import timezone

from people.factories import region
from people.models import CoachAssignment, User
from people.roles import Role
from training.certificates.models import Certificate
from training.days.models import SeatStatus, TrainingDay, TrainingDayEnrolment
from training.factories import (
    ApplicationFactory,
    TrackEnrolmentFactory,
    TrackFactory,
    TrainingDayFactory,
    lesson_page,
    module_page,
    quiz_value,
)
from training.learning.models import LessonProgress, QuizAttempt, Track, TrackEnrolment
from training.recruitment.models import Application, ApplicationStatus, ApplicationStep

_serial = itertools.count()


@dataclass
class World:
    """The course and the rows the pages under test open."""

    track: Track
    lessons: list = field(default_factory=list)
    quiz_lesson: object = None
    day: TrainingDay | None = None
    past_day: TrainingDay | None = None
    attempt: QuizAttempt | None = None
    application: Application | None = None
    certificate: Certificate | None = None
    coordinator: User | None = None
    coach: User | None = None
    staff: User | None = None


def build(*, coordinator, coach, staff) -> World:
    """The course (three modules of which the second needs the first, three lessons with a
    quiz in the first), a day coming up and one that is over (given by ``coach``), the
    coordinator enrolled with a lesson done, an attempt, a seat and a certificate."""
    first = module_page(title="Eén")
    second = module_page(title="Twee", prerequisites=[first])
    third = module_page(title="Drie")
    lessons = [
        lesson_page(module=first, title="Aanmelding", quiz=quiz_value()),
        lesson_page(module=first, title="Voorbereiding", reflection=True),
        lesson_page(module=second, title="Het plan"),
        lesson_page(module=third, title="De opvolging"),
    ]
    track = TrackFactory(
        code="basis",
        name="Basisopleiding",
        modules=[first, second, third],
        required_training_days=2,
        sign_off_required=True,
    )
    now = timezone.now()
    day = TrainingDayFactory(track=track, trainer=coach, capacity=5000)
    past_day = TrainingDayFactory(
        track=track,
        trainer=coach,
        capacity=5000,
        starts_at=now - datetime.timedelta(days=2),
        ends_at=now - datetime.timedelta(days=2) + datetime.timedelta(hours=7),
    )
    TrackEnrolmentFactory(user=coordinator, track=track)
    LessonProgress.objects.create(
        user=coordinator,
        lesson=lessons[1],
        lesson_key=lessons[1].translation_key,
        completed_at=now,
    )
    attempt = QuizAttempt.objects.create(
        user=coordinator,
        lesson=lessons[0],
        lesson_key=lessons[0].translation_key,
        block_id="quiz1",
        answers={"q1": ["a2"]},
        question_count=1,
        pass_mark=50,
    )
    TrainingDayEnrolment.objects.create(day=day, user=coordinator)
    certificate = Certificate.objects.create(
        user=coordinator,
        track=track,
        code=secrets.token_urlsafe(16),
        holder_name=coordinator.get_full_name(),
        title=track.certificate_title,
        issued_on=timezone.localdate() - datetime.timedelta(days=700),
        valid_until=timezone.localdate() + datetime.timedelta(days=30),
    )
    application = ApplicationFactory()
    ApplicationStep.objects.create(
        application=application,
        status=ApplicationStatus.NEW,
        occurred_on=timezone.localdate(),
    )
    return World(
        track=track,
        lessons=lessons,
        quiz_lesson=lessons[0],
        day=day,
        past_day=past_day,
        attempt=attempt,
        application=application,
        certificate=certificate,
        coordinator=coordinator,
        coach=coach,
        staff=staff,
    )


def grow(world: World, count: int) -> None:
    """Adds ``count`` rows of everything the training pages list (see the module's doc)."""
    batch = next(_serial)
    today = timezone.localdate()
    now = timezone.now()
    antwerpen = region("antwerpen")
    User.objects.bulk_create(
        [
            User(
                email=f"schaal{batch}-{index}@example.org",
                first_name=f"Vrijwilliger{index:04d}",
                last_name=f"Schaal{batch}",
                password="!",  # an unusable password
                languages=["nl"],
            )
            for index in range(count)
        ]
    )
    users = list(User.objects.filter(email__startswith=f"schaal{batch}-").order_by("pk"))
    coordinators = Group.objects.get(name=str(Role.COORDINATOR))
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user.pk, group_id=coordinators.pk) for user in users]
    )
    User.regions.through.objects.bulk_create(
        [User.regions.through(user_id=user.pk, region_id=antwerpen.pk) for user in users]
    )
    CoachAssignment.objects.bulk_create(
        [CoachAssignment(coordinator=user, coach=world.coach, starts_on=today) for user in users]
    )
    TrackEnrolment.objects.bulk_create(
        [
            TrackEnrolment(user=user, track=world.track, signed_off_at=now if index % 2 else None)
            for index, user in enumerate(users)
        ]
    )
    LessonProgress.objects.bulk_create(
        [
            LessonProgress(
                user=user,
                lesson=lesson,
                lesson_key=lesson.translation_key,
                completed_at=now if index % 3 else None,
            )
            for index, user in enumerate(users)
            for lesson in world.lessons[: index % len(world.lessons) + 1]
        ]
    )
    days = TrainingDay.objects.bulk_create(
        [
            TrainingDay(
                title=f"Schaaldag {batch}-{index}",
                kind="classroom",
                starts_at=now + datetime.timedelta(days=3 + index % 60),
                ends_at=now + datetime.timedelta(days=3 + index % 60, hours=7),
                region=antwerpen,
                track=world.track,
                trainer=world.coach if index % 2 else None,
                location="Antwerpen",
                capacity=12,
            )
            for index in range(count)
        ]
    )
    TrainingDayEnrolment.objects.bulk_create(
        [
            TrainingDayEnrolment(
                day=day, user=user, status=SeatStatus.CONFIRMED, attended=index % 2 == 0
            )
            for index, user in enumerate(users)
            for day in (world.day, world.past_day)
        ]
        + [
            TrainingDayEnrolment(day=day, user=user, status=SeatStatus.CONFIRMED)
            for day, user in zip(days, users, strict=True)
        ]
    )
    Certificate.objects.bulk_create(
        [
            Certificate(
                user=user,
                track=world.track,
                code=secrets.token_urlsafe(16),
                holder_name=user.get_full_name(),
                title=world.track.certificate_title,
                issued_on=today - datetime.timedelta(days=700),
                valid_until=today + datetime.timedelta(days=(index % 5 - 2) * 30),
                revoked_at=now if index % 7 == 0 else None,
            )
            for index, user in enumerate(users)
        ]
    )
    lesson = world.quiz_lesson
    QuizAttempt.objects.bulk_create(
        [
            QuizAttempt(
                user=world.coordinator,
                lesson=lesson,
                lesson_key=lesson.translation_key,
                block_id="quiz1",
                answers={"q1": ["a2"]},
                question_count=1,
                pass_mark=50,
                created_at=now - datetime.timedelta(minutes=index + 1),
            )
            for index in range(count)
        ]
        + [
            QuizAttempt(
                user=user,
                lesson=lesson,
                lesson_key=lesson.translation_key,
                block_id="quiz1",
                answers={"q1": ["a1"]},
                correct_count=1,
                question_count=1,
                score=100,
                pass_mark=50,
                passed=True,
            )
            for user in users
        ]
    )
    template = world.application
    Application.objects.bulk_create(
        [
            Application(
                first_name=f"Kandidaat{index:04d}",
                last_name=f"Schaal{batch}",
                email=f"kandidaat-schaal{batch}-{index}@example.org",
                phone=template.phone,
                postcode_id=template.postcode_id,
                region_id=template.region_id,
                languages=["nl"],
                motivation=template.motivation,
                availability=template.availability,
                heard_of_us=template.heard_of_us,
                consent=True,
                submission_token=uuid.uuid4(),
                language="nl",
            )
            for index in range(count)
        ]
    )
    applications = list(
        Application.objects.filter(last_name=f"Schaal{batch}", first_name__startswith="Kandidaat")
    )
    ApplicationStep.objects.bulk_create(
        [
            ApplicationStep(
                application=application,
                status=ApplicationStatus.NEW,
                occurred_on=today,
            )
            for application in applications
        ]
        + [
            ApplicationStep(
                application=template,
                status=ApplicationStatus.NEW,
                occurred_on=today,
                note=f"Notitie {index}",
            )
            for index in range(count)
        ]
    )
