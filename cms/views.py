"""The public views that are not Wagtail pages: search, robots.txt and the language switch."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView
from wagtail.models import Locale, Page

from people.links import absolute_url

SEARCH_RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200

# Paths that search engines need not crawl: log-in, the admins and the staff's and volunteers'
# own areas, in each language. Search results stay crawlable: their "noindex" must be seen.
ROBOTS_DISALLOW = ["/admin/", "/django-admin/", "/taal/"]
ROBOTS_DISALLOW_LOCALISED = ["/accounts/", "/staf/", "/portaal/"]
LANGUAGE_PREFIXES = ["", "/fr", "/en"]


def search_pages(query: str, locale: Locale):
    """Live, public pages in ``locale`` that match ``query``, best match first."""
    return Page.objects.live().public().filter(locale=locale, depth__gt=1).search(query)


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Searches the pages in the visitor's language, ten results to a page."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = items = None
    if query:
        paginator = Paginator(search_pages(query, Locale.get_active()), SEARCH_RESULTS_PER_PAGE)
        results = paginator.get_page(request.GET.get("page"))
        found = [page.pk for page in results.object_list]
        # One query per page type for the intros, whatever the number of results.
        specific = Page.objects.filter(pk__in=found).specific().in_bulk()
        items = []
        for pk in found:
            page = specific.get(pk)
            if page is None:
                continue
            getter = getattr(page, "get_meta_description", None)
            items.append(
                {
                    "title": page.title,
                    "url": page.get_url(request),
                    "description": getter() if getter else page.search_description,
                }
            )
        title = _("Search results for “%(query)s”") % {"query": query}
    else:
        title = _("Search")
    return render(
        request,
        "cms/search.html",
        {
            "query": query,
            "results": results,
            "items": items,
            "title": title,
            "description": _("Search the pages of Eigen Kracht Centrale."),
            "max_length": MAX_QUERY_LENGTH,
            "pagination_query": urlencode({"q": query}) + "&" if query else "",
        },
    )


class RobotsView(TemplateView):
    template_name = "cms/robots.txt"
    content_type = "text/plain; charset=utf-8"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["disallow"] = ROBOTS_DISALLOW + [
            prefix + path for path in ROBOTS_DISALLOW_LOCALISED for prefix in LANGUAGE_PREFIXES
        ]
        context["sitemap_url"] = absolute_url(reverse("sitemap"))
        return context


# Shown on arrival when the page has no version in the chosen language (one sentence per
# language: each is read in the language it names).
NOT_TRANSLATED = {
    "nl": gettext_lazy("This page is not available in Dutch; you are on the home page."),
    "fr": gettext_lazy("This page is not available in French; you are on the home page."),
    "en": gettext_lazy("This page is not available in English; you are on the home page."),
}


@require_GET
def switch_language(request: HttpRequest, language: str) -> HttpResponse:
    """The language switch's links: keeps ``language`` in Django's language cookie (as
    ``set_language`` does) and in a logged-in user's interface language, then redirects to
    ``next``, the page already in that language (see cms_tags.language_versions).

    A GET, because the switch is a list of plain links; ``next`` must be a path on this site,
    anything else leads to the language's home page.
    """
    if language not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    if not (
        target.startswith("/")
        and url_has_allowed_host_and_scheme(target, allowed_hosts=None)
        and "\\" not in target
    ):
        with override(language):
            target = reverse("wagtail_serve", args=[""])
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    user = request.user
    if user.is_authenticated and getattr(user, "preferred_language", language) != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    if request.GET.get("missing") and language in NOT_TRANSLATED:
        with override(language):
            messages.info(request, str(NOT_TRANSLATED[language]))
    return response
