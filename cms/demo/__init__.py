"""Demo pages for ``manage.py seed_demo``: the public site in Dutch, after EKC's own
presentation, with French and English translations made through Wagtail's own localisation
(Dutch is the source: ``copy_for_translation``, then the translated fields, then publish).

The tree::

    Eigen Kracht Centrale (HomePage, the default site's root)
    ├── Wat is een Eigen Kracht-conferentie? (ContentPage)
    ├── Oorsprong en drie pijlers (ContentPage)
    ├── Regio's (RegionIndexPage)
    │   └── one RegionPage per people.Region, with the general contact details
    └── Nieuws (NewsIndexPage)
        └── three NewsPages

Idempotent: a page that exists (by its place and slug, or its region) is left as it is, so a
second run creates nothing and overwrites no editor's work.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from types import ModuleType

from django.db import transaction
from django.db.models.signals import post_save
from wagtail.models import Locale, Page, ReferenceIndex, Site, get_page_models
from wagtail.search import index
from wagtail.search import signal_handlers as search_signal_handlers
from wagtail.signal_handlers import disable_reference_index_auto_update

from cms.demo import content_en, content_fr, content_nl
from cms.models import (
    ContentPage,
    HomePage,
    KringPage,
    NewsIndexPage,
    NewsPage,
    RegionIndexPage,
    RegionPage,
)
from people.models import Region

CONTENT: dict[str, ModuleType] = {"nl": content_nl, "fr": content_fr, "en": content_en}
SOURCE = "nl"

# The home page's title and intro per language (tests read them).
HOME = {code: module.HOME for code, module in CONTENT.items()}

# The home page's children: key, page type, shown in the menu.
SECTIONS = [
    ("what_is", ContentPage),
    ("origin", ContentPage),
    ("regions", RegionIndexPage),
    ("news", NewsIndexPage),
]


@dataclass
class _Tree:
    """The pages of one language by key, and those created in this run, to be filled in."""

    pages: dict[str, KringPage] = field(default_factory=dict)
    # Created in this run: (page, key, fields to set before it is published).
    new: list[tuple[KringPage, str, dict]] = field(default_factory=list)

    def refs(self) -> dict[str, int]:
        return {key: page.pk for key, page in self.pages.items()}


def _body_fields(module: ModuleType, key: str, refs: dict[str, int]) -> dict:
    """The fields that may point at other pages; filled in once every page has an id."""
    if key == "home":
        return {"body": module.home_body(refs)}
    if key in ("what_is", "origin", "regions"):
        return {"body": getattr(module, f"{key}_body")(refs)}
    if key == "news":
        return {}
    if key.startswith("region:"):
        return {"body": module.region_body(refs)}
    return {"body": module.news_body(key.removeprefix("news:"), refs)}


def _publish(tree: _Tree, module: ModuleType) -> None:
    refs = tree.refs()
    for created, key, fields in tree.new:
        # A fresh copy: children added since it was created changed its place in the tree
        # (numchild), and publish() would write the stale value back.
        page = type(created).objects.get(pk=created.pk)
        for name, value in {**fields, **_body_fields(module, key, refs)}.items():
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
    nl = content_nl
    tree = _Tree()
    home, created = _source_home(locale)
    tree.pages["home"] = home
    if created:
        tree.new.append((home, "home", {}))

    for key, model in SECTIONS:
        texts = nl.PAGES[key]
        page = home.get_children().filter(slug=texts["slug"]).specific().first()
        if page is None:
            page = _add(home, model(locale=locale, show_in_menus=True, **texts))
            tree.new.append((page, key, {}))
        tree.pages[key] = page

    regions = tree.pages["regions"]
    for region in Region.objects.order_by("name"):
        page = RegionPage.objects.child_of(regions).filter(region=region).first()
        if page is None:
            page = _add(
                regions,
                RegionPage(
                    locale=locale,
                    region=region,
                    title=region.name,
                    slug=region.code,
                    intro=nl.region_intro(region.name),
                ),
            )
            tree.new.append((page, f"region:{region.code}", {}))
        tree.pages[f"region:{region.code}"] = page

    news = tree.pages["news"]
    for item in nl.NEWS:
        page = NewsPage.objects.child_of(news).filter(slug=item["slug"]).first()
        if page is None:
            texts = {name: value for name, value in item.items() if name != "key"}
            page = _add(news, NewsPage(locale=locale, **texts))
            tree.new.append((page, f"news:{item['key']}", {}))
        tree.pages[f"news:{item['key']}"] = page

    _publish(tree, nl)
    return tree


def _translated_fields(module: ModuleType, key: str, source: KringPage) -> dict:
    if key == "home":
        return {**module.HOME}
    if key in module.PAGES:
        return {**module.PAGES[key]}
    if key.startswith("region:"):
        code = key.removeprefix("region:")
        title = module.REGION_TITLES.get(code, source.title)
        return {"title": title, "slug": code, "intro": module.region_intro(title)}
    return {**module.NEWS[key.removeprefix("news:")]}


def _seed_translation(source: _Tree, code: str) -> None:
    module = CONTENT[code]
    locale = Locale.objects.get(language_code=code)
    tree = _Tree()
    # Parents come before their children in source.pages: a page can only be translated once
    # its parent has been.
    for key, page in source.pages.items():
        translation = page.get_translations().filter(locale=locale).specific().first()
        if translation is None:
            translation = page.copy_for_translation(locale)
            fields = _translated_fields(module, key, page)
            _set_slug(translation, f"home-{code}" if key == "home" else fields.pop("slug"))
            tree.new.append((translation, key, fields))
        tree.pages[key] = translation
    _publish(tree, module)


@transaction.atomic
def seed_pages() -> HomePage:
    """The Dutch pages with the default site's root as their home, and their French and
    English translations. Replaces Wagtail's welcome page; idempotent."""
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in CONTENT}
    # A page is saved several times on its way (created, copied, revision, published); the
    # reference and search indexes are brought up to date once per page, when it is published.
    with disable_reference_index_auto_update(), _search_index_updated_once():
        source = _seed_source(locales[SOURCE])
        for code in CONTENT:
            if code != SOURCE:
                _seed_translation(source, code)
    return source.pages["home"]
