"""``manage.py seed_scale`` (config/scale): the bench's data set, at tiny sizes. It makes what it
says, in states the rules allow; it refuses a database with real data unless told; a second
run adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.management import CommandError, call_command
from django.db.models import Count, Max

from coaching.models import Invitation, Session
from config import scale
from people.access import current_coach
from people.factories import UserFactory
from people.models import Region, User
from people.roles import Role
from training.certificates.models import Certificate
from training.days.models import TrainingDay, TrainingDayEnrolment
from training.learning.models import LessonProgress, QuizAttempt
from training.recruitment.models import Application
from trajects.factories import RegistrationFactory
from trajects.models import Registration, RegistrationStatus
from trajects.traject.models import COORDINATOR_BUSY, Phase, Traject

pytestmark = pytest.mark.django_db

TINY = (
    "--coordinators=10",
    "--coaches=3",
    "--registrations=30",
    "--sessions-per-month=4",
    "--months=2",
    "--applications=5",
)


def seed_scale(*args: str) -> str:
    out = StringIO()
    call_command("seed_scale", *args, stdout=out)
    return out.getvalue()


def test_seed_scale_makes_what_it_says_and_a_second_run_adds_nothing():
    # One test for all of it: the pages alone take seconds.
    output = seed_scale(*TINY)

    coordinators = User.objects.with_role(Role.COORDINATOR)
    assert coordinators.count() == 10
    assert User.objects.with_role(Role.COACH).count() == 3
    assert set(coordinators.values_list("regions", flat=True)) == set(
        Region.objects.values_list("pk", flat=True)
    )
    for coordinator in coordinators:
        assert current_coach(coordinator) is not None, coordinator.email

    assert Registration.objects.count() == 30
    statuses = set(Registration.objects.values_list("status", flat=True))
    assert RegistrationStatus.ACCEPTED in statuses
    accepted = Registration.objects.filter(status=RegistrationStatus.ACCEPTED)
    assert Traject.objects.count() == accepted.count()
    assert not accepted.filter(traject__isnull=True).exists()
    assert not Traject.objects.exclude(phase__in=[Phase.MATCHING, Phase.STOPPED]).filter(
        coordinator__isnull=True
    )
    busy = (
        Traject.objects.filter(phase__in=COORDINATOR_BUSY)
        .values("coordinator")
        .annotate(n=Count("pk"))
    )
    assert all(row["n"] == 1 for row in busy)
    # Each traject carries its registration's newest step (the dashboard's "no step lately").
    assert dict(Traject.objects.values_list("pk", "newest_step_at")) == dict(
        Traject.objects.annotate(newest=Max("registration__steps__at")).values_list("pk", "newest")
    )
    assert len(set(Registration.objects.values_list("reference", flat=True))) == 30

    assert Session.objects.count() == 4 * 2
    assert Invitation.objects.exists()
    assert TrainingDay.objects.count() == Region.objects.count() * 8
    assert TrainingDayEnrolment.objects.exists()
    assert LessonProgress.objects.filter(completed_at__isnull=False).exists()
    assert Certificate.objects.exists()
    assert Application.objects.count() == 5

    personas = {role: User.objects.get(email=email) for role, email in scale.PERSONAS.items()}
    for role, user in personas.items():
        assert user.check_password(scale.BENCH_PASSWORD), role
        authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        code = format_hotp_value(
            hotp_value(scale.BENCH_TOTP_SECRET, next(yield_hotp_counters_from_time()))
        )
        assert authenticator.wrap().validate_code(code), role
    coordinator = personas["coordinator"]
    assert Traject.objects.filter(coordinator=coordinator, phase=Phase.PREPARATION).count() == 1
    assert current_coach(coordinator) == personas["coach"]
    assert QuizAttempt.objects.filter(user=coordinator).exists()
    assert set(personas["staff"].regions.all()) == set(Region.objects.all())
    assert personas["administrator"].is_superuser
    assert scale.real_data_found() == []
    assert scale.PERSONAS["administrator"] in output

    again = seed_scale(*TINY)

    assert "already there" in again
    assert User.objects.with_role(Role.COORDINATOR).count() == 10
    assert Registration.objects.count() == 30


def test_seed_scale_refuses_a_database_with_real_people():
    UserFactory(email="someone@gezin.be")

    with pytest.raises(CommandError, match="real data"):
        seed_scale(*TINY)

    assert not User.objects.filter(email__in=scale.PERSONAS.values()).exists()
    assert not Registration.objects.exists()


def test_seed_scale_refuses_a_database_with_real_registrations():
    RegistrationFactory()

    with pytest.raises(CommandError, match="registration"):
        seed_scale(*TINY)

    assert not User.objects.filter(email__in=scale.PERSONAS.values()).exists()


def test_the_flag_seeds_a_database_with_real_data(monkeypatch):
    UserFactory(email="someone@gezin.be")
    calls = []
    monkeypatch.setattr(scale, "seed", lambda **kwargs: calls.append(kwargs) or scale.Made())

    seed_scale(*TINY, "--i-know-this-is-a-bench-database")

    assert calls and calls[0]["sizes"] == scale.Sizes(
        coordinators=10,
        coaches=3,
        registrations=30,
        sessions_per_month=4,
        months=2,
        applications=5,
    )


def test_scale_tokens_are_not_real_data_but_others_are():
    RegistrationFactory(submission_token=scale.scale_token(7))
    assert not any("registration" in found for found in scale.real_data_found())

    RegistrationFactory()
    assert any("1 registration" in found for found in scale.real_data_found())


@pytest.mark.parametrize("size", ["--coordinators=0", "--registrations=-1", "--months=0"])
def test_sizes_out_of_range_are_refused(size):
    with pytest.raises(CommandError):
        seed_scale(size)
