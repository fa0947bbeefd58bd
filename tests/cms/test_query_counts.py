"""Public pages cost the same number of queries whatever the number of news items, regions
or places: each list is fetched in one go (images' renditions included)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import RegionPage
from tests.cms.conftest import add_news, add_regions

pytestmark = pytest.mark.django_db


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


def test_public_pages_stay_within_a_query_budget(client, site_pages):
    budget = 25
    for url in ("/", "/wat-is-een-eigen-kracht-conferentie/", "/regios/", "/regios/antwerpen/"):
        count = queries(client, url)
        assert count <= budget, f"{url}: {count} queries"
