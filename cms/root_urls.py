"""sitemap.xml and robots.txt: one of each for the whole site, without a language prefix.

urlpatterns = [path("", include("cms.root_urls")), ...]
"""

from django.urls import path
from wagtail.contrib.sitemaps.views import sitemap

from cms import views
from cms.sitemaps import KringSitemap

urlpatterns = [
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": KringSitemap}}, name="sitemap"),
    path("robots.txt", views.RobotsView.as_view(), name="robots_txt"),
]
