"""Demo pages for ``manage.py seed_demo``: the public site in Dutch, after EKC's own
presentation, with French and English translations made through Wagtail's own localisation
(Dutch is the source: ``copy_for_translation``, then the translated fields, then publish).

The tree::

    Eigen Kracht Centrale (HomePage, the default site's root)
    ├── Wat is een Eigen Kracht-conferentie? (ContentPage)
    ├── Oorsprong en drie pijlers (ContentPage)
    ├── Regio's (RegionIndexPage)
    │   └── one RegionPage per people.Region, with the general contact details
    ├── Nieuws (NewsIndexPage)
    │   └── three NewsPages
    ├── Privacyverklaring (ContentPage, not in the menu: in the footer)
    └── Toegankelijkheidsverklaring (ContentPage, not in the menu: in the footer)

``seed_front_door`` runs once the domain apps' demo pages exist (the registration form, the
recruitment page): it points the site's "ways in" settings at them and links the home page's
call to action, the region pages and the news item about the training to them.

The texts are data: ``data/<language>.yaml``, read by ``cms.demo.texts``.

Idempotent: a page that exists (by its place and slug, or its region) is left as it is, so a
second run creates nothing and overwrites no editor's work.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from wagtail.models import Locale, Page, ReferenceIndex, Site, get_page_models
from wagtail.search import index
from wagtail.search import signal_handlers as search_signal_handlers
from wagtail.signal_handlers import disable_reference_index_auto_update

from cms.demo.texts import LANGUAGES, SOURCE, Texts, texts
from cms.models import (
    ContentPage,
    FrontDoorSettings,
    HomePage,
    KringPage,
    NewsIndexPage,
    NewsPage,
    RegionIndexPage,
    RegionPage,
)
from people.models import Region

# The home page's title and intro per language (tests read them).
HOME = {code: texts(code).home for code in LANGUAGES}

# The home page's children: key, page type, shown in the menu.
SECTIONS = [
    ("what_is", ContentPage),
    ("origin", ContentPage),
    ("regions", RegionIndexPage),
    ("news", NewsIndexPage),
]
# Linked from the footer, not shown in the menu.
FOOTER_PAGES = [("privacy", ContentPage), ("accessibility", ContentPage)]


@dataclass
class _Tree:
    """The pages of one language by key, and those created in this run, to be filled in."""

    pages: dict[str, KringPage] = field(default_factory=dict)
    # Created in this run: (page, key, fields to set before it is published).
    new: list[tuple[KringPage, str, dict]] = field(default_factory=list)

    def refs(self) -> dict[str, int]:
        return {key: page.pk for key, page in self.pages.items()}


def _body_fields(language: Texts, key: str, refs: dict[str, int]) -> dict:
    """The fields that may point at other pages; filled in once every page has an id."""
    if key == "news":
        return {}
    return {"body": language.body(key, refs)}


def _publish(tree: _Tree, language: Texts) -> None:
    refs = tree.refs()
    for created, key, fields in tree.new:
        # A fresh copy: children added since it was created changed its place in the tree
        # (numchild), and publish() would write the stale value back.
        page = type(created).objects.get(pk=created.pk)
        for name, value in {**fields, **_body_fields(language, key, refs)}.items():
            setattr(page, name, value)
        page.save_revision().publish()
        tree.pages[key] = page
        # Once per page, instead of at every save on the way (see seed_pages).
        ReferenceIndex.create_or_update_for_object(page)
        index.insert_or_update_object(page)


@contextmanager
def _search_index_updated_once():
    """Leaves out the search index update that follows every save of a page type here; the
    caller updates the index once per page instead. Seeding saves each page three or four
    times (created, copied, revision, published), and indexing was a third of its time."""
    models = [model for model in get_page_models() if issubclass(model, KringPage)]
    disconnected = [
        model
        for model in models
        if post_save.disconnect(search_signal_handlers.post_save_signal_handler, sender=model)
    ]
    try:
        yield
    finally:
        for model in disconnected:
            post_save.connect(search_signal_handlers.post_save_signal_handler, sender=model)


def _set_slug(page: Page, slug: str) -> None:
    """Gives a fresh translation its own slug. Saving a changed slug would make Wagtail add a
    redirect from the old address, which was never public: write it directly instead."""
    page.slug = slug
    page.set_url_path(page.get_parent())
    Page.objects.filter(pk=page.pk).update(slug=slug, url_path=page.url_path)


def _add(parent: Page, page: KringPage) -> KringPage:
    page.live = False  # live once its content is in, by publish()
    return parent.add_child(instance=page)


def _source_home(locale: Locale) -> tuple[HomePage, bool]:
    home = HomePage.objects.filter(locale=locale).first()
    if home is not None:
        return home, False
    root = Page.get_first_root_node()
    home = _add(root, HomePage(slug=f"home-{SOURCE}", locale=locale, **HOME[SOURCE]))
    welcome = Page.objects.filter(depth=2, content_type__model="page").exclude(pk=home.pk)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Kring"
        )
    else:
        site.root_page = home
        site.site_name = "Kring"
        site.save()
    for page in welcome:
        page.delete()
    return home, True


def _seed_source(locale: Locale) -> _Tree:
    nl = texts(SOURCE)
    tree = _Tree()
    home, created = _source_home(locale)
    tree.pages["home"] = home
    if created:
        tree.new.append((home, "home", {}))

    for key, model, in_menu in [
        *((key, model, True) for key, model in SECTIONS),
        *((key, model, False) for key, model in FOOTER_PAGES),
    ]:
        fields = nl.pages[key]
        page = home.get_children().filter(slug=fields["slug"]).specific().first()
        if page is None:
            page = _add(home, model(locale=locale, show_in_menus=in_menu, **fields))
            tree.new.append((page, key, {}))
        tree.pages[key] = page

    regions = tree.pages["regions"]
    for region in Region.objects.select_related("contact").order_by("name"):
        page = RegionPage.objects.child_of(regions).filter(region=region).first()
        if page is None:
            page = _add(
                regions,
                RegionPage(
                    locale=locale,
                    region=region,
                    # The demo's staff agreed to be named: the page shows the region's contact.
                    contact_name=region.contact.get_full_name() if region.contact else "",
                    title=region.name,
                    slug=region.code,
                    intro=nl.intro_of_region(region.name),
                ),
            )
            tree.new.append((page, f"region:{region.code}", {}))
        tree.pages[f"region:{region.code}"] = page

    news = tree.pages["news"]
    for key, item in nl.news.items():
        page = NewsPage.objects.child_of(news).filter(slug=item["slug"]).first()
        if page is None:
            page = _add(news, NewsPage(locale=locale, **item))
            tree.new.append((page, f"news:{key}", {}))
        tree.pages[f"news:{key}"] = page

    _publish(tree, nl)
    return tree


def _translated_fields(language: Texts, key: str, source: KringPage) -> dict:
    if key == "home":
        return {**language.home}
    if key in language.pages:
        return {**language.pages[key]}
    if key.startswith("region:"):
        code = key.removeprefix("region:")
        own_title: str = source.title  # Wagtail is untyped; a page's title is never null
        title = language.region_titles.get(code, own_title)
        return {"title": title, "slug": code, "intro": language.intro_of_region(title)}
    return {**language.news[key.removeprefix("news:")]}


def _seed_translation(source: _Tree, code: str) -> None:
    language = texts(code)
    locale = Locale.objects.get(language_code=code)
    tree = _Tree()
    # Parents come before their children in source.pages: a page can only be translated once
    # its parent has been.
    for key, page in source.pages.items():
        translation = page.get_translations().filter(locale=locale).specific().first()
        if translation is None:
            translation = page.copy_for_translation(locale)
            fields = _translated_fields(language, key, page)
            _set_slug(translation, f"home-{code}" if key == "home" else fields.pop("slug"))
            tree.new.append((translation, key, fields))
        tree.pages[key] = translation
    _publish(tree, language)


@transaction.atomic
def seed_pages() -> HomePage:
    """The Dutch pages with the default site's root as their home, and their French and
    English translations. Replaces Wagtail's welcome page; idempotent."""
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGES}
    # A page is saved several times on its way (created, copied, revision, published); the
    # reference and search indexes are brought up to date once per page, when it is published.
    with disable_reference_index_auto_update(), _search_index_updated_once():
        source = _seed_source(locales[SOURCE])
        for code in LANGUAGES:
            if code != SOURCE:
                _seed_translation(source, code)
    site_address_from_settings()
    return source.pages["home"]


def site_address_from_settings() -> None:
    """The default Wagtail Site answers on ``SITE_URL``'s host and port, the address that
    canonical links, the sitemap and e-mails use (see people.links)."""
    address = urlsplit(settings.SITE_URL)
    port = address.port or (443 if address.scheme == "https" else 80)
    Site.objects.filter(is_default_site=True).update(hostname=address.hostname or "", port=port)


def _language_refs(home: HomePage, language: Texts) -> tuple[dict[str, int], dict[str, Page]]:
    """The ids that the bodies link to, and the pages whose bodies link to the ways in, for the
    home page of one language."""
    children = {page.slug: page for page in home.get_children().specific()}
    refs = {
        key: children[fields["slug"]].pk
        for key, fields in language.pages.items()
        if fields["slug"] in children
    }
    linking: dict[str, Page] = {"home": home}
    if "regions" in refs:
        for page in RegionPage.objects.child_of(children[language.pages["regions"]["slug"]]):
            linking[f"region:{page.region.code}"] = page
    if "news" in refs:
        news = NewsPage.objects.child_of(children[language.pages["news"]["slug"]])
        training = news.filter(slug=language.news["training"]["slug"]).first()
        if training is not None:
            linking["news:training"] = training
    return refs, linking


@transaction.atomic
def seed_front_door() -> FrontDoorSettings:
    """Points the default site's ways in at the registration form, the recruitment page, the
    regions, the privacy and the accessibility statement (found by their Dutch slugs), and, the
    first time, links the home page, the region pages and the training news to them in every
    language. Idempotent; a setting an editor made is left as it is."""
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    settings = FrontDoorSettings.for_site(site)
    first_time = settings.registration_page_id is None
    children = {page.slug: page for page in home.get_children()}
    nl = texts(SOURCE)
    slugs = {
        **nl.front_door_slugs,
        "contact": nl.pages["regions"]["slug"],
        "privacy": nl.pages["privacy"]["slug"],
        "accessibility": nl.pages["accessibility"]["slug"],
    }
    chosen = {name: children.get(slug) for name, slug in slugs.items()}
    for name, page in chosen.items():
        if page is not None and getattr(settings, f"{name}_page_id") is None:
            setattr(settings, f"{name}_page", page)
    settings.save()
    if not first_time or chosen["registration"] is None:
        return settings

    for code in LANGUAGES:
        language = texts(code)
        locale = Locale.objects.get(language_code=code)
        translated_home = home if code == SOURCE else home.get_translation_or_none(locale)
        if translated_home is None:
            continue
        refs, linking = _language_refs(translated_home.specific, language)
        for name in ("registration", "volunteer"):
            page = chosen[name]
            if page is not None:
                refs[name] = (page.get_translation_or_none(locale) or page).pk
        for key, page in linking.items():
            page.body = _body_fields(language, key, refs)["body"]
            page.save_revision().publish()
    return settings
