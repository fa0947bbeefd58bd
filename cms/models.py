"""Wagtail's generic pages: home, content pages, regions and news.

Domain apps own the pages that carry their forms (the registration page in ``trajects``, the
recruitment page in ``training``) and build them from ``cms.blocks.BODY_BLOCKS``; they may
subclass ``KringPage`` for the intro, image and meta description that every page shares.

A page declares its own place in the tree: every page type here sets ``parent_page_types``.
``HomePage`` leaves ``subpage_types`` unset on purpose, so that the domain apps' pages can name it
as their parent without ``cms`` ever naming them.
"""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import StreamField
from wagtail.models import Locale, Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index

from cms.blocks import BODY_BLOCKS
from people.models import Place, Postcode, Region

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

NEWS_PER_PAGE = 10
LATEST_NEWS_ON_HOME = 3
# Where a page kept for its address (cms.routes) holds its view restrictions as read then.
KEPT_VIEW_RESTRICTIONS = "_kring_kept_view_restrictions"


# Locales are made once (migrations, or an administrator adding a language) and a locale's id
# never changes its meaning, so the id -> Locale map is kept per process and read again only when
# an id or a code is not in it.
_LOCALES: dict[int, Locale] = {}


def _load_locales() -> None:
    _LOCALES.clear()
    _LOCALES.update({locale.pk: locale for locale in Locale.objects.all()})


def forget_locales(**kwargs) -> None:
    """Connected to a locale's save and delete (cms.apps): this process reads them again."""
    _LOCALES.clear()


def locale_by_id(locale_id: int) -> Locale | None:
    if locale_id not in _LOCALES:
        _load_locales()
    return _LOCALES.get(locale_id)


def active_language() -> str:
    """The content language of the active Django language ("nl", "fr" or "en")."""
    try:
        return get_supported_content_language_variant(get_language())
    except LookupError:
        return get_supported_content_language_variant(None)


def active_locale_id() -> int | None:
    code = active_language()
    for attempt in range(2):
        for locale in _LOCALES.values():
            if locale.language_code == code:
                return locale.pk
        if attempt == 0:
            _load_locales()
    return None


def attach_locale(page: Page) -> None:
    """Fills ``page.locale`` from the process's map, so ``page.locale.language_code`` in a
    template costs no query."""
    if page.locale_id and not Page.locale.is_cached(page):
        locale = locale_by_id(page.locale_id)
        if locale is not None:
            Page.locale.field.set_cached_value(page, locale)


class _Unrestricted(models.Func):
    """True for a page path (the expression) not at or below a page with a view restriction.
    Written out: the ORM took longer to compile the same ``NOT EXISTS`` as a subquery of its own
    than the database to run it (see also ``cms.selectors``). Paths are Wagtail's base-36
    digits, so a prefix test needs no escaping."""

    template = (
        "NOT EXISTS (SELECT 1 FROM %(restrictions)s kring_r"
        " JOIN %(pages)s kring_rp ON kring_rp.id = kring_r.page_id"
        " WHERE substr(%(expressions)s, 1, length(kring_rp.path)) = kring_rp.path)"
    )
    output_field = models.BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        extra_context.setdefault("restrictions", PageViewRestriction._meta.db_table)
        extra_context.setdefault("pages", Page._meta.db_table)
        return super().as_sql(compiler, connection, **extra_context)


def public_q(prefix: str = "") -> Q:
    """Pages (``prefix``: the path to a page relation) not at or below a view restriction,
    decided by the database in the same query."""
    return Q(_Unrestricted(F(f"{prefix}path")))


def _image_panels() -> MultiFieldPanel:
    return MultiFieldPanel(
        [FieldPanel("image"), FieldPanel("image_alt")],
        heading=_("Image"),
        help_text=_("Shown at the top of the page and when the page is shared."),
    )


class KringPage(Page):
    """What every public page shares: an intro, an optional image with its alternative text,
    and the description that search engines and social media show."""

    intro = models.CharField(_("intro"), max_length=250, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("alternative text"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )

    # Open Graph type; news pages are articles.
    og_type = "website"

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.image_id and not self.image_alt.strip():
            raise ValidationError({"image_alt": _("An image needs an alternative text.")})

    def get_meta_description(self) -> str:
        return self.search_description or self.intro

    def get_context(self, request, *args, **kwargs):
        attach_locale(self)  # templates read page.locale.language_code
        return super().get_context(request, *args, **kwargs)

    def get_view_restrictions(self):
        """Wagtail's rule (this page's and its ancestors' restrictions, an alias's source's in
        its place) in one query instead of two: it runs on every page view."""
        kept = self.__dict__.get(KEPT_VIEW_RESTRICTIONS)
        if kept is not None:
            # A page kept for its address (cms.routes) carries the rows read when it was kept,
            # in the same generation: served as this query's result, as Django's prefetching
            # fills a query set. Another query made from it (ordered, filtered) reads afresh.
            restrictions = (
                PageViewRestriction.objects.filter(pk__in=[row.pk for row in kept])
                if kept
                else PageViewRestriction.objects.none()
            )
            restrictions._result_cache = list(kept)
            restrictions._prefetch_done = True
            return restrictions
        if self.alias_of_id:
            return super().get_view_restrictions()
        steplen = self.steplen
        paths = [self.path[:end] for end in range(steplen, len(self.path) + 1, steplen)]
        ancestors = Page.objects.filter(path__in=paths)
        return PageViewRestriction.objects.filter(
            Q(page__in=ancestors.filter(alias_of__isnull=True))
            | Q(page__in=ancestors.filter(alias_of__isnull=False).values("alias_of"))
        )


class HomePage(KringPage):
    """The root of the public site, one per language (Dutch is the source)."""

    body = StreamField(BODY_BLOCKS, blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        _image_panels(),
        FieldPanel("body"),
    ]
    search_fields = [*KringPage.search_fields, index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    # subpage_types stays unset: domain pages declare HomePage as their parent themselves.
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Finds the deepest page of the address in one query and its specific page in one more,
        instead of two queries per level; Wagtail's own way when a page on the way routes
        addresses itself (a routable page)."""
        if len(path_components) < 2:
            return super().route(request, path_components)
        prefixes = {
            self.url_path + "/".join(path_components[:level]) + "/": level
            for level in range(1, len(path_components) + 1)
        }
        rows = sorted(
            (prefixes[url_path], pk, content_type_id)
            for pk, url_path, content_type_id in Page.objects.filter(
                path__startswith=self.path, url_path__in=prefixes
            ).values_list("pk", "url_path", "content_type_id")
        )
        models_on_the_way = []
        for _level, _pk, content_type_id in rows:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            models_on_the_way.append(model)
        if (
            not rows
            or [level for level, _pk, _ct in rows] != list(range(1, len(rows) + 1))
            or any(model is None for model in models_on_the_way)
            or any(model.route is not Page.route for model in models_on_the_way[:-1])
        ):
            return super().route(request, path_components)
        level, pk, _ct = rows[-1]
        model = models_on_the_way[-1]
        related = getattr(model, "route_select_related", ())
        page = model._default_manager.select_related(*related).get(pk=pk)
        return page.route(request, path_components[level:])

    def split_body(self) -> tuple[list, list]:
        """The body's blocks in two columns: the story, and beside it the first call to action
        (the way in) and the figures."""
        story, aside = [], []
        cta_seen = False
        for block in self.body:
            if block.block_type == "facts" or (
                block.block_type == "call_to_action" and not cta_seen
            ):
                aside.append(block)
                cta_seen = cta_seen or block.block_type == "call_to_action"
            else:
                story.append(block)
        return story, aside

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["story"], context["aside"] = self.split_body()
        # The sections ("Read more") are the main menu's pages: {% menu_pages %} in the template.
        context["latest_news"] = NewsPage.objects.listed_under(self)[:LATEST_NEWS_ON_HOME]
        return context


class ContentPage(KringPage):
    """A page of text and blocks: what an Eigen Kracht-conferentie is, the pillars, etc."""

    body = StreamField(BODY_BLOCKS, blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        _image_panels(),
        FieldPanel("body"),
    ]
    search_fields = [*KringPage.search_fields, index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.ContentPage"]
    subpage_types = ["cms.ContentPage"]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")


class RegionIndexPage(KringPage):
    """The regions with their contact details."""

    body = StreamField(BODY_BLOCKS, blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*KringPage.search_fields, index.SearchField("body")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.RegionPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("region overview")
        verbose_name_plural = _("region overviews")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        regions = list(
            RegionPage.objects.child_of(self)
            .live()
            .filter(public_q())
            .select_related("region")
            .order_by("title")
        )
        # Counted in a query of its own: a count annotated on the pages made the database group
        # by every column of the pages, and the ORM take longer to compile it than to run both.
        counts = dict(
            Postcode.objects.filter(
                region_id__in={page.region_id for page in regions}, outside_service_area=False
            )
            .order_by()
            .values_list("region_id")
            .annotate(count=Count("pk"))
            if regions
            else ()
        )
        for page in regions:
            page.postcode_count = counts.get(page.region_id, 0)
        context["regions"] = regions
        return context


class RegionPage(KringPage):
    """One region: how to reach it and which municipalities it serves.

    The public contact is the region's general address and number unless the page gives its
    own. A staff member's own name, address or number appears only if an editor types it here.
    """

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    contact_name = models.CharField(
        _("contact"),
        max_length=120,
        blank=True,
        help_text=_("Optional, e.g. a team's name. A staff member's name only with their consent."),
    )
    email = models.EmailField(
        _("e-mail"), blank=True, help_text=_("Leave empty for the region's general address.")
    )
    phone = models.CharField(
        _("phone"),
        max_length=30,
        blank=True,
        help_text=_("Leave empty for the region's general number."),
    )
    body = StreamField(BODY_BLOCKS, blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("region"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("email"), FieldPanel("phone")],
            heading=_("Contact"),
        ),
        _image_panels(),
        FieldPanel("body"),
    ]
    search_fields = [*KringPage.search_fields, index.SearchField("body")]

    parent_page_types = ["cms.RegionIndexPage"]
    subpage_types: list[str] = []
    # Fetched with the page when it is routed to (HomePage.route): the contact falls back on it.
    route_select_related = ("region",)

    class Meta:
        verbose_name = _("region page")
        verbose_name_plural = _("region pages")

    def clean(self):
        super().clean()
        if (
            self.region_id
            and RegionPage.objects.filter(region_id=self.region_id, locale_id=self.locale_id)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError({"region": _("This region already has a page in this language.")})

    @property
    def contact_email(self) -> str:
        return self.email or self.region.email

    @property
    def contact_phone(self) -> str:
        return self.phone or self.region.phone

    def municipalities(self) -> list[tuple[str, list[str]]]:
        """The postcodes in the service area that this region serves, each with its place
        names (Dutch and French spellings are separate places). One query."""
        rows = (
            Place.objects.filter(
                postcode__region_id=self.region_id, postcode__outside_service_area=False
            )
            .order_by("postcode__code", "name")
            .values_list("postcode__code", "name")
        )
        return [
            (code, [name for _code, name in group]) for code, group in groupby(rows, lambda r: r[0])
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["municipalities"] = self.municipalities()
        return context


class NewsIndexPage(KringPage):
    """The news, newest first, ten to a page."""

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news overview")
        verbose_name_plural = _("news overviews")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(NewsPage.objects.listed_under(self), NEWS_PER_PAGE)
        context["news"] = paginator.get_page(request.GET.get("page"))
        return context


class NewsPageQuerySet(PageQuerySet):
    def listed_under(self, page: Page) -> NewsPageQuerySet:
        """The live, public news below ``page``, newest first, with their images' renditions
        fetched in the same go (a list costs the same number of queries at any length)."""
        return (
            self.live()
            .filter(public_q())
            .descendant_of(page)
            .select_related("image")
            .prefetch_related("image__renditions")
            .order_by("-date", "-pk")
        )


class NewsPage(KringPage):
    date = models.DateField(_("date"), default=timezone.localdate)
    body = StreamField(BODY_BLOCKS, blank=True, verbose_name=_("body"))

    og_type = "article"

    objects = PageManager.from_queryset(NewsPageQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        _image_panels(),
        FieldPanel("body"),
    ]
    search_fields = [*KringPage.search_fields, index.SearchField("body")]

    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")


# The pages that every public page links to, chosen by editors; domain pages (the registration
# form, the recruitment page) are chosen here by the editor, so that ``cms`` never names them.
FRONT_DOOR_LINKS = ("registration", "volunteer", "contact", "privacy", "accessibility")


def _page_link(verbose_name: StrOrPromise, help_text: StrOrPromise = "") -> models.ForeignKey:
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


@register_setting(icon="link")
class FrontDoorSettings(BaseSiteSetting):
    """The ways in that the header and footer show on every public page, each in the visitor's
    language (a page's translation when it has a live one)."""

    registration_page = _page_link(
        _("registration page"), _("The form to register a question: the header's main button.")
    )
    volunteer_page = _page_link(_("volunteer page"), _("How to become a volunteer: in the menu."))
    contact_page = _page_link(_("contact page"), _("In the footer, e.g. the regions overview."))
    privacy_page = _page_link(_("privacy page"), _("The privacy statement, in the footer."))
    accessibility_page = _page_link(
        _("accessibility statement"), _("The accessibility statement, in the footer.")
    )

    panels = [FieldPanel(f"{name}_page") for name in FRONT_DOOR_LINKS]

    class Meta:
        verbose_name = _("ways in")
        verbose_name_plural = _("ways in")

    def links(self, request=None) -> dict[str, str]:
        """The chosen live pages' addresses in the active language, by name
        ("registration", "volunteer", ...). Two queries: the pages, then their translations."""
        chosen = {
            name: getattr(self, f"{name}_page_id")
            for name in FRONT_DOOR_LINKS
            if getattr(self, f"{name}_page_id")
        }
        if not chosen:
            return {}
        locale = Locale.get_active()
        sources = Page.objects.filter(pk__in=chosen.values()).live().only("translation_key")
        keys = {page.pk: page.translation_key for page in sources}
        versions = {
            (page.translation_key, page.locale_id): page
            for page in Page.objects.filter(translation_key__in=keys.values())
            .live()
            .public()
            .only("url_path", "translation_key", "locale_id")
        }
        links = {}
        for name, pk in chosen.items():
            key = keys.get(pk)
            if key is None:
                continue
            page = versions.get((key, locale.pk)) or next(
                (p for p in versions.values() if p.pk == pk), None
            )
            if page is not None:
                url = page.get_url(request)
                if url:
                    links[name] = url
        return links


class RateLimitCounter(models.Model):
    """One visitor's attempts in one scope (``cms.ratelimit``): the key is a keyed hash of the
    scope and the visitor's address, never the address itself. Counted with atomic updates in
    the database, so concurrent requests are counted exactly."""

    key = models.CharField(_("key"), max_length=100, primary_key=True)
    count = models.PositiveIntegerField(_("attempts"), default=1)
    window_ends = models.DateTimeField(_("window ends"), db_index=True)

    class Meta:
        verbose_name = _("rate limit counter")
        verbose_name_plural = _("rate limit counters")

    def __str__(self) -> str:
        return self.key
