"""Where each page type may go: editors cannot build a broken tree, and cms never names a
domain app's page (HomePage leaves its children open so that domain pages can declare it)."""

from __future__ import annotations

import pytest
from wagtail.models import Page, get_page_models

from cms.models import (
    ContentPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    RegionIndexPage,
    RegionPage,
)

pytestmark = pytest.mark.django_db

CMS_PAGE_TYPES = [HomePage, ContentPage, RegionIndexPage, RegionPage, NewsIndexPage, NewsPage]


@pytest.mark.parametrize("model", CMS_PAGE_TYPES, ids=lambda m: m.__name__)
def test_every_cms_page_type_declares_its_parents(model):
    assert "parent_page_types" in model.__dict__
    assert model.parent_page_types


@pytest.mark.parametrize("model", CMS_PAGE_TYPES, ids=lambda m: m.__name__)
def test_cms_page_types_name_only_cms_and_wagtail_pages(model):
    named = list(model.parent_page_types or []) + list(getattr(model, "subpage_types", None) or [])

    assert all(name.startswith(("cms.", "wagtailcore.")) for name in named), named


def test_home_page_leaves_its_children_to_the_child_page_types():
    assert "subpage_types" not in HomePage.__dict__
    declaring_home = {
        model
        for model in get_page_models()
        if model.is_creatable and HomePage in model.allowed_parent_page_models()
    }

    assert set(HomePage.creatable_subpage_models()) == declaring_home
    assert {ContentPage, RegionIndexPage, NewsIndexPage} <= declaring_home


def test_home_page_sits_at_the_root_only(site_pages):
    root = Page.get_first_root_node()

    assert HomePage.allowed_parent_page_models() == [Page]
    assert not HomePage.can_create_at(site_pages["what_is"])
    assert HomePage.can_exist_under(root)


def test_content_pages_go_under_the_home_page_or_another_content_page(site_pages):
    assert ContentPage.can_create_at(site_pages["home"])
    assert ContentPage.can_create_at(site_pages["what_is"])
    assert not ContentPage.can_create_at(site_pages["regions"])
    assert not ContentPage.can_create_at(site_pages["news"])
    assert not ContentPage.can_create_at(site_pages["news_item"])


def test_one_region_overview_and_one_news_overview_per_home_page(site_pages):
    assert not RegionIndexPage.can_create_at(site_pages["home"])
    assert not NewsIndexPage.can_create_at(site_pages["home"])
    assert not RegionIndexPage.can_create_at(site_pages["what_is"])
    assert not NewsIndexPage.can_create_at(site_pages["what_is"])


def test_region_pages_go_only_under_the_region_overview(site_pages):
    assert RegionPage.can_create_at(site_pages["regions"])
    assert not RegionPage.can_create_at(site_pages["home"])
    assert not RegionPage.can_create_at(site_pages["news"])
    assert RegionPage.allowed_subpage_models() == []


def test_news_items_go_only_under_the_news_overview(site_pages):
    assert NewsPage.can_create_at(site_pages["news"])
    assert not NewsPage.can_create_at(site_pages["home"])
    assert not NewsPage.can_create_at(site_pages["regions"])
    assert NewsPage.allowed_subpage_models() == []


def test_a_bare_wagtail_page_cannot_be_created_anywhere(site_pages):
    assert not Page.can_create_at(site_pages["home"])
