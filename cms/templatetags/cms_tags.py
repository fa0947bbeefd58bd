"""Template tags for the public pages: the head of a page (canonical address, hreflang
alternates, Open Graph), the main menu, and telephone links."""

from __future__ import annotations

import logging

import phonenumbers
from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, Site

register = template.Library()
logger = logging.getLogger(__name__)

# Open Graph wants a territory: the site speaks Belgian Dutch and French, and British English.
OG_LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_GB"}
SOURCE_LANGUAGE = "nl"
OG_IMAGE_FILTER = "fill-1200x630|format-jpeg"
DEFAULT_DESCRIPTION = _(
    "Eigen Kracht Centrale: a family makes its own plan, together with the people around it."
)


def og_locale(language_code: str) -> str:
    return OG_LOCALES.get(language_code, language_code.replace("-", "_"))


@register.simple_tag
def meta_description(page: Page) -> str:
    """The page's description for search engines and social media."""
    getter = getattr(page, "get_meta_description", None)
    description = getter() if getter else page.search_description
    return description or str(DEFAULT_DESCRIPTION)


def _og_image(page: Page, request) -> str:
    image = getattr(page, "image", None)
    if image is None:
        return ""
    try:
        rendition = image.get_rendition(OG_IMAGE_FILTER)
    except Exception:  # a missing or broken source file must not break the page
        logger.warning("No Open Graph image for page %s", page.pk, exc_info=True)
        return ""
    url = rendition.url
    return request.build_absolute_uri(url) if request is not None and url.startswith("/") else url


@register.inclusion_tag("includes/page_head.html", takes_context=True)
def page_head(context, page: Page) -> dict:
    """Canonical link, hreflang alternates and Open Graph tags of a Wagtail page.

    Only live translations are alternates. Under /fr/ or /en/ Wagtail may show the Dutch page
    when no translation exists: its canonical address is then the Dutch one.
    """
    request = context.get("request")
    canonical = page.get_full_url(request)
    alternates = []
    language = get_language() or SOURCE_LANGUAGE  # a page in preview is not live yet
    for translation in (
        Page.objects.filter(translation_key=page.translation_key)
        .live()
        .select_related("locale")
        .only("url_path", "locale__language_code")
        .order_by("locale__language_code")
    ):
        code = translation.locale.language_code
        if translation.pk == page.pk:
            language, url = code, canonical
        else:
            url = translation.get_full_url(request)
        if url:
            alternates.append((code, url))
    return {
        "canonical": canonical,
        "alternates": alternates,
        "x_default": next((url for code, url in alternates if code == SOURCE_LANGUAGE), ""),
        "og": {
            "title": page.seo_title or page.title,
            "description": meta_description(page),
            "url": canonical,
            "type": getattr(page, "og_type", "website"),
            "locale": og_locale(language),
            "alternate_locales": [og_locale(code) for code, _url in alternates if code != language],
            "image": _og_image(page, request),
            "image_alt": getattr(page, "image_alt", ""),
        },
    }


@register.inclusion_tag("includes/page_head.html", takes_context=True)
def view_head(context, title: str, description: str) -> dict:
    """The same head for a page that is a Django view (search): the view's own address in
    each language."""
    request = context["request"]
    canonical = request.build_absolute_uri(request.path)
    language = get_language() or SOURCE_LANGUAGE
    alternates = [(code, translate_url(canonical, code)) for code, _name in settings.LANGUAGES]
    return {
        "canonical": canonical,
        "alternates": alternates,
        "x_default": dict(alternates).get(SOURCE_LANGUAGE, ""),
        "og": {
            "title": title,
            "description": description,
            "url": canonical,
            "type": "website",
            "locale": og_locale(language),
            "alternate_locales": [og_locale(code) for code, _url in alternates if code != language],
            "image": "",
            "image_alt": "",
        },
    }


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context) -> dict:
    """The home page's children marked "show in menus", in the current language.

    For the site header: ``{% load cms_tags %}`` then ``{% main_menu %}`` inside the menu's <ul>.
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {"items": [], "request": request}
    home = site.root_page
    locale = Locale.get_active()
    if home.locale_id != locale.pk:
        home = home.get_translations().filter(locale=locale).live().first() or home
    items = [
        (page.get_url(request), page.title)
        for page in home.get_children().live().public().in_menu().only("title", "url_path")
    ]
    return {"items": items, "request": request}


@register.filter
def tel_href(number: str) -> str:
    """A Belgian phone number as a tel: address ("0489 45 54 12" -> "tel:+32489455412")."""
    try:
        parsed = phonenumbers.parse(number, "BE")
    except phonenumbers.NumberParseException:
        return ""
    return "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@register.simple_tag(takes_context=True)
def language_versions(context, page: Page | None = None) -> list[dict[str, str]]:
    """For the language switch: each language with the address of this page in it.

    Django's ``set_language`` translates ``next`` by resolving it again in the new language,
    which works for the project's own views but not for a Wagtail page whose slug is
    translated ("/wat-is-…/" is not "/fr/quest-ce-…/"). Give each language's button its own
    ``next``: the page's live translation, or else that language's home page.
    """
    request = context.get("request")
    urls: dict[str, str] = {}
    if page is not None and getattr(page, "translation_key", None):
        for translation in (
            Page.objects.filter(translation_key=page.translation_key)
            .live()
            .select_related("locale")
            .only("url_path", "locale__language_code")
        ):
            url = translation.get_url(request)
            if url:
                urls[translation.locale.language_code] = url
    versions = []
    for code, name in settings.LANGUAGES:
        url = urls.get(code)
        if url is None:
            with override(code):
                url = reverse("wagtail_serve", args=[""])
        versions.append({"code": code, "name": name, "url": url})
    return versions
