"""The demo pages: EKC's own story in Dutch, translated into French and English through
Wagtail's localisation; a second run creates nothing; only the general contact details.

``site_pages`` seeds them once for this module (see conftest)."""

from __future__ import annotations

import json

import pytest
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Revision

from cms.demo import seed_pages
from cms.demo.texts import texts
from cms.models import ContentPage, HomePage, NewsIndexPage, NewsPage, RegionIndexPage, RegionPage
from people.models import Region

pytestmark = pytest.mark.django_db

# The presentation names one staff member: her name, address and number never appear.
STAFF_DETAILS = ("Loes", "loeskersten", "0489 27 88 30", "0489278830")


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "redirects": Redirect.objects.count(),
    }


def test_seed_builds_the_dutch_tree_with_french_and_english_translations(site_pages):
    home = site_pages["home"]

    assert home.locale.language_code == "nl"
    for model, per_language in (
        (HomePage, 1),
        (ContentPage, 4),  # the sections, the privacy and accessibility statements
        (RegionIndexPage, 1),
        (NewsIndexPage, 1),
        (NewsPage, 3),
        (RegionPage, Region.objects.count()),
    ):
        for code in ("nl", "fr", "en"):
            pages = model.objects.live().filter(locale__language_code=code)
            assert pages.count() == per_language, (model.__name__, code)
    french = ContentPage.objects.get(slug="quest-ce-quune-conference-eigen-kracht")
    dutch = ContentPage.objects.get(slug="wat-is-een-eigen-kracht-conferentie")
    assert french.translation_key == dutch.translation_key
    assert french.title == texts("fr").pages["what_is"]["title"]


def test_seed_twice_creates_nothing_new(site_pages):
    first = counts()

    seed_pages()

    assert counts() == first


def test_seed_leaves_pages_that_exist_as_they_are(site_pages):
    page = ContentPage.objects.get(slug="oorsprong-en-pijlers")
    page.title = "Onze oorsprong"
    page.save_revision().publish()

    seed_pages()

    assert ContentPage.objects.get(pk=page.pk).title == "Onze oorsprong"
    assert not ContentPage.objects.filter(slug="oorsprong-en-pijlers").exclude(pk=page.pk)


def test_seed_makes_no_redirects_for_the_translations_own_slugs(site_pages):

    assert not Redirect.objects.exists()


def test_every_region_gets_a_page_with_the_general_contact_only(site_pages):

    for region in Region.objects.all():
        page = RegionPage.objects.get(region=region, locale__language_code="nl")
        assert page.contact_email == "info@eigenkrachtcentrale.be"
        assert page.contact_phone == "0489 45 54 12"
        assert not page.contact_name


def test_no_staff_members_details_in_any_page(site_pages):

    for revision in Revision.objects.all():
        content = json.dumps(revision.content, ensure_ascii=False)
        for detail in STAFF_DETAILS:
            assert detail not in content, (revision.object_str, detail)


def test_the_what_is_page_tells_the_route_phases_parts_quote_faq_and_facts(site_pages):
    page = ContentPage.objects.get(slug="wat-is-een-eigen-kracht-conferentie")
    blocks = [block.block_type for block in page.body]

    assert {"route", "quote", "faq", "facts", "call_to_action"} <= set(blocks)
    route = next(block.value for block in page.body if block.block_type == "route")
    assert [step["title"] for step in route["steps"]] == [
        "Aanmelding",
        "Match met een vrijwilliger",
        "Voorbereiding",
        "Conferentie",
        "Uitvoering en opvolging",
    ]
    facts = next(block.value for block in page.body if block.block_type == "facts")
    figures = [fact["figure"] for fact in facts["facts"]]
    assert figures == ["bijna 900", "ruim 90%", "± 180", "3 weken", "2006"]
    text = page.body.render_as_block()
    for words in ("Het open gedeelte", "De besloten tijd", "De voorstelling van het plan"):
        assert words.lower() in text.lower()


def test_the_origin_page_tells_new_zealand_and_the_three_pillars(site_pages):
    text = ContentPage.objects.get(slug="oorsprong-en-pijlers").body.render_as_block()

    for words in ("Nieuw-Zeeland", "Family Group Conferencing", "Maori", "besloten tijd"):
        assert words in text
    assert "De onafhankelijke coördinator" in text
