"""The cards of the portal's list of training days are written in Python
(``training.days.cards``): the same HTML, to the character, as their reference template
``training/includes/training_day_cards.html``, over days of every kind and state, names that
need escaping, in every language."""

from __future__ import annotations

import datetime

import pytest
from django.template.loader import get_template
from django.utils import timezone, translation

from people.factories import region
from training.days.cards import day_cards_html
from training.days.selectors import training_days_for_volunteer
from training.factories import TrackFactory, TrainingDayFactory
from training.models import SeatStatus, TrainingDayEnrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def days(coordinator, other_coordinator):
    """Days online and in a classroom, with and without region and track, with the visitor's
    seat confirmed or waiting, full, and with places left; titles and places that need
    escaping, titles in French and not."""
    start = (timezone.localtime() + datetime.timedelta(days=3)).replace(
        hour=9, minute=5, second=0, microsecond=0
    )
    track = TrackFactory(name="Basis <b>", name_fr="Formation d'base", name_en="")
    confirmed = TrainingDayFactory(
        title="Dag van Sien D'Hondt <b>",
        title_fr="Journée d'été",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=7, minutes=25),
        track=track,
        location="Zaal 'De Kring' & co",
    )
    waiting = TrainingDayFactory(
        title="Online dag",
        kind="online",
        online_url="https://example.org/meet",
        location="",
        region=None,
        starts_at=start + datetime.timedelta(days=1),
        ends_at=start + datetime.timedelta(days=1, hours=2),
    )
    full = TrainingDayFactory(
        title="Volle dag",
        capacity=1,
        region=region("limburg"),
        starts_at=start + datetime.timedelta(days=40),
        ends_at=start + datetime.timedelta(days=40, hours=3),
    )
    TrainingDayFactory(
        title="Dag met plaats",
        capacity=1200,
        track=track,
        starts_at=start + datetime.timedelta(days=200),
        ends_at=start + datetime.timedelta(days=200, hours=3),
    )
    TrainingDayEnrolment.objects.create(day=confirmed, user=coordinator)
    TrainingDayEnrolment.objects.create(day=waiting, user=coordinator, status=SeatStatus.WAITING)
    TrainingDayEnrolment.objects.create(day=full, user=other_coordinator)
    return list(training_days_for_volunteer(coordinator))


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_cards_written_in_python_are_the_templates_to_the_character(days, language):
    assert {day.my_status for day in days} == {"confirmed", "waiting", None}
    template = get_template("training/includes/training_day_cards.html")

    with translation.override(language):
        expected = template.render({"days": days})
        found = day_cards_html(days)

    assert found + "\n" == expected
    assert "D&#x27;Hondt &lt;b&gt;" in found or language == "fr"


def test_no_days_make_no_cards():
    assert day_cards_html([]) == ""
