"""Every word in the visitor's language: tracks, training days and certificates with a French
and an English wording (Dutch when empty), region names by their code, the certificate in the
holder's language, dates in each language's format, and "today" instead of "0 days ago"."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import yaml
from django.template import Context, Template
from django.utils import timezone, translation
from django.utils.formats import date_format
from wagtail.models import Locale

from cms import demo as cms_demo
from people.factories import region
from people.regions import REGION_NAMES, region_name
from tests.text import shows
from training import demo
from training.certificates.pdf import certificate_pdf_html
from training.certificates.services import certificate_issue
from training.factories import (
    TrackEnrolmentFactory,
    TrackFactory,
    TrainingDayFactory,
    lesson_page,
    module_page,
    quiz_value,
    training_index,
)
from training.learning import services as learning
from training.models import QuizAttempt
from training.templatetags.training_tags import days_ago_text

pytestmark = pytest.mark.django_db

DECEMBER_4 = datetime.date(2026, 12, 4)


@pytest.fixture
def track(home):
    index = training_index()
    learning.training_index_protect(index)
    module = module_page(index=index, title="De route")
    lesson_page(module=module, title="Aanmelding")
    return TrackFactory(
        name="Basisopleiding",
        name_fr="Formation de base",
        name_en="",
        modules=[module],
        sign_off_required=True,
        sign_off_description="De coach bevestigt het eerste traject.",
        sign_off_description_fr="Le coach confirme le premier trajet.",
        sign_off_description_en="",
        certificate_title="Gecertificeerd coördinator",
        certificate_title_fr="Coordinateur certifié",
        certificate_title_en="Certified coordinator",
    )


# --- Tracks and training days ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "name", "sign_off"),
    [
        ("nl", "Basisopleiding", "De coach bevestigt het eerste traject."),
        ("fr", "Formation de base", "Le coach confirme le premier trajet."),
        # No English wording: the Dutch one.
        ("en", "Basisopleiding", "De coach bevestigt het eerste traject."),
    ],
)
def test_a_track_is_named_in_the_active_language_or_in_dutch(track, language, name, sign_off):
    with translation.override(language):
        assert track.local_name == name
        assert str(track) == name
        assert track.local_sign_off_description == sign_off


def test_a_blank_translation_counts_as_empty(track):
    track.name_en = "   "

    with translation.override("en"):
        assert track.local_name == "Basisopleiding"


@pytest.mark.parametrize(
    ("prefix", "shown", "not_shown"),
    [
        ("/fr", ["Formation de base", "Le coach confirme le premier trajet."], ["Basisopleiding"]),
        ("/en", ["Basisopleiding", "De coach bevestigt het eerste traject."], []),
        ("", ["Basisopleiding", "De coach bevestigt het eerste traject."], ["Formation"]),
    ],
)
def test_the_portal_names_the_track_and_its_sign_off_in_the_page_language(
    client, login, coordinator, track, prefix, shown, not_shown
):
    TrackEnrolmentFactory(user=coordinator, track=track)
    login(client, coordinator)

    html = client.get(f"{prefix}/portaal/").content.decode()

    for text in shown:
        assert shows(text, html), text
    for text in not_shown:
        assert text not in html, text


@pytest.mark.parametrize(
    ("prefix", "title"),
    [("/fr", "Journée de formation 1"), ("/en", "Opleidingsdag een"), ("", "Opleidingsdag een")],
)
def test_a_training_day_is_titled_in_the_page_language_or_in_dutch(
    client, login, coordinator, track, prefix, title
):
    day = TrainingDayFactory(
        track=track, title="Opleidingsdag een", title_fr="Journée de formation 1", title_en=""
    )
    login(client, coordinator)

    detail = client.get(f"{prefix}/portaal/opleidingsdagen/{day.pk}/").content.decode()
    listing = client.get(f"{prefix}/portaal/opleidingsdagen/").content.decode()

    assert f"<h1>{title}</h1>" in detail
    assert title in listing
    if prefix == "/fr":
        assert "Opleidingsdag een" not in detail
        assert "Formation de base" in listing  # the day's track, in French too


def test_the_day_form_takes_the_french_and_english_titles(client, login, staff, antwerpen):
    start = timezone.localtime() + datetime.timedelta(days=20)
    login(client, staff)

    response = client.post(
        "/staf/opleidingsdagen/nieuw/",
        {
            "title": "Opleidingsdag",
            "title_fr": "Journée de formation",
            "title_en": "Training day",
            "kind": "classroom",
            "region": antwerpen.pk,
            "starts_at": start.strftime("%Y-%m-%dT09:30"),
            "ends_at": start.strftime("%Y-%m-%dT16:30"),
            "location": "Antwerpen",
            "capacity": 10,
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    from training.models import TrainingDay

    day = TrainingDay.objects.get(title="Opleidingsdag")
    assert (day.title_fr, day.title_en) == ("Journée de formation", "Training day")


# --- Quiz titles ------------------------------------------------------------------------------


def test_the_portal_names_a_quiz_taken_in_dutch_in_the_page_language(
    client, login, coordinator, home
):
    index = training_index()
    learning.training_index_protect(index)
    module = module_page(index=index, title="De route")
    dutch = lesson_page(module=module, title="Toetsles", quiz=quiz_value(title="Toets: de route"))
    TrackEnrolmentFactory(user=coordinator, track=TrackFactory(modules=[module]))
    english_locale, _ = Locale.objects.get_or_create(language_code="en")
    english = dutch.copy_for_translation(english_locale, copy_parents=True)
    english.title = "Quiz lesson"
    next(block for block in english.body if block.block_type == "quiz").value["title"] = (
        "Quiz: the route"
    )
    english.save_revision().publish()
    block_id = dutch.quiz_blocks()[0].id
    QuizAttempt.objects.create(
        user=coordinator,
        lesson_key=dutch.translation_key,
        lesson=dutch,  # taken on the Dutch page
        block_id=block_id,
        answers={"q1": ["a1"]},
        correct_count=1,
        question_count=1,
        score=100,
        pass_mark=50,
        passed=True,
    )
    login(client, coordinator)

    english_html = client.get("/en/portaal/").content.decode()
    dutch_html = client.get("/portaal/").content.decode()

    assert "Quiz lesson, Quiz: the route" in english_html
    assert "Toets: de route" not in english_html
    assert "Toetsles, Toets: de route" in dutch_html


# --- Region names -----------------------------------------------------------------------------


def test_every_seeded_region_has_a_translated_name(db):
    from people.models import Region

    assert set(Region.objects.values_list("code", flat=True)) == set(REGION_NAMES)
    with translation.override("en"):
        assert region_name(region("brussel-halle-vilvoorde")) == "Brussels and Halle-Vilvoorde"
        assert region_name(region("oost-vlaanderen")) == "East Flanders"
        assert region_name(None) == ""
    with translation.override("nl"):
        assert region_name(region("vlaams-brabant")) == region("vlaams-brabant").name


def test_a_region_without_a_translation_keeps_its_own_name(db):
    from people.models import Region

    other = Region(code="elders", name="Elders")

    assert region_name(other) == "Elders"
    assert Region.objects.filter(code="antwerpen").exists()


def test_the_training_day_filter_names_the_regions_in_the_page_language(
    client, login, coordinator, track
):
    login(client, coordinator)

    html = client.get("/en/portaal/opleidingsdagen/").content.decode()

    assert ">Antwerp</option>" in html
    assert ">Flemish Brabant</option>" in html
    assert ">West Flanders</option>" in html
    assert ">Antwerpen</option>" not in html
    # The French page asks the French catalogue for the same names.
    french = client.get("/fr/portaal/opleidingsdagen/").content.decode()
    with translation.override("fr"):
        assert f">{region_name(region('oost-vlaanderen'))}</option>" in french


def test_the_training_day_page_names_its_region_in_the_page_language(
    client, login, coordinator, track
):
    day = TrainingDayFactory(track=track, region=region("west-vlaanderen"))
    login(client, coordinator)

    html = client.get(f"/en/portaal/opleidingsdagen/{day.pk}/").content.decode()

    assert "<dd>West Flanders</dd>" in html


# --- The certificate in the holder's language --------------------------------------------------


@pytest.fixture
def certificate(coordinator, track, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 4, 12, 0, tzinfo=datetime.UTC))
    return certificate_issue(user=coordinator, track=track, issued_on=DECEMBER_4)


def test_a_certificate_keeps_its_title_in_the_three_languages(certificate):
    assert (certificate.title, certificate.title_fr, certificate.title_en) == (
        "Gecertificeerd coördinator",
        "Coordinateur certifié",
        "Certified coordinator",
    )


def test_a_certificate_without_a_translated_title_falls_back_to_the_translated_name(
    coordinator, track
):
    track.certificate_title_fr = ""
    track.save()

    certificate = certificate_issue(user=coordinator, track=track, issued_on=DECEMBER_4)

    assert certificate.title_fr == "Formation de base"
    with translation.override("en"):
        assert certificate.local_title == "Certified coordinator"


@pytest.mark.parametrize(
    ("language", "title", "date", "verify_prefix"),
    [
        ("fr", "Coordinateur certifié", "4 décembre 2026", "/fr/certificaat/"),
        ("en", "Certified coordinator", "4 December 2026", "/en/certificaat/"),
        ("nl", "Gecertificeerd coördinator", "4 december 2026", "/certificaat/"),
    ],
)
def test_the_pdf_is_drawn_in_the_holders_language(
    coordinator, certificate, language, title, date, verify_prefix
):
    coordinator.preferred_language = language
    coordinator.save(update_fields=["preferred_language"])

    # Whatever the language of the request that asks for it.
    with translation.override("nl" if language != "nl" else "en"):
        html = certificate_pdf_html(certificate=certificate)

    assert f'<h2 class="title">{title}</h2>' in html
    assert date in html
    assert f"{verify_prefix}{certificate.code}/" in html
    expected_lang = {"nl": "nl-BE", "fr": "fr-BE", "en": "en"}[language]
    assert f'<html lang="{expected_lang}">' in html


def test_the_english_pdf_uses_the_english_wording(coordinator, certificate):
    coordinator.preferred_language = "en"
    coordinator.save(update_fields=["preferred_language"])

    html = certificate_pdf_html(certificate=certificate)

    assert "This certifies that" in html
    assert "Track: Basisopleiding" in html  # no English track name: the Dutch one


@pytest.mark.parametrize(
    ("prefix", "title", "date"),
    [
        ("/fr", "Coordinateur certifié", "4 décembre 2026"),
        ("/en", "Certified coordinator", "4 December 2026"),
        ("", "Gecertificeerd coördinator", "4 december 2026"),
    ],
)
def test_the_verification_page_shows_the_title_and_date_in_the_page_language(
    client, certificate, prefix, title, date
):
    html = client.get(f"{prefix}/certificaat/{certificate.code}/").content.decode()

    assert f"<dd>{title}</dd>" in html
    assert f"<dd>{date}</dd>" in html


# --- Dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "long", "numeric", "with_time"),
    [
        ("nl", "4 december 2026", "04/12/2026", "04/12/2026 14:30"),
        ("fr", "4 décembre 2026", "04/12/2026", "04/12/2026 14:30"),
        ("en", "4 December 2026", "04/12/2026", "04/12/2026 14:30"),
    ],
)
def test_dates_have_each_languages_own_format(language, long, numeric, with_time):
    moment = datetime.datetime(2026, 12, 4, 14, 30)
    with translation.override(language):
        assert date_format(DECEMBER_4) == long
        assert date_format(DECEMBER_4, "SHORT_DATE_FORMAT") == numeric
        assert date_format(moment, "DATETIME_FORMAT") == f"{long} 14:30"
        assert date_format(moment, "SHORT_DATETIME_FORMAT") == with_time
        rendered = Template('{{ day|date }} {{ day|date:"SHORT_DATE_FORMAT" }}').render(
            Context({"day": DECEMBER_4})
        )
        assert rendered == f"{long} {numeric}"


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
@pytest.mark.parametrize("typed", ["04/12/2026", "2026-12-04"])
def test_date_fields_take_the_numeric_and_the_iso_format(language, typed):
    from django import forms

    with translation.override(language):
        field = forms.DateField(localize=True)
        assert field.clean(typed) == DECEMBER_4


def test_renewal_opens_on_a_date_in_words(coordinator, track, english):
    from training.certificates.selectors import renewal_status

    certificate = certificate_issue(user=coordinator, track=track, issued_on=DECEMBER_4)

    missing = renewal_status(certificate=certificate).missing

    opens = date_format(renewal_status(certificate=certificate).opens_on)
    assert f"Renewal opens on {opens}." in missing
    assert "/" not in opens


# --- "today" ----------------------------------------------------------------------------------


def test_zero_days_ago_is_today(english):
    assert days_ago_text(0) == "today"
    assert days_ago_text(1) == "1 day ago"
    assert days_ago_text(3) == "3 days ago"
    assert days_ago_text(-2) == "in 2 days"
    assert days_ago_text(None) == ""
    assert days_ago_text(timezone.localdate()) == "today"
    assert days_ago_text(timezone.localdate() - datetime.timedelta(days=5)) == "5 days ago"
    assert days_ago_text(timezone.now()) == "today"


def test_the_days_ago_filter_in_a_template(english):
    html = Template("{% load training_tags %}{{ 0|days_ago }} / {{ 21|days_ago }}").render(
        Context({})
    )

    assert html == "today / 21 days ago"


def test_a_registration_of_today_says_today_not_zero_days(client, login, staff, antwerpen):
    from trajects.factories import RegistrationFactory

    registration = RegistrationFactory(created_at=timezone.now())
    login(client, staff)

    html = client.get(f"/en/staf/aanmeldingen/{registration.reference}/").content.decode()

    assert "(today)" in html, html[html.find("<main") : html.find("<main") + 1500]
    assert "0 days" not in html


# --- French punctuation -----------------------------------------------------------------------


def test_a_label_takes_a_non_breaking_space_before_its_colon_in_french():
    template = Template("{% load language_tags %}Date{% colon %} 4")

    with translation.override("fr"):
        assert template.render(Context({})) == "Date\u00a0: 4"
    with translation.override("en"):
        assert template.render(Context({})) == "Date: 4"


def test_the_french_demo_content_spaces_its_punctuation():
    texts = [text for path, french in _demo_data_files() for text in _french(_load(path), french)]

    assert len(texts) > 100
    wrong = [text for text in texts if WRONGLY_SPACED.search(text)]
    assert wrong == []


def _demo_data_files() -> list[tuple[Path, bool]]:
    """Every demo data file, and whether all of it is French (``fr.yaml``, ``fr/``)."""
    roots = [Path(demo.__file__).parent / "data", Path(cms_demo.__file__).parent / "data"]
    return [
        (path, path.stem == "fr" or path.parent.name == "fr")
        for root in roots
        for path in sorted(root.rglob("*.yaml"))
    ]


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# A : ; ? ! that ends a word without a non-breaking space before it, or « » without one inside.
WRONGLY_SPACED = re.compile(r"[^\s\u00a0\u202f][:;?!](?=$|[\s<])| [:;?!](?=$|[\s<])|« | »")


def _french(value, french: bool = False):
    """The French texts in the demo data: everything under a ``"fr"`` key and every ``..._fr``
    field (and everything, with ``french``)."""
    if isinstance(value, str):
        if french:
            yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            is_french = french or key == "fr" or (isinstance(key, str) and key.endswith("_fr"))
            yield from _french(item, is_french)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _french(item, french)
