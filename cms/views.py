"""The public views that are not Wagtail pages: search and robots.txt."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView
from wagtail.models import Locale, Page

SEARCH_RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200

# Paths that search engines need not crawl: log-in, the admins and the staff's and volunteers'
# own areas, in each language. Search results stay crawlable: their "noindex" must be seen.
ROBOTS_DISALLOW = ["/admin/", "/django-admin/"]
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
        context["sitemap_url"] = self.request.build_absolute_uri(reverse("sitemap"))
        return context
