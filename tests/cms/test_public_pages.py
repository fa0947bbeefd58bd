"""Every public page type answers 200 with a title, a meta description, a canonical link,
hreflang links to its translations and Open Graph tags."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from tests.cms.conftest import parse_head

pytestmark = pytest.mark.django_db

PAGES = {
    "home": "/",
    "content page": "/wat-is-een-eigen-kracht-conferentie/",
    "region index": "/regios/",
    "region page": "/regios/antwerpen/",
    "news index": "/nieuws/",
    "news page": "/nieuws/bijna-900-trajecten/",
    "home in French": "/fr/",
    "content page in French": "/fr/quest-ce-quune-conference-eigen-kracht/",
    "region index in English": "/en/regions/",
    "news page in English": "/en/news/nearly-900-trajects/",
    "search": "/zoeken/",
    "search results": "/zoeken/?q=plan",
}


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_public_page_has_title_description_canonical_hreflang_and_open_graph(
    client, site_pages, url
):
    response = client.get(url)

    assert response.status_code == 200
    head = parse_head(response)
    assert head.title.strip() and not head.title.strip().startswith("·")
    assert len(head.first("description")) > 20
    assert head.canonical().startswith("http")
    alternates = head.alternates()
    assert {"nl", "fr", "en", "x-default"} <= set(alternates), alternates
    assert head.canonical() in alternates.values()
    for prop in ("og:title", "og:description", "og:url", "og:type", "og:locale"):
        assert head.first(prop), prop
    assert head.first("og:url") == head.canonical()


@pytest.mark.parametrize(
    ("url", "og_locale", "page"),
    [("/", "nl_BE", "home"), ("/fr/", "fr_BE", "fr_home"), ("/en/", "en_GB", "en_home")],
)
def test_page_head_names_its_own_language_and_its_translations(
    client, site_pages, url, og_locale, page
):
    head = parse_head(client.get(url))

    assert head.first("og:locale") == og_locale
    assert set(head.meta["og:locale:alternate"]) == {"nl_BE", "fr_BE", "en_GB"} - {og_locale}
    assert head.canonical() == site_pages[page].full_url
    assert head.alternates()["x-default"] == site_pages["home"].full_url


def test_page_description_is_the_search_description_or_else_the_intro(client, site_pages):
    page = site_pages["what_is"]
    head = parse_head(client.get(page.url))
    assert head.first("description") == page.intro
    assert head.first("og:description") == page.intro

    page.search_description = "Een kortere beschrijving voor zoekmachines."
    page.save_revision().publish()

    head = parse_head(client.get(page.url))
    assert head.first("description") == "Een kortere beschrijving voor zoekmachines."


def test_only_live_translations_are_alternates(client, site_pages):
    site_pages["en_what_is"].unpublish()

    alternates = parse_head(client.get(site_pages["what_is"].url)).alternates()

    assert set(alternates) == {"nl", "fr", "x-default"}


def test_news_page_is_an_article_with_its_date(client, site_pages):
    head = parse_head(client.get("/nieuws/bijna-900-trajecten/"))

    assert head.first("og:type") == "article"
    assert head.first("article:published_time") == "2026-06-18"


def test_page_with_an_image_shares_it_as_og_image(client, site_pages, image):
    page = site_pages["what_is"]
    page.image, page.image_alt = image, "Een familie rond de keukentafel"
    page.save_revision().publish()

    response = client.get(page.url)

    head = parse_head(response)
    assert head.first("og:image").startswith("http")
    assert head.first("og:image:alt") == "Een familie rond de keukentafel"
    assert 'alt="Een familie rond de keukentafel"' in response.content.decode()


def test_page_without_an_image_has_no_og_image(client, site_pages):
    assert "og:image" not in parse_head(client.get("/")).meta


def test_content_page_shows_route_phases_conference_parts_quote_facts_and_faq(client, site_pages):
    html = client.get("/wat-is-een-eigen-kracht-conferentie/").content.decode()

    assert html.count('class="route__step"') == 5
    for text in ("Aanmelding", "Match met een vrijwilliger", "Voorbereiding", "Conferentie"):
        assert text in html
    for text in ("Fase 1", "Fase 2", "Fase 3", "open gedeelte", "besloten tijd", "voorstelling"):
        assert text in html
    assert "<blockquote>" in html
    assert "bijna 900" in html and "± 180" in html and "2006" in html
    assert html.count("<details") >= 5 and "<summary>" in html
    assert 'href="/regios/"' in html  # the call to action, to the regions


def test_call_to_action_in_a_translation_links_to_the_translated_page(client, site_pages):
    html = client.get("/fr/quest-ce-quune-conference-eigen-kracht/").content.decode()

    assert 'href="/fr/regions/"' in html


def test_region_index_lists_every_region_with_its_general_contact(client, site_pages):
    html = client.get("/regios/").content.decode()

    for name in ("Antwerpen", "Brussel en Halle-Vilvoorde", "Limburg", "West-Vlaanderen"):
        assert escape(name) in html
    assert html.count("mailto:info@eigenkrachtcentrale.be") >= 6
    assert 'href="tel:+32489455412"' in html


def test_region_page_shows_contact_and_its_municipalities_in_a_details(client, site_pages):
    html = client.get("/regios/antwerpen/").content.decode()

    assert "mailto:info@eigenkrachtcentrale.be" in html
    assert 'href="tel:+32489455412"' in html
    assert '<details class="places">' in html
    assert "2000" in html and "Antwerpen" in html
    assert "4000" not in html  # Liège: Limburg handles it, outside the service area


def test_region_page_never_shows_the_staff_members_own_details(client, site_pages, staff):
    region = site_pages["antwerpen"].region
    region.contact = staff
    region.save()
    staff.phone = "0499 11 22 33"
    staff.save()

    html = client.get("/regios/antwerpen/").content.decode()

    assert staff.email not in html
    assert staff.first_name not in html
    assert staff.phone not in html


def test_news_index_shows_the_newest_first_and_ten_to_a_page(client, site_pages):
    from tests.cms.conftest import add_news

    add_news(site_pages["news"], 12)

    first = client.get("/nieuws/").content.decode()
    second = client.get("/nieuws/?page=2").content.decode()

    assert first.count('class="news-item"') == 10
    assert second.count('class="news-item"') == 5
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert first.index("Bericht 11") < first.index("Bericht 10")
    assert client.get("/nieuws/?page=nonsense").status_code == 200


def test_home_page_shows_the_three_latest_news_items(client, site_pages):
    html = client.get("/").content.decode()

    assert html.count('class="news-item"') == 3
    assert "Nieuwe opleiding voor Eigen Kracht-co" in html


def test_unknown_page_answers_the_friendly_404(client, site_pages):
    client.raise_request_exception = False

    response = client.get("/bestaat-niet/")

    assert response.status_code == 404
    assert "info@eigenkrachtcentrale.be" in response.content.decode()


def test_restricted_news_and_regions_stay_out_of_the_lists(client, site_pages):
    from wagtail.models import PageViewRestriction

    from cms.models import NewsPage, RegionPage

    news_item = NewsPage.objects.live().filter(locale__language_code="nl").order_by("-date").first()
    region = site_pages["antwerpen"]
    for page in (news_item, region):
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    limburg = RegionPage.objects.get(locale__language_code="nl", region__code="limburg")

    home = client.get("/").content.decode()
    news = client.get("/nieuws/").content.decode()
    regions = client.get("/regios/").content.decode()

    assert escape(news_item.title) not in home and escape(news_item.title) not in news
    others = NewsPage.objects.live().filter(locale__language_code="nl").count() - 1
    assert home.count('class="news-item"') == min(3, others)
    assert f'href="{region.url}"' not in regions
    assert f'href="{limburg.url}"' in regions
    PageViewRestriction.objects.create(
        page=site_pages["regions"], restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get("/regios/").status_code == 302  # the overview itself now asks to log in


def test_news_below_a_restricted_overview_stays_off_the_home_page(client, site_pages):
    from wagtail.models import PageViewRestriction

    assert client.get("/").content.decode().count('class="news-item"') > 0
    PageViewRestriction.objects.create(
        page=site_pages["news"], restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get("/").content.decode().count('class="news-item"') == 0
