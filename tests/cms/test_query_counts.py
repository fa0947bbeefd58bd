"""Public pages cost the same number of queries whatever the number of news items, regions
or places: each list is fetched in one go (images' renditions included), and every uncached
public page stays within ten queries (issue 14: the header, footer, head and breadcrumb share one
query, ``cms.selectors.page_chrome``; routing a deep address costs two queries, not two a level).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms.models import ContentPage, RegionPage
from tests.cms.conftest import add_news, add_regions

# What rendering costs: the page cache (cms.pagecache) would answer the second view.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


def queries(client, url: str) -> int:
    client.get(url)  # warm up: renditions are made on the first view, caches filled
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url", ["/", "/nieuws/", "/fr/", "/zoeken/?q=bericht", "/sitemap.xml"], ids=str
)
def test_news_lists_cost_the_same_with_3_or_30_news_items(client, site_pages, image, url):
    news = site_pages["news"]
    add_news(news, 2, with_image=image)  # 3 + 2 = 5, some with an image
    small = queries(client, url)

    add_news(news, 25, with_image=image)
    large = queries(client, url)

    assert small == large, f"{url}: {small} queries with 5 news items, {large} with 30"


def test_region_overview_costs_the_same_with_more_regions(client, site_pages):
    small = queries(client, "/regios/")

    add_regions(site_pages["regions"], 8)
    large = queries(client, "/regios/")

    assert small == large, f"{small} queries with 6 regions, {large} with 14"


def test_region_page_costs_the_same_for_a_small_and_a_large_region(client, site_pages):
    small = RegionPage.objects.get(locale__language_code="nl", region__code="vlaams-brabant")
    large = RegionPage.objects.get(
        locale__language_code="nl", region__code="brussel-halle-vilvoorde"
    )
    assert len(small.municipalities()) < len(large.municipalities())

    assert queries(client, small.url) == queries(client, large.url)


PUBLIC_PAGE_BUDGET = 10
PUBLIC_PAGES = [
    "/",
    "/wat-is-een-eigen-kracht-conferentie/",
    "/nieuws/",
    "/nieuws/bijna-900-trajecten/",
    "/regios/",
    "/regios/antwerpen/",
    "/regios/brussel-halle-vilvoorde/",
    "/zoeken/",
    "/fr/",
    "/fr/quest-ce-quune-conference-eigen-kracht/",
    "/fr/regions/antwerpen/",
    "/en/",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES, ids=str)
def test_public_page_stays_within_ten_queries(client, site_pages, url):
    count = queries(client, url)
    assert count <= PUBLIC_PAGE_BUDGET, f"{url}: {count} queries"


@pytest.mark.parametrize(
    "url",
    ["/", "/nieuws/", "/nieuws/bijna-900-trajecten/", "/wat-is-een-eigen-kracht-conferentie/"],
)
def test_pages_cost_the_same_with_few_or_many_menu_sections_and_news(client, site_pages, url):
    small = queries(client, url)

    home = site_pages["home"]
    for number in range(6):
        section = home.add_child(
            instance=ContentPage(
                title=f"Sectie {number}", slug=f"sectie-{number}", locale=home.locale
            )
        )
        section.show_in_menus = True
        section.save()
    add_news(site_pages["news"], 12)
    large = queries(client, url)

    assert small == large <= PUBLIC_PAGE_BUDGET, f"{url}: {small} then {large} queries"


def test_a_restricted_section_stays_out_of_the_menu_without_costing_a_query(client, site_pages):
    before = queries(client, "/")
    PageViewRestriction.objects.create(
        page=site_pages["what_is"], restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get("/")

    assert site_pages["what_is"].title not in response.content.decode()
    assert queries(client, "/") == before
