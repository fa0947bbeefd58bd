"""Rules about one page: an image needs its alternative text, a region has one page per
language, the region page's contact falls back to the region's general contact."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cms.models import RegionPage
from people.regions import GENERAL_EMAIL, GENERAL_PHONE

pytestmark = pytest.mark.django_db


def test_an_image_without_alternative_text_is_refused(site_pages, image):
    page = site_pages["what_is"]
    page.image = image
    page.image_alt = " "

    with pytest.raises(ValidationError) as error:
        page.full_clean()

    assert "image_alt" in error.value.message_dict


def test_an_image_with_alternative_text_is_accepted(site_pages, image):
    page = site_pages["what_is"]
    page.image, page.image_alt = image, "Een familie rond de tafel"

    page.full_clean()  # raises nothing
    page.save()

    stored = type(page).objects.get(pk=page.pk)
    assert (stored.image, stored.image_alt) == (image, "Een familie rond de tafel")


def test_a_region_gets_one_page_per_language(site_pages):
    antwerpen = site_pages["antwerpen"]
    second = RegionPage(
        title="Antwerpen bis",
        slug="antwerpen-bis",
        region=antwerpen.region,
        locale=antwerpen.locale,
    )
    second.path, second.depth = antwerpen.path, antwerpen.depth  # beside it, as the admin would

    with pytest.raises(ValidationError) as error:
        second.clean()

    assert "region" in error.value.message_dict


def test_the_translation_of_a_region_page_is_not_a_second_page(site_pages):
    dutch, french = site_pages["antwerpen"], site_pages["fr_antwerpen"]

    french.clean()  # raises nothing: the same region, but in another language

    assert french.region_id == dutch.region_id
    assert french.translation_key == dutch.translation_key
    assert french.locale_id != dutch.locale_id


def test_region_contact_falls_back_to_the_regions_general_contact(site_pages):
    page = site_pages["antwerpen"]

    assert (page.contact_email, page.contact_phone) == (GENERAL_EMAIL, GENERAL_PHONE)

    page.email, page.phone = "antwerpen@eigenkrachtcentrale.be", "03 123 45 67"

    assert (page.contact_email, page.contact_phone) == (
        "antwerpen@eigenkrachtcentrale.be",
        "03 123 45 67",
    )


def test_municipalities_are_the_regions_postcodes_in_the_service_area(site_pages):
    brussels = RegionPage.objects.get(
        locale__language_code="nl", region__code="brussel-halle-vilvoorde"
    )

    municipalities = dict(brussels.municipalities())

    assert "1000" in municipalities
    assert {"Brussel", "Bruxelles"} <= set(municipalities["1000"])
    assert "1300" not in municipalities  # Walloon Brabant: outside the service area
    assert all(code[0] == "1" for code in municipalities)
