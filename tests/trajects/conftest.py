"""Fixtures for the registration tests: the registration page (nl, fr, en), valid form data,
and registrations in two regions."""

from __future__ import annotations

import re
import time
import uuid
from html import unescape

import pytest
from wagtail.models import Locale, Page, Site

from cms import forms as cms_forms
from cms.demo import HOME
from cms.models import HomePage
from people.factories import postcode
from trajects.demo import seed_page
from trajects.factories import RegistrationFactory

PAGE_URL = "/aanmelden/"
CONFIRMATION = re.compile(r"^/aanmelden/bedankt/([0-9a-f-]{36})/$")
# Messages are checked on the English page: Dutch and French wording belongs to the translators.
EN_URL = "/en/register/"


def post(client, data, url=PAGE_URL):
    return client.post(url, data)


def html(response) -> str:
    return response.content.decode()


def hidden_value(content: str, name: str) -> str:
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', content)
    assert match, f"no hidden field {name}"
    return unescape(match.group(1))


def hidden_fields(content: str) -> dict[str, object]:
    """The hidden fields of a page, as a browser would post them (a list for repeated names)."""
    data: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', content):
        data.setdefault(name, []).append(unescape(value))
    return {name: values if len(values) > 1 else values[0] for name, values in data.items()}


def assert_error_shown(response, field: str, message: str, in_summary: str = "") -> None:
    """The message is next to the field (in its .field--error block) and in the summary (or,
    for Django's general messages, ``in_summary``: a sentence that names the field)."""
    content = html(response)
    assert response.status_code == 200
    summary = re.search(r'<div class="form-errors".*?</div>', content, re.S)
    assert summary, "no error summary at the top"
    assert f'href="#id_{field}"' in summary.group(0)
    assert (in_summary or message) in summary.group(0)
    block = re.search(
        rf'<div class="field[^"]*field--error[^"]*">\s*(?:(?!<div class="field[\s"]).)*?name="{field}"',
        content,
        re.S,
    )
    assert block, f"{field} is not marked in error"
    assert message in block.group(0) or message in content.split(f'name="{field}"')[0][-3000:]


def started(seconds_ago: float = 60, token: str | None = None) -> str:
    """The signed stamp of a form with ``token`` opened ``seconds_ago`` (a person's pace); with
    another token than the post's, it counts as forged."""
    return cms_forms.sign_protection(token or uuid.uuid4(), time.time() - seconds_ago)


def form_data(**overrides) -> dict[str, object]:
    """A complete, valid post of the registration form by a professional in Antwerpen."""
    token = str(uuid.uuid4())
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
        "started": started(token=token),
        "submission": token,
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
