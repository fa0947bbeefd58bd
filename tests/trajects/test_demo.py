"""trajects/demo.py: the registration page in three languages and 25 registrations,
deterministic and idempotent."""

from __future__ import annotations

import random

import pytest
from django.db import models
from django.utils import timezone

from people.factories import StaffFactory
from people.models import Region
from trajects.demo import HISTORY, REGISTRATIONS, seed
from trajects.models import (
    Registration,
    RegistrationPage,
    RegistrationStatus,
    Step,
    StepKind,
    Traject,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def region_contacts():
    """What people's demo does before this one: every region has its staff contact, who takes
    the demo registrations through intake."""
    for region in Region.objects.all():
        region.contact = StaffFactory(regions=[region])
        region.save(update_fields=["contact"])


def snapshot() -> dict:
    return {
        "pages": sorted(RegistrationPage.objects.values_list("locale__language_code", "url_path")),
        "registrations": sorted(
            Registration.objects.values_list(
                "reference", "region__code", "registrant_type", "status", "municipality"
            )
        ),
    }


def test_demo_makes_the_page_in_three_languages_and_registrations_across_regions():
    result = seed(rng=random.Random(2026))

    assert result.pages == 3
    assert result.registrations == REGISTRATIONS + HISTORY
    assert sorted(RegistrationPage.objects.live().values_list("url_path", flat=True)) == [
        "/home-en/register/",
        "/home-fr/demande/",
        "/home-nl/aanmelden/",
    ]
    registrations = Registration.objects.all()
    assert registrations.filter(region__code="antwerpen").count() >= 6
    assert registrations.values("region").distinct().count() == 6
    assert registrations.values("registrant_type").distinct().count() == 3
    assert registrations.values("status").distinct().count() >= 4
    # References follow the order of registration.
    by_date = list(registrations.order_by("created_at").values_list("reference", flat=True))
    assert by_date == sorted(by_date)


def test_demo_takes_registrations_through_intake_to_trajects():
    result = seed(rng=random.Random(2026))

    accepted = Registration.objects.filter(status=RegistrationStatus.ACCEPTED)
    assert result.trajects == accepted.count() == Traject.objects.count() > 0
    # The demo shows a traject of each kind on the staff list: waiting, paused and stopped.
    phases = set(Traject.objects.values_list("phase", flat=True))
    assert {"matching", "stopped"} <= phases
    assert Traject.objects.filter(paused_at__isnull=False).exists()
    # Staff of the registration's own region took every decision.
    assert not Step.objects.exclude(by__regions=models.F("registration__region")).exists()
    # Every decided registration has its steps, dated after it came in and not in the future.
    for registration in Registration.objects.exclude(status=RegistrationStatus.NEW):
        steps = list(registration.steps.all())
        assert steps, registration.reference
        assert all(registration.created_at < step.at <= timezone.now() for step in steps)
    declined = Step.objects.filter(kind=StepKind.DECLINED)
    assert (
        declined.count()
        == Registration.objects.filter(status=RegistrationStatus.NOT_ACCEPTED).count()
    )
    assert all(step.note for step in declined)


def test_demo_twice_creates_nothing_new():
    seed(rng=random.Random(2026))
    first = snapshot()

    again = seed(rng=random.Random(99))

    assert (again.pages, again.registrations) == (0, 0)
    assert snapshot() == first


def test_demo_pages_render(client):
    seed(rng=random.Random(2026))

    for url in ("/aanmelden/", "/fr/demande/", "/en/register/"):
        assert client.get(url).status_code == 200, url
