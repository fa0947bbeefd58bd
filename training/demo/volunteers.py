"""The demo coordinators (``coordinator1..10.<region>@kring.example``) and coaches at every
stage of their training: just started, halfway, nearly done, certified, certified but expiring
within 60 days (one within 14 days), expired, revoked; and the volunteer's journey of
``make run`` (see ``training.demo``)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from people.access import current_coach
from people.demo import DOMAIN
from people.models import Region, User
from training.certificates.selectors import add_months
from training.demo.content import basic_lessons
from training.demo.learning import DemoLearning
from training.demo.rows import (
    Learner,
    Seats,
    certify,
    data,
    enrol,
    intervision,
    person,
    sign_off,
)
from training.models import Track, TrainingDay

JOURNEY_EMAIL = f"coordinator1.antwerpen@{DOMAIN}"
JOURNEY_TRAINER_EMAIL = f"coach1.antwerpen@{DOMAIN}"
JOURNEY_DAY = "Basisopleiding dag 2 — Antwerpen"
FULL_DAY = "Basisopleiding dag 1 — Antwerpen, nieuwe groep"
ONLINE_DAY = "Basisopleiding dag 2 — online"
# The day the first coordinator of these regions already attended.
FIRST_DAY_ATTENDED = {
    "limburg": "Basisopleiding dag 1 — Limburg",
    "oost-vlaanderen": "Basisopleiding dag 1 — Gent",
}
# The coordinators numbered 4 to 10 of each region are certified; their certificates run out
# this many days from today, except these (the rest spread over the coming two years).
EXPIRY_DAYS = {
    ("antwerpen", 4): 10,  # within 14 days
    ("antwerpen", 5): 45,  # within 60 days
    ("limburg", 4): 30,
    ("oost-vlaanderen", 4): 55,
    ("limburg", 10): -20,  # expired
}
REVOKED = ("oost-vlaanderen", 10)
# An experienced coordinator on the way to becoming a coach.
COACH_CANDIDATE = ("west-vlaanderen", 9)
# Through the modules and the training days, waiting for the coach's sign-off: matching gives
# her a first traject as a learning traject (trajects.demo takes it to its close).
LEARNER = ("west-vlaanderen", 3)


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def seed_journey(
    user: User,
    tracks: dict[str, Track],
    days: dict[str, TrainingDay],
    learning: DemoLearning,
    seats: Seats,
) -> None:
    """coordinator1.antwerpen: all but the last lesson and quiz of the last module done, one of
    the two days attended, yesterday's day pending, signed off; no certificate yet."""
    enrolment = enrol(user, tracks["basis"], _days_ago(60))
    lessons = basic_lessons()
    learner = Learner(user, learning, _days_ago(58))
    for key in lessons[: lessons.index("m5-l2")]:
        learner.complete(key, failed_first=key == "m2-l3")
        if key in ("m1-l2", "m3-l2"):
            learner.reflect(key)
    # Opened last: "continue where you left off" points here.
    learner.day = _days_ago(2)
    learner.open("m5-l2")
    seats.book(days["Basisopleiding dag 1 — Antwerpen"], user, attended=True)
    seats.book(days[JOURNEY_DAY], user)
    coach = current_coach(user)
    assert coach is not None  # noqa: S101 -- people.demo gives every coordinator a coach
    sign_off(enrolment, coach, _days_ago(3))


def seed_coordinators(
    regions: dict[str, Region],
    tracks: dict[str, Track],
    days: dict[str, TrainingDay],
    learning: DemoLearning,
    seats: Seats,
) -> int:
    """The demo coordinators of every region at every stage; returns how many take part."""
    basis = tracks["basis"]
    lessons = basic_lessons()
    count = 0
    for r, code in enumerate(regions):
        staff = person(f"staf.{code}@{DOMAIN}")
        for n in range(1, 11):
            user = person(f"coordinator{n}.{code}@{DOMAIN}")
            if user is None:
                continue
            count += 1
            if code == "antwerpen" and n == 1:
                seed_journey(user, tracks, days, learning, seats)
                continue
            if n == 1:  # nearly through the modules; one day attended where the region had one
                enrol(user, basis, _days_ago(70))
                learner = Learner(user, learning, _days_ago(68))
                for key in lessons[: lessons.index("m4-l2")]:
                    learner.complete(key, failed_first=(key == "m3-l3" and r % 2 == 0))
                attended = FIRST_DAY_ATTENDED.get(code)
                if attended:
                    seats.book(days[attended], user, attended=True, order=n)
                if code == "limburg":
                    seats.book(days["Basisopleiding dag 2 — Limburg"], user, attended=True, order=n)
                else:
                    seats.book(days[ONLINE_DAY], user, order=r)
            elif n == 2:  # module 1 done (its quiz failed once), module 2 begun
                enrol(user, basis, _days_ago(45))
                learner = Learner(user, learning, _days_ago(44))
                for key in ("m1-l1", "m1-l2"):
                    learner.complete(key)
                learner.complete("m1-l3", failed_first=True)
                learner.complete("m2-l1")
                learner.open("m2-l2")
                if code == "antwerpen":
                    seats.book(
                        days["Basisopleiding dag 1 — Antwerpen"], user, attended=True, order=n
                    )
                    seats.book(days[JOURNEY_DAY], user, order=n)
                else:
                    seats.book(days[ONLINE_DAY], user, order=10 + r)
            elif (code, n) == LEARNER:
                _seed_learner(user, code, n, basis, days, learning, seats)
            elif n == 3:  # just started: the first lesson opened; a place on a coming day
                enrol(user, basis, _days_ago(5))
                Learner(user, learning, _days_ago(4)).open("m1-l1")
                if code in ("antwerpen", "vlaams-brabant"):
                    seats.book(days[FULL_DAY], user, order=r)
                elif code in ("brussel-halle-vilvoorde", "limburg"):
                    seats.book(days[FULL_DAY], user, waiting=True, order=r)
            else:  # certified, a while ago
                _seed_certified(user, code, n, r, staff, basis, days, learning, seats)
            if (code, n) == COACH_CANDIDATE:
                enrol(user, tracks["coach"], _days_ago(30))
                Learner(user, learning, _days_ago(29)).complete("coach-l1")
                seats.book(days["Coachdag — Ieper"], user)
    return count


def seed_coaches(
    tracks: dict[str, Track], days: dict[str, TrainingDay], learning: DemoLearning, seats: Seats
) -> None:
    """The two coaches of Vlaams-Brabant followed the coach's track and hold its certificate
    (issued the day after the coach day, before the attendance would issue one of its own)."""
    track = tracks["coach"]
    day = days["Coachdag — Leuven"]
    staff = person(f"staf.vlaams-brabant@{DOMAIN}")
    for n in (1, 2):
        coach = person(f"coach{n}.vlaams-brabant@{DOMAIN}")
        if coach is None:
            continue
        started = timezone.localdate(day.starts_at) - datetime.timedelta(days=30)
        enrol(coach, track, started)
        learner = Learner(coach, learning, started)
        for key in ("coach-l1", "coach-l2"):
            learner.complete(key)
        certify(
            coach,
            track,
            issued_on=timezone.localdate(day.starts_at) + datetime.timedelta(days=1),
            issued_by=staff,
        )
        seats.book(day, coach, attended=True, order=n)


def _seed_learner(
    user: User,
    code: str,
    n: int,
    basis: Track,
    days: dict[str, TrainingDay],
    learning: DemoLearning,
    seats: Seats,
) -> None:
    """Every lesson done and the training days attended, months ago; no sign-off yet."""
    started = _days_ago(200)
    enrol(user, basis, started)
    learner = Learner(user, learning, started)
    for key in basic_lessons():
        learner.complete(key)
    for earlier in data("training_days")["earlier_days"]:
        seats.book(days[f"{earlier['title']}:{code}"], user, attended=True, order=n)


def _seed_certified(
    user: User,
    code: str,
    n: int,
    r: int,
    staff: User | None,
    basis: Track,
    days: dict[str, TrainingDay],
    learning: DemoLearning,
    seats: Seats,
) -> None:
    today = timezone.localdate()
    started = today - datetime.timedelta(days=830)
    valid_days = EXPIRY_DAYS.get((code, n), 90 + (r * 97 + n * 53) % 600)
    if (code, n) == REVOKED:
        valid_days = 400
    issued_on = add_months(today + datetime.timedelta(days=valid_days), -basis.validity_months)
    enrolment = enrol(user, basis, started)
    learner = Learner(user, learning, started)
    for key in basic_lessons():
        learner.complete(key, failed_first=(key == "m4-l3" and n == 6))
    for earlier in data("training_days")["earlier_days"]:
        seats.book(days[f"{earlier['title']}:{code}"], user, attended=True, order=n)
    # The certificate first: the sign-off completes the track, which would issue one today.
    certify(
        user,
        basis,
        issued_on=issued_on,
        issued_by=staff,
        revoked_by=staff if (code, n) == REVOKED else None,
    )
    coach = current_coach(user)
    assert coach is not None  # noqa: S101 -- people.demo gives every coordinator a coach
    sign_off(enrolment, coach, issued_on)
    for k in range((r + n) % 5):
        intervision(
            user, f"demo-intervision-{code}-{k + 1}", today - datetime.timedelta(days=30 + 75 * k)
        )
