"""trajects/demo.py: the registration page in three languages and 25 registrations,
deterministic and idempotent."""

from __future__ import annotations

import random

import pytest

from trajects.demo import REGISTRATIONS, seed
from trajects.models import Registration, RegistrationPage

pytestmark = pytest.mark.django_db


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
    assert result.registrations == REGISTRATIONS
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
