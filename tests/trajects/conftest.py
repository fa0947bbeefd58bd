"""Fixtures for the registration tests: the registration page (nl, fr, en), valid form data,
and registrations in two regions."""

from __future__ import annotations

import time
import uuid

import pytest
from django.core import signing
from wagtail.models import Locale, Page, Site

from cms import forms as cms_forms
from cms.demo import HOME
from cms.models import HomePage
from people.factories import postcode
from trajects.demo import seed_page
from trajects.factories import RegistrationFactory

PAGE_URL = "/aanmelden/"


def started(seconds_ago: float = 60) -> str:
    """The signed "form shown at" stamp of a form opened ``seconds_ago`` (a person's pace)."""
    return signing.dumps(time.time() - seconds_ago, salt=cms_forms._SALT)


def form_data(**overrides) -> dict[str, object]:
    """A complete, valid post of the registration form by a professional in Antwerpen."""
    data: dict[str, object] = {
        "registrant_type": "professional",
        "organisation_type": "caw",
        "organisation_name": "CAW Antwerpen",
        "registrant_name": "Hilde Peeters",
        "registrant_email": "hilde.peeters@caw.example",
        "registrant_phone": "03 123 45 67",
        "core_name": "Samira El Amrani",
        "postcode": "2000",
        "municipality": "Antwerpen",
        "core_phone": "0470 12 34 56",
        "core_email": "",
        "languages": ["nl", "ar"],
        "conference_language": "nl",
        "children_involved": "yes",
        "question": "Samira wil met haar familie een plan maken voor de zorg voor de kinderen.",
        "wished_start": "asap",
        "wished_start_date": "",
        "heard_of_us": "professional",
        "heard_of_us_other": "",
        "core_person_agrees": "yes",
        "privacy_acknowledged": "on",
        "website": "",
        "started": started(),
        "submission": str(uuid.uuid4()),
        # The check page's "Send" button; step=check (or none) shows "Check your answers".
        "step": "send",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def minimal_home() -> HomePage:
    """The Dutch home page as the default site's root, with its French and English
    translations, and nothing else: ``cms.demo.seed_pages`` builds the whole demo site, which
    takes seconds per test."""
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in HOME}
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(slug="home-nl", locale=locales["nl"], title=HOME["nl"]["title"])
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).exclude(locale__in=locales.values()).delete()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Kring"},
    )
    home.save_revision().publish()
    for code in ("fr", "en"):
        translation = home.copy_for_translation(locales[code])
        translation.slug = f"home-{code}"
        translation.title = HOME[code]["title"]
        translation.save_revision().publish()
    return home


@pytest.fixture
def registration_page(db):
    """The Dutch registration page at /aanmelden/, with its French and English translations
    (/fr/demande/, /en/register/), under a home page with nothing else."""
    page, _made = seed_page(home=minimal_home())
    return page


@pytest.fixture
def antwerp_registration(antwerpen):
    return RegistrationFactory(postcode=postcode("2000"))


@pytest.fixture
def limburg_registration(limburg):
    return RegistrationFactory(postcode=postcode("3500"))
