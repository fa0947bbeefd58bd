"""Fixtures for the training app: a light home page, the recruitment page, form data, and a
broker that does not answer."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from cms import forms as cms_forms
from cms.models import HomePage
from people.factories import region
from tests import brokers
from training.recruitment.pages import RecruitmentCall, RecruitmentPage

PAGE_URL = "/word-vrijwilliger/"


@pytest.fixture
def english():
    """Messages compared with their English source text (``pytestmark = usefixtures``)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def home(db) -> HomePage:
    """A Dutch home page as the default site's root: much lighter than the demo's whole tree."""
    locale, _ = Locale.objects.get_or_create(language_code="nl")
    existing = HomePage.objects.filter(locale=locale).first()
    if existing is not None:
        return existing
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title="Eigen Kracht Centrale", slug="home-nl", locale=locale)
    )
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


@pytest.fixture
def recruitment_page(home) -> RecruitmentPage:
    """The recruitment page with a call in Antwerpen that is open, one in Limburg that has no
    end date, and one in West-Vlaanderen that closed yesterday."""
    today = timezone.localdate()
    page = RecruitmentPage(
        title="Word vrijwilliger",
        slug="word-vrijwilliger",
        locale=home.locale,
        intro="Word Eigen Kracht-coördinator.",
        search_description="Word vrijwillige Eigen Kracht-coördinator in je regio.",
        body=[
            {"type": "heading", "value": {"text": "Wat doet een coördinator?", "level": "h2"}},
            {
                "type": "paragraph",
                "value": "<p>Je begeleidt één traject tegelijk, met een coach en intervisie.</p>",
            },
        ],
        privacy_notice="<p>We gebruiken je gegevens alleen voor je kandidatuur.</p>",
        thank_you_text="<p>Bedankt voor je kandidatuur!</p>",
    )
    page.calls = [
        RecruitmentCall(
            sort_order=0,
            region=region("antwerpen"),
            title="Coördinatoren gezocht in Antwerpen",
            text="<p>Vooral wie Arabisch spreekt.</p>",
            open_until=today + timedelta(days=30),
        ),
        RecruitmentCall(sort_order=1, region=region("limburg"), title="Opleiding in Genk"),
        RecruitmentCall(
            sort_order=2,
            region=region("west-vlaanderen"),
            title="Afgelopen oproep Westhoek",
            open_until=today - timedelta(days=1),
        ),
    ]
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def signed_started(seconds_ago: float, token: str | None = None) -> str:
    """The form's ``started`` stamp as if the form with ``token`` had been shown ``seconds_ago``
    (with another token than the post's, it counts as forged)."""
    return cms_forms.sign_protection(token or uuid.uuid4(), time.time() - seconds_ago)


def application_post(**overrides) -> dict:
    """A complete, valid post of the application form, shown a minute ago."""
    token = str(uuid.uuid4())
    data = {
        "first_name": "Fatima",
        "last_name": "El Amrani",
        "email": "Fatima.ElAmrani@example.org",
        "phone": "0470 12 34 56",
        "postcode": "2000",
        "languages": ["nl", "ar"],
        "motivation": "Ik wil gezinnen helpen om zelf een plan te maken.",
        "availability": ["weekday_evening", "weekend"],
        "availability_remarks": "",
        "heard_of_us": "website",
        "heard_of_us_other": "",
        "consent": "on",
        "website": "",
        "started": signed_started(60, token),
        "submission": token,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture(autouse=True)
def _fresh_broker_pools():
    """Each test starts with fresh broker pools: a test elsewhere that closed a pool without
    unregistering it would otherwise make every later publish fail ("Acquire on closed pool")."""
    brokers.reset_pools()
