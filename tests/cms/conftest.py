"""Fixtures for the public pages: the demo pages, a parsed <head>, and helpers that add news
items and regions in bulk.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, Page

from cms import pagecache
from cms.models import HomePage, NewsIndexPage, NewsPage, RegionIndexPage, RegionPage
from people.models import Postcode, Region

HERE = Path(__file__).resolve().parent


@pytest.fixture
def clock(monkeypatch):
    """The monotonic clock that ``cms.pagecache.kept`` reads, set by the test: another
    process's change is seen after ``KEPT_CHECK_SECONDS`` of it."""
    now = [1000.0]
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: now[0])
    return now


@pytest.fixture
def site_pages(_demo_pages_for_module, db) -> dict[str, Page]:
    """The demo pages (seed_pages), by name, in Dutch; ``fr_``/``en_`` names for translations."""
    home_page = HomePage.objects.get(locale__language_code="nl")
    pages = {"home": home_page}
    for name, model in (("regions", RegionIndexPage), ("news", NewsIndexPage)):
        pages[name] = model.objects.get(locale__language_code="nl")
    pages["what_is"] = Page.objects.get(url_path="/home-nl/wat-is-een-eigen-kracht-conferentie/")
    pages["origin"] = Page.objects.get(url_path="/home-nl/oorsprong-en-pijlers/")
    pages["antwerpen"] = RegionPage.objects.get(
        locale__language_code="nl", region__code="antwerpen"
    )
    pages["news_item"] = NewsPage.objects.filter(locale__language_code="nl").first()
    source_names = list(pages)
    for code in ("fr", "en"):
        locale = Locale.objects.get(language_code=code)
        for name in source_names:
            pages[f"{code}_{name}"] = pages[name].get_translation(locale)
    return {name: page.specific for name, page in pages.items()}


def add_news(index: NewsIndexPage, count: int, *, with_image: Image | None = None) -> list:
    """``count`` live news items under ``index`` (no revisions: quicker, enough to list)."""
    items = []
    start = index.get_children().count()
    for number in range(start, start + count):
        items.append(
            index.add_child(
                instance=NewsPage(
                    title=f"Bericht {number} over de kring",
                    slug=f"bericht-{number}",
                    date=datetime.date(2026, 1, 1) + datetime.timedelta(days=number),
                    intro=f"Korte inleiding {number}.",
                    locale=index.locale,
                    image=with_image,
                    image_alt="Een kring van mensen" if with_image else "",
                )
            )
        )
    return items


def add_regions(index: RegionIndexPage, count: int) -> list[RegionPage]:
    """``count`` extra regions, each with a postcode and a region page under ``index``."""
    pages = []
    for number in range(count):
        region = Region.objects.create(code=f"extra-{number}", name=f"Extra regio {number}")
        Postcode.objects.filter(code=str(1100 + number)).update(region=region)
        pages.append(
            index.add_child(
                instance=RegionPage(
                    title=region.name, slug=region.code, region=region, locale=index.locale
                )
            )
        )
    return pages


@pytest.fixture
def image(db) -> Image:
    return Image.objects.create(title="Kring", file=get_test_image_file(size=(1600, 900)))


@dataclass
class Head:
    title: str = ""
    meta: dict[str, list[str]] = field(default_factory=dict)
    links: list[dict[str, str]] = field(default_factory=list)

    def first(self, name: str) -> str:
        return (self.meta.get(name) or [""])[0]

    def alternates(self) -> dict[str, str]:
        return {
            link["hreflang"]: link["href"]
            for link in self.links
            if link.get("rel") == "alternate" and "hreflang" in link
        }

    def canonical(self) -> str:
        return next((link["href"] for link in self.links if link.get("rel") == "canonical"), "")


class _HeadParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.head = Head()
        self._in_title = False
        self._done = False

    def handle_starttag(self, tag, attrs):
        if self._done:
            return
        attributes = {name: value or "" for name, value in attrs}
        if tag == "title":
            self._in_title = True
        elif tag == "meta":
            name = attributes.get("property") or attributes.get("name")
            if name:
                self.head.meta.setdefault(name, []).append(attributes.get("content", ""))
        elif tag == "link":
            self.head.links.append(attributes)

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "head":
            self._done = True

    def handle_data(self, data):
        if self._in_title:
            self.head.title += data


def parse_head(response) -> Head:
    parser = _HeadParser()
    parser.feed(response.content.decode())
    return parser.head


@pytest.fixture(autouse=True)
def _forget_sites():
    """The process's map of sites (cms.sites) outlives a rolled-back test: start each test
    without it (tests/conftest.py's _clear_cache does the same for the locales)."""
    from cms import sites

    sites.forget()
    yield
    sites.forget()
