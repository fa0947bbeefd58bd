"""The public site's template tags: the menu of sections, the language versions of a page and
telephone links."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from cms.demo import content_fr
from cms.templatetags.cms_tags import og_locale, tel_href


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
        ("fr", "/fr/", [content_fr.PAGES["what_is"]["title"], "Régions", "Actualités"]),
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
        "{% for v in versions %}{{ v.code }}={{ v.url }};{% endfor %}"
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
        "{% for v in versions %}{{ v.code }}={{ v.url }};{% endfor %}"
    ).render(Context({"request": request, "page": site_pages["origin"]}))

    assert "fr=/fr/origine-et-piliers/;" in html
    assert "en=/en/;" in html


def test_language_versions_outside_a_page_are_the_home_pages():
    request = RequestFactory().get("/zoeken/")
    html = Template(
        "{% load cms_tags %}{% language_versions as versions %}"
        "{% for v in versions %}{{ v.code }}={{ v.url }};{% endfor %}"
    ).render(Context({"request": request}))

    assert html == "nl=/;fr=/fr/;en=/en/;"
