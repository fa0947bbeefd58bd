"""The sitemap: every live, public page of the site, in every language."""

from __future__ import annotations

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from people.links import absolute_url


class KringSitemap(Sitemap):
    """Wagtail's own sitemap lists the site's root page and what is below it: the Dutch tree.
    The French and English home pages are the root's siblings, so they are added here.
    Every address is on ``SITE_URL``, whatever host the request came in on."""

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            url["location"] = absolute_url(url["location"])
        return urls

    def items(self):
        root = self.get_wagtail_site().root_page
        roots = Page.objects.filter(translation_key=root.translation_key).live()
        within = Q()
        for home in roots.only("path"):
            within |= Q(path__startswith=home.path)
        if not within:
            return Page.objects.none()
        return (
            Page.objects.live()
            .public()
            .filter(within)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
