"""The public site's template tags: the menu of sections, the language versions of a page and
telephone links."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory, override_settings
from django.urls import resolve, translate_url
from django.utils import translation
from wagtail.models import Site

from cms.demo.texts import texts
from cms.templatetags.cms_tags import og_locale, tel_href, view_head
from people.links import absolute_url
from tests.cms.conftest import parse_head


@pytest.mark.parametrize(
    ("number", "href"),
    [("0489 45 54 12", "tel:+32489455412"), ("03 123 45 67", "tel:+3231234567"), ("?", "")],
)
def test_tel_href_gives_an_international_number(number, href):
    assert tel_href(number) == href


def test_og_locale_names_the_territory():
    assert [og_locale(code) for code in ("nl", "fr", "en")] == ["nl_BE", "fr_BE", "en_GB"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "path", "expected"),
    [
        ("nl", "/", ["Wat is een Eigen Kracht-conferentie?", "Regio's", "Nieuws"]),
        ("fr", "/fr/", [texts("fr").pages["what_is"]["title"], "Régions", "Actualités"]),
    ],
)
def test_main_menu_lists_the_sections_in_the_current_language(site_pages, language, path, expected):
    request = RequestFactory().get(path)
    with translation.override(language):
        html = Template("{% load cms_tags %}<ul>{% main_menu %}</ul>").render(
            Context({"request": request})
        )

    for title in expected:
        assert title.replace("'", "&#x27;") in html


@pytest.mark.django_db
def test_language_versions_point_at_the_pages_translations(site_pages):
    request = RequestFactory().get("/wat-is-een-eigen-kracht-conferentie/")
    html = Template(
        "{% load cms_tags %}{% language_versions page as versions %}"
        "{% for v in versions %}{{ v.code }}={{ v.target }};{% endfor %}"
    ).render(Context({"request": request, "page": site_pages["what_is"]}))

    assert html == (
        "nl=/wat-is-een-eigen-kracht-conferentie/;"
        "fr=/fr/quest-ce-quune-conference-eigen-kracht/;"
        "en=/en/what-is-an-eigen-kracht-conference/;"
    )


@pytest.mark.django_db
def test_language_versions_fall_back_to_each_languages_home_page(site_pages):
    site_pages["en_origin"].unpublish()
    request = RequestFactory().get("/oorsprong-en-pijlers/")
    html = Template(
        "{% load cms_tags %}{% language_versions page as versions %}"
        "{% for v in versions %}{{ v.code }}={{ v.target }}:{{ v.missing }};{% endfor %}"
    ).render(Context({"request": request, "page": site_pages["origin"]}))

    assert "fr=/fr/origine-et-piliers/:False;" in html
    assert "en=/en/:True;" in html


def test_language_versions_outside_a_page_translate_the_view():
    request = RequestFactory().get("/zoeken/?q=plan")
    html = Template(
        "{% load cms_tags %}{% language_versions as versions %}"
        "{% for v in versions %}{{ v.code }}={{ v.target }};{% endfor %}"
    ).render(Context({"request": request}))

    assert html == "nl=/zoeken/?q=plan;fr=/fr/zoeken/?q=plan;en=/en/zoeken/?q=plan;"


def test_language_versions_use_the_requests_own_match_without_resolving_again(monkeypatch):
    """A routed request (Django set ``resolver_match``) is not resolved a second time: the view
    is reversed in each language with its own arguments, and the query string is kept."""
    from django.urls import resolve

    from cms.templatetags import cms_tags

    request = RequestFactory().get("/portaal/trajecten/EKC-2026-0001/?tab=plan")
    request.resolver_match = resolve("/portaal/trajecten/EKC-2026-0001/")

    def no_second_resolve(path):
        raise AssertionError(f"resolved again: {path}")

    monkeypatch.setattr(cms_tags, "resolve", no_second_resolve)
    with translation.override("nl"):
        versions = cms_tags.language_versions({"request": request})

    monkeypatch.undo()
    targets = {version["code"]: version["target"] for version in versions}
    assert targets["nl"] == "/portaal/trajecten/EKC-2026-0001/?tab=plan"
    for code in ("fr", "en"):
        path, query = targets[code].split("?")
        assert path.startswith(f"/{code}/")
        assert query == "tab=plan"
        with translation.override(code):
            match = resolve(path)
        assert (match.view_name, match.kwargs) == (
            "trajects:workspace_detail",
            {"reference": "EKC-2026-0001"},
        )
    assert not any(version["missing"] for version in versions)


@pytest.mark.django_db
def test_language_versions_of_an_unknown_address_are_the_home_pages():
    request = RequestFactory().get("/bestaat-niet/")
    html = Template(
        "{% load cms_tags %}{% language_versions as versions %}"
        "{% for v in versions %}{{ v.code }}={{ v.target }};{% endfor %}"
    ).render(Context({"request": request}))

    assert html == "nl=/bestaat-niet/;fr=/fr/;en=/en/;"


# --- One site address: everything a page says about its own address is on SITE_URL -----------

SITE_URL = "https://kring.example.be"


@pytest.mark.django_db
@override_settings(SITE_URL=SITE_URL)
@pytest.mark.parametrize("name", ["home", "what_is", "fr_news_item", "en_antwerpen"])
def test_canonical_hreflang_and_og_url_are_on_site_url(client, site_pages, name):
    page = site_pages[name]

    head = parse_head(client.get(page.url))

    assert head.canonical() == SITE_URL + page.url
    assert head.first("og:url") == SITE_URL + page.url
    alternates = head.alternates()
    assert set(alternates) == {"nl", "fr", "en", "x-default"}
    for code, url in alternates.items():
        assert url.startswith(SITE_URL + "/"), (code, url)
    assert alternates["x-default"] == SITE_URL + page.get_translation(site_pages["home"].locale).url


@pytest.mark.django_db
@override_settings(SITE_URL=SITE_URL)
def test_a_views_canonical_and_hreflang_are_on_site_url(client):
    head = parse_head(client.get("/fr/zoeken/"))

    assert head.canonical() == SITE_URL + "/fr/zoeken/"
    assert head.first("og:url") == SITE_URL + "/fr/zoeken/"
    assert head.alternates() == {
        "nl": SITE_URL + "/zoeken/",
        "fr": SITE_URL + "/fr/zoeken/",
        "en": SITE_URL + "/en/zoeken/",
        "x-default": SITE_URL + "/zoeken/",
    }


@pytest.mark.parametrize(
    "path",
    [
        "/zoeken/",
        "/fr/zoeken/",
        "/staf/aanmeldingen/",
        "/en/staf/aanmeldingen/EKC-2026-0042/",
        "/fr/portaal/opleidingsdagen/",
        "/coach/vrijwilligers/",
    ],
)
@override_settings(SITE_URL=SITE_URL)
def test_a_views_alternates_are_what_translate_url_gives_from_the_match_django_made(path):
    request = RequestFactory().get(path)
    language = path.split("/")[1] if path.split("/")[1] in ("fr", "en") else "nl"

    with translation.override(language):  # as LocaleMiddleware has it when Django resolves
        request.resolver_match = resolve(path)
        head = view_head(Context({"request": request}), "Title", "Description")
        expected = [(code, absolute_url(translate_url(path, code))) for code in ("nl", "fr", "en")]

    assert head["alternates"] == expected
    assert head["canonical"] == SITE_URL + path


@override_settings(SITE_URL=SITE_URL)
def test_absolute_url_puts_any_address_on_site_url():
    assert absolute_url("/fr/portaal/?a=1#b") == SITE_URL + "/fr/portaal/?a=1#b"
    assert absolute_url("http://localhost/en/") == SITE_URL + "/en/"


@pytest.mark.django_db
@override_settings(SITE_URL="https://kring.example.be:8443")
def test_the_demo_site_answers_on_site_urls_host_and_port(site_pages):
    from cms.demo import site_address_from_settings

    site_address_from_settings()

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("kring.example.be", 8443)
    assert site.root_page_id == site_pages["home"].pk
