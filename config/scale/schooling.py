"""Training and recruitment: days and seats, enrolments, lesson progress, certificates,
applications, and the personas' authenticators and quiz attempt."""

from __future__ import annotations

import datetime
import random
import uuid

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from faker import Faker

from config.scale.rows import BENCH_TOTP_SECRET, Crowd, Made, Sizes, bulk, phone
from training.certificates.models import Certificate
from training.certificates.services import certificate_code_new
from training.days.models import SeatStatus, TrainingDay, TrainingDayEnrolment, TrainingDayKind
from training.demo.content import quiz_answers
from training.learning.models import LessonProgress, Track, TrackEnrolment
from training.learning.services import quiz_submit
from training.models import LessonPage
from training.recruitment.models import Application, ApplicationStatus, ApplicationStep


def seed_training(
    sizes: Sizes,
    crowd: Crowd,
    tracks: dict[str, Track],
    lessons: list[tuple[str, LessonPage]],
    rng: random.Random,
    faker: Faker,
    now,
    made: Made,
) -> None:
    basis = tracks["basis"]
    persona = crowd.personas["coordinator"]
    days = []
    for region in crowd.regions:
        trainer = crowd.coaches[region.pk][0]
        for k, offset in enumerate((-300, -240, -180, -120, -60, -30, 20, 45)):
            starts = (now + datetime.timedelta(days=offset)).replace(
                hour=8, minute=30, second=0, microsecond=0
            )
            days.append(
                TrainingDay(
                    track=basis,
                    title=f"Basisopleiding dag {k % 2 + 1} — {region.name}, groep {k // 2 + 1}",
                    kind=TrainingDayKind.CLASSROOM,
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=7),
                    region=region,
                    location="Vormingscentrum, Kerkstraat 1",
                    trainer=trainer,
                    capacity=12,
                    description="Een dag van de basisopleiding.",
                )
            )
    days = bulk(TrainingDay, days, made)
    seats = []
    for day in days:
        region_coordinators = crowd.coordinators.get(day.region_id or 0, [])
        chosen = rng.sample(region_coordinators, min(10, len(region_coordinators)))
        if day.region_id == crowd.regions[0].pk and day.starts_at > now and persona not in chosen:
            chosen[0:1] = [persona]
        past = day.ends_at <= now
        for user in chosen:
            seats.append(
                TrainingDayEnrolment(
                    day=day,
                    user=user,
                    status=SeatStatus.CONFIRMED,
                    created_at=day.starts_at - datetime.timedelta(days=21),
                    attended=rng.random() < 0.9 if past else None,
                    attendance_recorded_at=day.ends_at if past else None,
                    attendance_recorded_by=day.trainer if past else None,
                )
            )
    bulk(TrainingDayEnrolment, seats, made)

    enrolments, progress, certificates = [], [], []
    validity = datetime.timedelta(days=30 * (basis.validity_months or 24))
    for coordinator in crowd.all_coordinators():
        started = (coordinator.date_joined + datetime.timedelta(days=14)).date()
        certified = coordinator is persona or rng.random() < 0.8
        enrolments.append(
            TrackEnrolment(
                user=coordinator,
                track=basis,
                started_on=started,
                signed_off_at=now - datetime.timedelta(days=rng.randint(30, 300))
                if certified
                else None,
                signed_off_by=crowd.coach_of[coordinator.pk] if certified else None,
            )
        )
        done = len(lessons) if certified else rng.randint(0, len(lessons))
        if coordinator is persona:
            done = max(len(lessons) - 2, 0)  # the persona is in the middle of the refresher
        opened = datetime.datetime.combine(started, datetime.time(20), tzinfo=datetime.UTC)
        for n, (_key, lesson) in enumerate(lessons[: done + 1]):
            moment = opened + datetime.timedelta(days=2 * n)
            progress.append(
                LessonProgress(
                    user=coordinator,
                    lesson_key=lesson.translation_key,
                    lesson=lesson,
                    first_opened_at=moment,
                    last_opened_at=moment,
                    completed_at=moment if n < done else None,
                )
            )
        if certified:
            issued = (now - datetime.timedelta(days=rng.randint(10, 600))).date()
            certificates.append(
                Certificate(
                    user=coordinator,
                    track=basis,
                    code=certificate_code_new(),
                    holder_name=f"{coordinator.first_name} {coordinator.last_name}",
                    title=basis.certificate_title,
                    title_fr=basis.certificate_title_fr,
                    title_en=basis.certificate_title_en,
                    issued_on=issued,
                    valid_until=issued + validity,
                )
            )
    bulk(TrackEnrolment, enrolments, made)
    bulk(LessonProgress, progress, made)
    bulk(Certificate, certificates, made)
    _applications(sizes, crowd, rng, faker, now, made)


def _applications(
    sizes: Sizes, crowd: Crowd, rng: random.Random, faker: Faker, now, made: Made
) -> None:
    statuses, weights = zip(
        (ApplicationStatus.NEW, 25),
        (ApplicationStatus.INTAKE, 20),
        (ApplicationStatus.INVITED, 15),
        (ApplicationStatus.IN_TRAINING, 15),
        (ApplicationStatus.CERTIFIED, 10),
        (ApplicationStatus.STOPPED, 15),
        strict=True,
    )
    applications = []
    for n in range(sizes.applications):
        region = crowd.regions[n % len(crowd.regions)]
        postcode_id, _place = rng.choice(crowd.places[region.pk])
        created = now - datetime.timedelta(days=365 * (sizes.applications - n) / sizes.applications)
        status = rng.choices(statuses, weights=weights)[0]
        applications.append(
            Application(
                first_name=faker.first_name(),
                last_name=faker.last_name(),
                email=f"kandidaat{n + 1}@example.org",
                phone=phone(rng),
                postcode_id=postcode_id,
                region=region,
                languages=["nl"],
                motivation="Ik wil gezinnen helpen om zelf een plan te maken.",
                availability=["weekday_evening", "weekend"],
                heard_of_us="website",
                consent=True,
                status=status,
                status_changed_at=created + datetime.timedelta(days=7)
                if status != ApplicationStatus.NEW
                else None,
                stop_reason="no_time" if status == ApplicationStatus.STOPPED else "",
                submission_token=uuid.UUID(int=rng.getrandbits(128)),
                created_at=created,
            )
        )
    applications = bulk(Application, applications, made)
    bulk(
        ApplicationStep,
        [
            ApplicationStep(
                application=application,
                status=ApplicationStatus.NEW,
                occurred_on=application.created_at.date(),
            )
            for application in applications
        ],
        made,
    )


def finish_personas(crowd: Crowd, lessons: list[tuple[str, LessonPage]], made: Made) -> None:
    """The personas' authenticators (on the known secret) and a quiz attempt of the persona
    coordinator, through the service, for the bench's quiz attempt page."""
    for user in crowd.personas.values():
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, BENCH_TOTP_SECRET)
            made.add("authenticators", 1)
    persona = crowd.personas["coordinator"]
    for key, lesson in lessons:
        try:
            block_id, answers, _correct = quiz_answers(key, wrong=1)
        except LookupError:
            continue
        quiz_submit(user=persona, lesson=lesson, block_id=block_id, answers=answers)
        made.add("quiz attempts", 1)
        break
