"""training.demo: the recruitment page in three languages, open calls and applications;
deterministic and idempotent."""

from __future__ import annotations

import random

import pytest

from training import demo
from training.models import Application
from training.recruitment.pages import RecruitmentPage

pytestmark = pytest.mark.django_db


def test_demo_makes_the_page_in_three_languages_with_calls_and_twenty_applications(home_page):
    result = demo.seed(rng=random.Random(2026))

    pages = {page.locale.language_code: page for page in RecruitmentPage.objects.live()}
    assert sorted(pages) == ["en", "fr", "nl"]
    assert pages["nl"].url == "/word-vrijwilliger/"
    assert pages["fr"].url == "/fr/devenir-benevole/"
    assert pages["en"].url == "/en/become-a-volunteer/"
    assert pages["fr"].title == "Devenir bénévole"
    assert pages["nl"].open_calls().count() == 4  # one of the five has closed
    assert result.applications_created == demo.DEMO_APPLICATIONS
    assert Application.objects.values("region").distinct().count() >= 5


def test_demo_twice_changes_nothing(home_page):
    demo.seed(rng=random.Random(2026))
    before = list(Application.objects.order_by("pk").values_list("email", "first_name", "region"))

    result = demo.seed(rng=random.Random(99))

    assert result.applications_created == 0
    assert RecruitmentPage.objects.count() == 3
    assert (
        list(Application.objects.order_by("pk").values_list("email", "first_name", "region"))
        == before
    )


def test_demo_pages_answer(client, home_page):
    demo.seed(rng=random.Random(2026))

    for url in ("/word-vrijwilliger/", "/fr/devenir-benevole/", "/en/become-a-volunteer/"):
        assert client.get(url).status_code == 200
