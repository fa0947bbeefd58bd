"""Template tags for the public pages: the head of a page (canonical address, hreflang
alternates, Open Graph), the main menu, and telephone links."""

from __future__ import annotations

import logging
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit

import phonenumbers
from django import template
from django.conf import settings
from django.urls import (
    NoReverseMatch,
    Resolver404,
    ResolverMatch,
    resolve,
    reverse,
)
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from cms.selectors import localized_url, page_address, page_chrome
from people.links import absolute_url, relative_url

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
    return absolute_url(url) if url.startswith("/") else url


@register.simple_tag(takes_context=False)
def page_url(page: Page, request=None) -> str:
    """The page's absolute address on ``SITE_URL``, or "" when it has none (not routable)."""
    url = page_address(page, request)
    return absolute_url(url) if url else ""


@register.inclusion_tag("includes/page_head.html", takes_context=True)
def page_head(context, page: Page) -> dict:
    """Canonical link, hreflang alternates and Open Graph tags of a Wagtail page.

    Only live translations are alternates. Under /fr/ or /en/ Wagtail may show the Dutch page
    when no translation exists: its canonical address is then the Dutch one. Every address is
    on ``SITE_URL`` (``page_url``), whatever host the request came in on.
    """
    request = context.get("request")
    canonical = page_url(page, request)
    alternates = []
    language = get_language() or SOURCE_LANGUAGE  # a page in preview is not live yet
    translations = (
        page_chrome(request, page).translations if request is not None else _live_translations(page)
    )
    for code in sorted(translations):
        translation = translations[code]
        if translation.pk == page.pk:
            language, url = code, canonical
        else:
            url = page_url(translation, request)
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
    path = request.path
    canonical = absolute_url(path)
    language = get_language() or SOURCE_LANGUAGE
    # ``translate_url(path, code)``, from the match Django already made for the request.
    match = _view_match(request, path)
    alternates = [
        (code, absolute_url(_view_in_language(match, path, code) or path))
        for code, _name in settings.LANGUAGES
    ]
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
    return {"items": page_chrome(request, context.get("page")).menu, "request": request}


@register.simple_tag(takes_context=True)
def menu_pages(context) -> list[Page]:
    """The main menu's pages themselves (the home page lists them as its sections)."""
    return page_chrome(context.get("request"), context.get("page")).menu_pages


@register.simple_tag(takes_context=True)
def localized_pageurl(context, page: Page) -> str:
    """``{% pageurl page.localized %}`` without a query when the page is in the active
    language (its live translation's address otherwise)."""
    return localized_url(page, context.get("request"))


@register.simple_tag(takes_context=True)
def page_url_of(context, page: Page) -> str | None:
    """``{% pageurl page %}`` (Wagtail's tag) for a page, with the addresses kept on the request
    (``cms.selectors.page_address``): lists and menus link to the same pages more than once."""
    if not isinstance(page, Page):
        raise ValueError(f"page_url_of tag expected a Page object, got {page!r}")
    return page_address(page, context.get("request"))


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page: Page) -> list[Page]:
    """The ancestors of ``page`` below the tree's root, from the home page down (the same query
    as the menu, see cms.selectors.page_chrome)."""
    request = context.get("request")
    if request is None:
        return list(page.get_ancestors()[1:])
    return [ancestor for ancestor in page_chrome(request, page).ancestors if ancestor.depth > 1]


@register.filter
def tel_href(number: str) -> str:
    """A Belgian phone number as a tel: address ("0489 45 54 12" -> "tel:+32489455412")."""
    try:
        parsed = phonenumbers.parse(number, "BE")
    except phonenumbers.NumberParseException:
        return ""
    return "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@register.simple_tag(takes_context=True)
def language_versions(context, page: Page | None = None) -> list[dict]:
    """For the language switch: each language with the address of this page in it.

    ``target`` is where the language's link leads: a Wagtail page's live translation; for a
    Django view (portal, staff, search, accounts…) the same view in that language
    (``translate_url``); else that language's home page, with ``missing`` set so the switch
    view can say why. ``url`` is the link itself: through ``switch_language``, which keeps the
    choice in Django's language cookie and then sends the visitor to ``target``.
    """
    request = context.get("request")
    current = get_language() or SOURCE_LANGUAGE
    current_path = request.get_full_path() if request is not None else ""
    page_urls = _translation_urls(page, request) if isinstance(page, Page) else None
    match = _view_match(request, current_path) if page_urls is None else None
    versions = []
    for code, name in settings.LANGUAGES:
        missing = False
        if code == current and current_path:
            target = current_path
        elif page_urls is not None:
            target = page_urls.get(code, "")
        else:
            target = _view_in_language(match, current_path, code)
        if not target:
            target, missing = _home_url(code), True
        query = {"next": target, **({"missing": "1"} if missing else {})}
        versions.append(
            {
                "code": code,
                "name": name,
                "target": target,
                "missing": missing,
                "current": code == current,
                "url": reverse("switch_language", args=[code]) + "?" + urlencode(query),
            }
        )
    return versions


def _translation_urls(page: Page, request) -> dict[str, str]:
    """The relative address of each live translation of ``page``, by language code."""
    urls: dict[str, str] = {}
    if not getattr(page, "translation_key", None):
        return urls
    translations = (
        page_chrome(request, page).translations if request is not None else _live_translations(page)
    )
    for code, translation in translations.items():
        url = page_address(translation, request)
        if url:
            urls[code] = relative_url(url)
    return urls


def _live_translations(page: Page) -> dict[str, Page]:
    """Without a request (an e-mail, a test): the live translations in a query of their own."""
    return {
        translation.locale.language_code: translation
        for translation in Page.objects.filter(translation_key=page.translation_key)
        .live()
        .select_related("locale")
        .only("url_path", "locale__language_code")
    }


def _view_match(request, path: str) -> ResolverMatch | None:
    """The view at ``path`` (the request's own address): the match Django made for the request,
    else (a request that was not routed, as in a test) ``path`` resolved; None for an address
    that is no view's, and for a Wagtail address (a slug is not translated by reversing it)."""
    if request is None or not path:
        return None
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(unquote(urlsplit(path).path))
        except Resolver404:
            return None
    if not match.url_name or match.url_name == "wagtail_serve":
        return None
    return match


def _view_in_language(match: ResolverMatch | None, path: str, code: str) -> str:
    """``path`` (a Django view, not a Wagtail page, ``match``) in language ``code``, or "" when
    it cannot be translated: what ``translate_url`` does, without resolving ``path`` again."""
    if match is None:
        return ""
    with override(code):
        try:
            translated = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return ""
    parsed = urlsplit(path)
    translated = urlunsplit(
        (parsed.scheme, parsed.netloc, translated, parsed.query, parsed.fragment)
    )
    return "" if translated == path else translated


def _home_url(code: str) -> str:
    with override(code):
        return reverse("wagtail_serve", args=[""])
