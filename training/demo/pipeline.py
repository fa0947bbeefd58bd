"""The demo applications' way through the recruitment pipeline: each step recorded with
``application_step_record`` on the day it was taken, by the region's staff member; the
applicants in training and certified get their volunteer account (``user_create``, a coach,
``application_link_account``) and their training."""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from people.access import current_coach
from people.demo import DEFAULT_PASSWORD, DOMAIN
from people.models import Postcode
from people.roles import Role
from people.services import coach_assign, user_create
from training.demo.clock import at_time, moment
from training.demo.content import basic_lessons
from training.demo.learning import DemoLearning
from training.demo.recruitment import application_tokens
from training.demo.rows import Learner, Seats, certify, data, enrol, person, sign_off
from training.demo.volunteers import FULL_DAY
from training.factories import ApplicationFactory
from training.models import PIPELINE_ORDER, Application, Track, TrainingDay
from training.recruitment.services import application_link_account, application_step_record

# The steps before "stopped", by the reason it stopped.
STOPPED_AFTER = {"no_contact": [], "no_time": ["intake"], "withdrawn": ["intake", "invited"]}
# One more application, stopped long ago: past the retention period (a year), so the retention
# run's dry run (people.privacy) has an application to list.
STOPPED_LONG_AGO_TOKEN = uuid.uuid5(uuid.NAMESPACE_URL, "kring-demo-application-stopped-long-ago")
STOPPED_LONG_AGO_DAYS = 430


def _step_dates(start: datetime.date, end: datetime.date, count: int) -> list[datetime.date]:
    """``count`` dates spread evenly between ``start`` and ``end``."""
    end = max(end, start)
    span = (end - start).days
    return [
        start + datetime.timedelta(days=round(span * (i + 1) / (count + 1))) for i in range(count)
    ]


def _volunteer_account(application: Application) -> None:
    """The account made from the application, its data carried over (with the demo password),
    with a coach of the region; then linked to the application."""
    user = person(application.email)
    if user is None:
        user = user_create(
            email=application.email,
            first_name=application.first_name,
            last_name=application.last_name,
            roles=[Role.COORDINATOR],
            regions=[application.region],
            password=DEFAULT_PASSWORD,
            phone=application.phone,
            postcode=application.postcode,
            languages=application.languages,
        )
    coach = person(f"coach1.{application.region.code}@{DOMAIN}")
    if coach is not None and current_coach(user) is None:
        coach_assign(coordinator=user, coach=coach)


def seed_pipeline(
    tracks: dict[str, Track], days: dict[str, TrainingDay], learning: DemoLearning, seats: Seats
) -> None:
    """Steps for the demo applications, oldest first, up to their stage in ``volunteers.yaml``;
    the applicants in training and certified get their volunteer account."""
    texts = data("volunteers")
    applications = list(
        Application.objects.filter(submission_token__in=application_tokens())
        .select_related("region", "postcode")
        .order_by("created_at", "pk")
    )
    today = timezone.localdate()
    for application, plan in zip(applications, texts["pipeline"], strict=False):
        if application.steps.exists():
            continue
        stage, reason, note = plan["stage"], plan["stop_reason"], plan["note"]
        staff = person(f"staf.{application.region.code}@{DOMAIN}")
        created = timezone.localtime(application.created_at).date()
        if stage == "stopped":
            statuses = [*STOPPED_AFTER[reason], "stopped"]
        else:
            statuses = PIPELINE_ORDER[1 : PIPELINE_ORDER.index(stage) + 1]
        if stage == "certified":
            # Trained on the two Antwerpen and Gent days, certified a week ago.
            dates = _step_dates(created, today - datetime.timedelta(days=40), 3)
            dates.append(today - datetime.timedelta(days=7))
        else:
            dates = _step_dates(created, today - datetime.timedelta(days=1), len(statuses))
        for status, day in zip(statuses, dates, strict=True):
            last = status == statuses[-1]
            with moment(at_time(day, 16)):
                application_step_record(
                    application=application,
                    status=status,
                    occurred_on=day,
                    note=note if last else texts["step_notes"].get(status, ""),
                    stop_reason=reason if last and status == "stopped" else "",
                    recorded_by=staff,
                )
        if stage in ("in_training", "certified"):
            _volunteer_account(application)
            user = person(application.email)
            assert user is not None  # noqa: S101 -- _volunteer_account has made it
            started = dates[PIPELINE_ORDER.index("in_training") - 1]
            # Enrolled before the link, which would enrol them today.
            enrol(user, tracks["basis"], started)
            application_link_account(application=application, linked_by=None)
            _applicant_training(application, stage, dates, tracks["basis"], days, learning, seats)
    _stopped_long_ago()


def _stopped_long_ago() -> None:
    """An applicant of Antwerpen who could not be reached, more than a year ago."""
    if Application.objects.filter(submission_token=STOPPED_LONG_AGO_TOKEN).exists():
        return
    came_in = timezone.localdate() - datetime.timedelta(days=STOPPED_LONG_AGO_DAYS)
    with moment(at_time(came_in, 9)):
        application: Application = ApplicationFactory(  # type: ignore[assignment]
            submission_token=STOPPED_LONG_AGO_TOKEN,
            first_name="Jonas",
            last_name="Verlinden",
            email="kandidaat.2025@example.org",
            postcode=Postcode.objects.get(code="2000"),
            created_at=timezone.now(),
        )
    stopped_on = came_in + datetime.timedelta(days=21)
    with moment(at_time(stopped_on, 16)):
        application_step_record(
            application=application,
            status="stopped",
            occurred_on=stopped_on,
            note="Drie keer gebeld en gemaild, geen antwoord.",
            stop_reason="no_contact",
            recorded_by=person(f"staf.{application.region.code}@{DOMAIN}"),
        )


def _applicant_training(
    application: Application,
    stage: str,
    dates: list[datetime.date],
    basis: Track,
    days: dict[str, TrainingDay],
    learning: DemoLearning,
    seats: Seats,
) -> None:
    user = application.user
    assert user is not None  # noqa: S101 -- seed_pipeline has linked the account
    started = dates[PIPELINE_ORDER.index("in_training") - 1]
    learner = Learner(user, learning, started)
    if stage == "in_training":
        learner.complete("m1-l1")
        learner.open("m1-l2")
        seats.book(days[FULL_DAY], user, order=9)
        return
    certified_on = dates[-1]
    for key in basic_lessons():
        learner.complete(key)
    seats.book(days["Basisopleiding dag 1 — Antwerpen"], user, attended=True, order=9)
    seats.book(days["Basisopleiding dag 1 — Gent"], user, attended=True, order=9)
    # The certificate first: the sign-off completes the track, which would issue one that day.
    certify(user, basis, issued_on=certified_on, issued_by=None)
    enrolment = enrol(user, basis, started)
    coach = current_coach(user)
    assert coach is not None  # noqa: S101 -- _volunteer_account assigned a coach
    sign_off(enrolment, coach, certified_on - datetime.timedelta(days=1))
